#!/usr/bin/env bash
# Browser test of the dashboard: starts a dyad server with the real
# analysis pipeline on a fresh database (loopback, free port), and runs
# crates/server/browser-test/dashboard.test.mjs in headless Chromium
# against it. The test ingests the seed article and the example articles
# through the API. Screenshots go to tests-output/browser/.
#
# Needs: scripts/install-browser-deps.sh (chromium, playwright-core), the
# spaCy model package (scripts/setup.sh) and the shared data directory
# (../shared, or DYAD_SHARED).
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${DYAD_SHARED:-$repository/../shared}"
output="$repository/tests-output/browser"
test_directory="$repository/crates/server/browser-test"

"$repository/scripts/install-browser-deps.sh"
if [ ! -f "$shared/seed/article.txt" ]; then
    echo "browser-test: $shared/seed/article.txt is missing (set DYAD_SHARED)" >&2
    exit 2
fi

cd "$repository"
cargo build --quiet -p dyad-server --example test_server
target_directory="${CARGO_TARGET_DIR:-$repository/target}"
server_binary="$target_directory/debug/examples/test_server"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A fresh random token for this run; it never leaves the machine.
DYAD_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DYAD_TOKEN
"$server_binary" "$work/dyad.sqlite" 127.0.0.1:0 "$work/address" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 600); do
    [ -s "$work/address" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "browser-test: the server did not start:" >&2
        cat "$work/server.log" >&2
        exit 1
    fi
    sleep 0.2
done
if [ ! -s "$work/address" ]; then
    echo "browser-test: the server did not report its address in time" >&2
    exit 1
fi

mkdir -p "$output"
DYAD_URL="http://$(cat "$work/address")" \
DYAD_SHARED="$shared" \
DYAD_EXAMPLES="$repository/examples/articles" \
DYAD_TEST_OUTPUT="$output" \
    node "$test_directory/dashboard.test.mjs"
