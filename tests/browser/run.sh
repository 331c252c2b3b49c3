#!/usr/bin/env bash
# Runs one headless-Chromium spec of tests/browser (report.spec.mjs: the HTML report; serve.spec.mjs: `serve`).
# Usage: run.sh SPEC AGENT_BENCH BUILD_DIR. Exits 77 (CTest: skipped) when the browser or playwright-core is missing,
# else the spec's result. Install both with scripts/install-deps.sh (chromium) and npm ci (playwright-core).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -ne 3 ]; then
  echo "usage: $0 SPEC AGENT_BENCH BUILD_DIR" >&2
  exit 2
fi
spec="$1"
chromium="${AB_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "browser/$spec: SKIPPED: $chromium not found (apt-get install chromium, or scripts/install-deps.sh)"
  exit 77
fi
if [ ! -f "$root/node_modules/playwright-core/package.json" ]; then
  echo "browser/$spec: SKIPPED: $root/node_modules/playwright-core missing (run npm ci in $root)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "browser/$spec: SKIPPED: node not found"
  exit 77
fi
export AB_CHROMIUM="$chromium"
exec node "$here/$spec" "$2" "$3"
