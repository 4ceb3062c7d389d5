#!/usr/bin/env python3
"""Counts the entries of the Phoenix PETRARCH dictionaries independently of the Rust readers.

Why: tests/phoenix.rs checks the readers' counts against fixed numbers. Those numbers must come
from somewhere other than the code under test, so this script counts the same constructs with
plain line rules (documented below) and prints them. Rerun it if the shared files change:

    python3 crates/dict/scripts/count_phoenix.py [DIRECTORY]

DIRECTORY defaults to $DYAD_SHARED/dictionaries/phoenix (DYAD_SHARED defaults to ../shared).
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("DYAD_SHARED", os.path.join(HERE, "..", "..", "..", "..", "shared"))
DIRECTORY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, "dictionaries", "phoenix")


def lines(name):
    with open(os.path.join(DIRECTORY, name), encoding="utf-8", errors="replace") as handle:
        return handle.read().splitlines()


def fin(line):
    """PETRARCH's read_FIN_line for files without XML comments: cut at '#', strip."""
    return line.split("#", 1)[0].strip()


def count_verbs():
    counts = dict(synsets=0, synset_members=0, blocks=0, patterns=0, transformations=0, verbs=0)
    in_synsets = True
    for raw in lines("CAMEO.2.0.txt"):
        line = raw.strip()
        if line.startswith("####### VERB PATTERNS"):
            in_synsets = False
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("---"):
            counts["blocks"] += 1
        elif line.startswith("-"):
            counts["patterns"] += 1
        elif in_synsets and line.startswith("&"):
            counts["synsets"] += 1
        elif in_synsets and line.startswith("+"):
            counts["synset_members"] += 1
        elif line.startswith("~"):
            counts["transformations"] += 1
        else:
            # A `;` starts a TABARI-style comment on a verb line.
            body = line.split("#", 1)[0].split(";", 1)[0]
            body = re.sub(r"\[[^\]]*\]\s*$", "", body.strip())
            body = re.sub(r"\{[^}]*\}", "", body)
            counts["verbs"] += len(body.split())
    return counts


def count_actors(name):
    counts = dict(entries=0, synonyms=0, date_lines=0, codes=0)
    for raw in lines(name):
        line = fin(raw)
        if not line:
            continue
        if line.startswith("+"):
            counts["synonyms"] += 1
        elif line.startswith("["):
            counts["date_lines"] += 1
            counts["codes"] += line.count("[")
        else:
            counts["entries"] += 1
            counts["codes"] += line.count("[")
    return counts


def count_agents():
    counts = dict(entries=0, substitution_sets=0, without_code=0)
    for raw in lines("Phoenix.agents.txt"):
        line = fin(raw)
        if not line:
            continue
        if "!" in line and "=" in line and "[" not in line:
            counts["substitution_sets"] += 1
        elif "[" in line:
            counts["entries"] += 1
        else:
            counts["without_code"] += 1
    return counts


def count_discards():
    counts = dict(entries=0, story_discards=0)
    for raw in lines("Phoenix.discards.txt"):
        line = fin(raw)
        if not line:
            continue
        counts["entries"] += 1
        if line.startswith("+"):
            counts["story_discards"] += 1
    return counts


def count_issues():
    counts = dict(entries=0, ignore_lines=0, without_code=0)
    for raw in lines("Phoenix.IssueCoding.txt"):
        line = fin(raw)
        if not line or line.startswith("<ISSUE") or line.startswith("</ISSUE"):
            continue
        if line.startswith("~"):
            counts["ignore_lines"] += 1
        elif re.search(r"\[[^\]]+\]", line):
            counts["entries"] += 1
        else:
            counts["without_code"] += 1
    return counts


if __name__ == "__main__":
    print("CAMEO.2.0.txt", count_verbs())
    for name in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"]:
        print(name, count_actors(name))
    print("Phoenix.agents.txt", count_agents())
    print("Phoenix.discards.txt", count_discards())
    print("Phoenix.IssueCoding.txt", count_issues())
