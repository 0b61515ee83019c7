#!/usr/bin/env bash
# Writes each target's seed inputs from the crate's own fixtures and examples into fuzz/seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds
rm -rf "$out"
mkdir -p "$out"/{framework,team,placement,case,snapshot,diff,event,index}

n=0
seed() { [ -f "$2" ] || return 0; n=$((n + 1)); cp "$2" "$out/$1/$(printf %03d $n)-$(basename "$2")"; }
for f in tests/fixtures/base/framework.yml ladders/framework.yml examples/*/ladders/framework.yml \
         tests/fixtures/bad/*/ladders/framework.yml; do seed framework "$f"; done
for f in tests/fixtures/base/teams/*.yml ladders/teams/*.yml tests/fixtures/bad/*/ladders/teams/*.yml; do
  seed team "$f"; done
for f in tests/fixtures/base/people/*.yml $(find ladders/people -name '*.yml' | sort | head -20) \
         tests/fixtures/bad/*/ladders/people/*.yml; do seed placement "$f"; done
for f in $(find tests/fixtures ladders -path '*cases/*' -name '*.md' | sort); do seed case "$f"; done

# Multi-file inputs: each file after a `==> path` line.
tree() {
  (cd "$1" && find . -type f \( -name '*.yml' -o -name '*.md' \) | sort | while read -r f; do
     echo "==> ${f#./}"; cat "$f"; done)
}
tree tests/fixtures/base > "$out/snapshot/base"
for d in examples/*/; do tree "$d/ladders" > "$out/snapshot/$(basename "$d")"; done
for d in tests/fixtures/bad/*/; do
  name=$(basename "$d")
  if [ -d "$d/ladders" ]; then
    { tree tests/fixtures/base; tree "$d/ladders"; } > "$out/snapshot/$name"
    { tree tests/fixtures/base; echo "<=>"; tree tests/fixtures/base; tree "$d/ladders"; } > "$out/diff/$name"
  fi
done
# A promotion and a framework edit, as a pull request would bring them.
{ tree tests/fixtures/base; echo "<=>"; tree tests/fixtures/base | sed 's/^level: 2$/level: 3/'; } > "$out/diff/promotion"

cat > "$out/event/pull_request" <<'JSON'
{"action":"opened","number":1,"pull_request":{"number":1,"user":{"login":"ada-l"},"base":{"ref":"main","sha":"1111111111111111111111111111111111111111","repo":{"full_name":"acme/ladder"}},"head":{"ref":"promote","sha":"2222222222222222222222222222222222222222","repo":{"full_name":"someone/ladder"}}},"repository":{"full_name":"acme/ladder"}}
JSON
printf '\x00' | cat - "$out/event/pull_request" > "$out/event/pull_request-named"
printf '\x03{"ref":"refs/heads/main"}' > "$out/event/push"

# A real index: the demo's history, as `ladder log` stores it.
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cargo run --quiet --release -- init --demo "$demo/repo" >/dev/null
(cd "$demo/repo" && cargo run --quiet --release --manifest-path "$OLDPWD/Cargo.toml" -- log >/dev/null)
find "$demo/repo/.git" -name 'history-*.idx' -exec cp {} "$out/index/" \;
ls "$out/index" | grep -q . || { echo "no history index was written"; exit 1; }
for target in "$out"/*; do echo "$(basename "$target"): $(ls "$target" | wc -l) seeds"; done
