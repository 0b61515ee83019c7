#!/usr/bin/env bash
# Installs ladder for the Action: the prebuilt static binary of the action's version when the
# checksum table committed with that version lists it (verified with SHA-256), else a build of
# the action's own source with cargo (cached by the action under ~/.ladder).
set -euo pipefail

root="$HOME/.ladder"
version="${LADDER_VERSION:-${LADDER_ACTION_REF:-}}"
if [ -x "$root/bin/ladder" ]; then
  echo "ladder: using the cached build"
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64) target=aarch64-unknown-linux-musl ;;
  *) target="" ;;
esac
table="$LADDER_ACTION_PATH/release/checksums.txt"
asset="ladder-$target.tar.gz"
expected=""
if [ -n "$target" ] && [ -n "$version" ] && [ -f "$table" ]; then
  expected="$(awk -v v="$version" -v a="$asset" '$1 == v && $2 == a { print $3 }' "$table")"
fi
if [ -n "$expected" ]; then
  url="https://github.com/$LADDER_ACTION_REPOSITORY/releases/download/$version/$asset"
  tmp="$(mktemp -d)"
  curl --fail --silent --show-error --location --retry 3 --output "$tmp/$asset" "$url"
  actual="$(sha256sum "$tmp/$asset" | cut -d' ' -f1)"
  if [ "$actual" != "$expected" ]; then
    echo "ladder: $asset does not match the committed SHA-256 ($actual, expected $expected)" >&2
    exit 1
  fi
  mkdir -p "$root/bin"
  tar -xzf "$tmp/$asset" -C "$root/bin" ladder
  echo "ladder: installed the $version release binary"
else
  echo "ladder: no verified release binary for ${version:-this ref} on ${target:-this runner}; building from source"
  cargo install --locked --path "$LADDER_ACTION_PATH" --root "$root"
fi
