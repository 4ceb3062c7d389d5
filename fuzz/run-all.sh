#!/usr/bin/env bash
# Runs every intake fuzz target in turn for a fixed time (default 300 s),
# one job at a time, seeding each corpus with the golden test inputs, and
# prints each target's run count and duration from libFuzzer's summary.
# Usage: fuzz/run-all.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(read_text read_html read_jsonl read_feed read_petrarch_xml detect_format)
fi
mkdir -p logs
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp ../crates/intake/tests/golden/* "corpus/$target/" 2>/dev/null || true
  rm -f "corpus/$target"/*.expected.json
  start=$(date +%s)
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- -max_total_time="$seconds" -jobs=1 -workers=1 \
    -rss_limit_mb=2048 -max_len=1048576 > "logs/$target.out" 2>&1 || status=$?
  end=$(date +%s)
  summary=$(grep -h "Done [0-9]* runs" fuzz-0.log "logs/$target.out" 2>/dev/null | tail -1 || true)
  [ -f fuzz-0.log ] && mv fuzz-0.log "logs/$target.log"
  echo "$target: exit=$status wall=$((end - start))s ${summary}"
done
