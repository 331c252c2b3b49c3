#!/usr/bin/env bash
# Runs the headless-Chromium checks of `agent-bench serve` (serve.spec.mjs).
# Usage: serve_run.sh AGENT_BENCH BUILD_DIR. Exits 77 (CTest: skipped) when the browser or playwright-core is
# missing, else the script's result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -ne 2 ]; then
  echo "usage: $0 AGENT_BENCH BUILD_DIR" >&2
  exit 2
fi
chromium="${AB_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "browser/serve: SKIPPED: $chromium not found (apt-get install chromium, or scripts/install-deps.sh)"
  exit 77
fi
if [ ! -f "$root/node_modules/playwright-core/package.json" ]; then
  echo "browser/serve: SKIPPED: $root/node_modules/playwright-core missing (run npm ci in $root)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "browser/serve: SKIPPED: node not found"
  exit 77
fi
export AB_CHROMIUM="$chromium"
exec node "$here/serve.spec.mjs" "$1" "$2"
