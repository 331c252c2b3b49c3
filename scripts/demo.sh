#!/usr/bin/env bash
# Quick start, command 1: installs what building needs (only what is missing), builds agent-bench and the sample MCP
# server, and runs the bundled demo suite offline (built-in mock LLM provider, sample MCP server; no API key, no
# network). Reports land in build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAB_DEV_BUILD=ON -DAB_UNITY_BUILD=ON >/dev/null
cmake --build build --target agent-bench sample-mcp-server
set +e
./build/agent-bench -s suites/demo/suite.yaml -o build/demo/report -reportType html,json,md,junit "$@"
code=$?
set -e
echo
echo "Demo reports: build/demo/report.html (open it in a browser), .json, .md, .xml"
echo "Exit code $code (one agent fails on purpose; the suite's criteria are met, so 0 is expected)"
[ "$code" -le 1 ] || exit "$code"
