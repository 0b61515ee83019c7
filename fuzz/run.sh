#!/usr/bin/env bash
# Fuzzes each target with AFL++ for a while, one after another, then says what each found.
#   fuzz/run.sh [SECONDS per target, default 600] [TARGET...]
# Needs `cargo install cargo-afl` and `cargo afl config --build` once. Crashes and hangs are
# copied to fuzz/regressions/<target>/, which `cargo test --test fuzz` replays.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(framework team placement case snapshot diff event index)
[ -d seeds ] || ./seeds.sh
cargo afl build --release --quiet
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_QUIET=1
for target in "${targets[@]}"; do
  out="out/$target"
  rm -rf "$out"
  cargo afl fuzz -i "seeds/$target" -o "$out" -V "$seconds" -m none -t 2000 \
    "target/release/$target" >"out/$target.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  value() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
  printf '%-10s %10s execs in %5s s, %6s paths, %s crashes, %s hangs\n' "$target" \
    "$(value execs_done)" "$(value run_time)" "$(value corpus_count)" \
    "$(value saved_crashes)" "$(value saved_hangs)" | tee -a out/summary.txt
  for kind in crashes hangs; do
    for input in "$out/default/$kind"/id:*; do
      [ -e "$input" ] || continue
      mkdir -p "regressions/$target"
      cp "$input" "regressions/$target/$kind-$(sha1sum "$input" | cut -c1-12)"
    done
  done
done
