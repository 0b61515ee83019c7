#!/usr/bin/env bash
# Installs ladder for the Action. The version is the action's own: an explicit `version` input,
# else the version in the action's Cargo.toml, so `@v1`, `@v1.2.3` and `@<sha>` all run the
# release their tree belongs to. The prebuilt static binary of that release is used only when
# release/checksums.txt in the action's tree lists it; the release workflow commits that table
# before it tags, so a download can never vouch for itself. A mismatch fails with both hashes.
# Anything else (no table entry, no asset, a runner without a prebuilt binary) builds the
# action's own source with cargo, cached by the action under ~/.ladder; the log says which
# path was taken and why.
set -euo pipefail

root="${LADDER_INSTALL_ROOT:-$HOME/.ladder}"
action="${LADDER_ACTION_PATH:?LADDER_ACTION_PATH is not set}"
releases="${LADDER_RELEASE_URL:-https://github.com/${LADDER_ACTION_REPOSITORY:-}/releases/download}"

if [ -x "$root/bin/ladder" ]; then
  echo "ladder: using the cached install in $root"
  exit 0
fi

version="${LADDER_VERSION:-}"
if [ -z "$version" ]; then
  number="$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$action/Cargo.toml" | head -n 1)"
  if [ -n "$number" ]; then
    version="v$number"
  fi
fi
echo "ladder: version ${version:-unknown} (action ref ${LADDER_ACTION_REF:-none})"

build() {
  echo "ladder: building from source: $1"
  cargo install --locked --path "$action" --root "$root"
}

runner="$(uname -s) $(uname -m)"
target=""
case "$runner" in
  "Linux x86_64") target=x86_64-unknown-linux-musl ;;
  "Linux aarch64" | "Linux arm64") target=aarch64-unknown-linux-musl ;;
esac
if [ -z "$target" ]; then
  build "no prebuilt binary for $runner runners; releases carry Linux x86_64 and aarch64"
  exit 0
fi
asset="ladder-$target.tar.gz"
table="$action/release/checksums.txt"
expected=""
if [ -n "$version" ] && [ -f "$table" ]; then
  expected="$(awk -v v="$version" -v a="$asset" '$1 == v && $2 == a { print $3 }' "$table")"
fi
if [ -z "$expected" ]; then
  build "release/checksums.txt in the action has no entry for $asset at ${version:-this ref}"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
url="$releases/$version/$asset"
if ! curl --fail --silent --show-error --location --retry 3 --output "$tmp/$asset" "$url"; then
  build "$url could not be downloaded"
  exit 0
fi
actual="$(sha256sum "$tmp/$asset" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
  echo "ladder: $asset does not match the checksum committed with $version: got $actual, expected $expected; not running it" >&2
  exit 1
fi
mkdir -p "$root/bin"
tar -xzf "$tmp/$asset" -C "$tmp" ladder
install -m 0755 "$tmp/ladder" "$root/bin/ladder"
echo "ladder: installed the verified $version binary for $target (sha256 $actual)"
