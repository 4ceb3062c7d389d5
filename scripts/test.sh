#!/usr/bin/env bash
# Runs dyad's whole test suite, as CI does. It first makes sure the spaCy
# model package is present (the parity tests read the real weights), then
# runs every crate's tests.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

DYAD_SETUP_SKIP_BUILD=1 scripts/setup.sh

# The parity and end-to-end tests run real model inference over thousands of
# sentences; the test profile is optimised enough for that (see Cargo.toml).
cargo test --workspace --no-fail-fast "$@"

# The dashboard in a real headless Chromium (Debian's chromium package,
# driven by playwright-core from npm; the script installs both when
# missing). Set DYAD_SKIP_BROWSER_TEST=1 to leave it out locally.
if [ "${DYAD_SKIP_BROWSER_TEST:-0}" != "1" ]; then
  scripts/browser-test.sh
fi
