#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (libFuzzer, AddressSanitizer).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 120 s; search, jsonl, image
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the toolchain is stable, so RUSTC_BOOTSTRAP=1
# lets cargo-fuzz pass its -Z sanitizer flags. Seeds come from fuzz/regressions/<target>/; the
# growing corpus stays in $FUZZ_WORK (outside the clone). A crash stops the run and leaves its
# input in fuzz/artifacts/<target>/: copy it into fuzz/regressions/<target>/ with the fix, so
# tests/fuzz_regressions.rs replays it for good.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(search jsonl image)
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/dalil-fuzz-target}"
work="${FUZZ_WORK:-$HOME/.cache/dalil-fuzz-corpus}"
command -v cargo-fuzz >/dev/null || { echo "fuzz.sh needs cargo-fuzz: cargo install cargo-fuzz" >&2; exit 2; }
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  cp -n fuzz/regressions/"$target"/* "$work/$target/" 2>/dev/null || true
  echo "== $target: ${seconds}s"
  # -rss_limit_mb: the search target holds an index; -max_len: photos up to 256 KB.
  log="$work/$target.log"
  status=0
  cargo fuzz run --fuzz-dir fuzz "$target" "$work/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1 > "$log" 2>&1 || status=$?
  grep -E "^#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|panicked" "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "$target: failed (exit $status); a crashing input is in fuzz/artifacts/$target/, the log in $log" >&2
    exit 1
  fi
done
echo "fuzz: no crash"
