#!/bin/sh
# Regenerates the golden storyline data in two steps:
#   1. events.jsonl: every article coded by the real `dyad code`, each with
#      the date in its file name as the document date;
#   2. storylines.expected.jsonl: the storylines built from those events.
# Review both diffs by hand before committing; expected_transitions.tsv is
# written by hand and is never regenerated.
#
# Usage: crates/storyline/test_data/regenerate.sh
# Set DYAD to a built dyad binary to skip `cargo run`; the spaCy model is
# found as `dyad code` finds it (DYAD_MODEL or ~/.cache/dyad/models).
set -eu
cd "$(dirname "$0")"
dyad="${DYAD:-cargo run -q -p dyad --}"
temporary=events.jsonl.tmp
: > "$temporary"
for article in articles/*.txt; do
    date=$(basename "$article" | cut -c1-10)
    $dyad code --quiet --date "$date" "$article" >> "$temporary"
done
mv "$temporary" events.jsonl
DYAD_REGENERATE=1 cargo test -q -p dyad-storyline --test golden
