#!/bin/sh
# Runs the official MCP conformance suite (core) against build/mcp-conformance-client.
# Usage: conformance.sh <path-to-mcp-conformance-client>
# Exit 0 when only the scenarios in conformance-expected-failures.yml fail and every other scenario passed a check;
# 77 (SKIP) when the suite cannot be installed (offline and not cached); 1 otherwise.
set -u
client=${1:?usage: conformance.sh <mcp-conformance-client>}
# The suite ships beside the repository (../shared/tools/mcp-conformance); environment variables override.
here=$(cd "$(dirname "$0")" && pwd)
tools_dir=$here/../../../shared/tools/mcp-conformance
[ -x "$tools_dir/run.sh" ] || tools_dir=/work/shared/tools/mcp-conformance
runner=${MCP_CONFORMANCE_RUNNER:-$tools_dir/run.sh}
baseline=${MCP_CONFORMANCE_BASELINE:-$here/conformance-expected-failures.yml}
home=${MCP_CONFORMANCE_HOME:-$HOME/.cache/mcp-conformance}
if [ ! -x "$runner" ] || ! command -v node >/dev/null 2>&1; then
  echo "SKIP: conformance runner or node not available"; exit 77
fi
if [ ! -f "$home/node_modules/@modelcontextprotocol/conformance/dist/index.js" ] &&
   ! npm view @modelcontextprotocol/conformance@0.1.16 version >/dev/null 2>&1; then
  echo "SKIP: @modelcontextprotocol/conformance is not cached and npm is unreachable"; exit 77
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$runner" client --command "$client" --suite core --expected-failures "$baseline" >"$log" 2>&1
rc=$?
cat "$log"
if [ $rc -ne 0 ]; then echo "FAIL: conformance run exited $rc"; exit 1; fi
# The suite counts a scenario with zero checks as passed; require at least one passed check for each
# non-OAuth scenario.
for scenario in initialize tools_call elicitation-sep1034-client-defaults sse-retry; do
  if ! grep -E "^. $scenario: [1-9][0-9]* passed, 0 failed" "$log" >/dev/null; then
    echo "FAIL: scenario $scenario did not pass"; exit 1
  fi
done
echo "conformance: all non-OAuth core scenarios passed"
