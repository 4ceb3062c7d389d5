#!/usr/bin/env bash
# Installs what the dashboard's browser test needs: Debian's chromium
# package (when /usr/bin/chromium is missing) and playwright-core from the
# committed lock file. Safe to run again: each step is skipped when done.
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
test_directory="$repository/crates/server/browser-test"

if [ ! -x /usr/bin/chromium ]; then
    echo "install-browser-deps: installing Debian's chromium package" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "install-browser-deps: node and npm are needed (apt-get install nodejs npm)" >&2
    exit 2
fi

# npm ci installs exactly the locked version; it is skipped when that
# version is already installed.
locked="$(node -e 'console.log(require(process.argv[1]).packages["node_modules/playwright-core"].version)' "$test_directory/package-lock.json")"
installed="$(node -e 'try { console.log(require(process.argv[1]).version) } catch (e) { console.log("none") }' "$test_directory/node_modules/playwright-core/package.json")"
if [ "$locked" != "$installed" ]; then
    (cd "$test_directory" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install-browser-deps: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), playwright-core ready" >&2
