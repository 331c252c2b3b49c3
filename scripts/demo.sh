#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs the bundled demo suite offline (built-in mock
# LLM provider, sample MCP server; no API key, no network). Reports land in build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
set +e
./build/agent-bench -s suites/demo/suite.yaml -o build/demo/report -reportType html,json,md,junit "$@"
code=$?
set -e
echo
echo "Demo reports: build/demo/report.html (open it in a browser), .json, .md, .xml"
echo "Exit code $code (the demo includes failing tests on purpose, so 1 is expected)"
[ "$code" -le 1 ] || exit "$code"
