#!/bin/sh
# Runs the official MCP conformance suite against build/mcp-conformance-client.
# Usage: conformance.sh <path-to-mcp-conformance-client> [<suite version> <requirements revision>]
#   conformance.sh CLIENT                          0.1.16, --suite core (the 2025-11-25 era)
#   conformance.sh CLIENT 0.2.0-alpha.12 2026-07-28  --requirements 2026-07-28 (also 2025-11-25)
# Each version is installed once into $HOME/.cache/mcp-conformance-<version> (0.1.16: the shared runner's cache)
# and run on this machine's Node 20 through the shim of ../shared/tools/mcp-conformance (see its run.sh).
# Exit 0 when only the scenarios of tests/mcp/conformance-expected-failures-*.yml (OAuth) fail and every other
# scenario passed at least one check; 77 (SKIP) when the suite cannot be installed (offline and not cached);
# 1 otherwise.
set -u
client=${1:?usage: conformance.sh <mcp-conformance-client> [<version> <requirements>]}
version=${2:-0.1.16}
requirements=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
tools_dir=$here/../../../shared/tools/mcp-conformance
[ -x "$tools_dir/run.sh" ] || tools_dir=/work/shared/tools/mcp-conformance
if ! command -v node >/dev/null 2>&1 || [ ! -d "$tools_dir/shim" ]; then
  echo "SKIP: node or the conformance shim ($tools_dir/shim) is not available"; exit 77
fi
if [ "$version" = 0.1.16 ]; then
  home=${MCP_CONFORMANCE_HOME:-$HOME/.cache/mcp-conformance}
else
  home=$HOME/.cache/mcp-conformance-$version
fi
pkg=$home/node_modules/@modelcontextprotocol/conformance
if [ ! -f "$pkg/dist/index.js" ]; then
  if ! npm view "@modelcontextprotocol/conformance@$version" version >/dev/null 2>&1; then
    echo "SKIP: @modelcontextprotocol/conformance@$version is not cached and npm is unreachable"; exit 77
  fi
  mkdir -p "$home"
  npm install --silent --no-audit --no-fund --prefix "$home" "@modelcontextprotocol/conformance@$version" glob >&2 ||
    { echo "FAIL: npm install of @modelcontextprotocol/conformance@$version failed"; exit 1; }
fi
mkdir -p "$home/shim"
cp "$tools_dir"/shim/*.mjs "$home/shim/"
if [ -n "$requirements" ]; then
  select="--requirements $requirements"
  baseline=$here/conformance-expected-failures-$requirements.yml
else
  select="--suite core"
  baseline=$here/conformance-expected-failures-core-$version.yml
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086  # $select is two words on purpose
node --no-warnings --import "$home/shim/register.mjs" "$pkg/dist/index.js" client --command "$client" $select \
  --expected-failures "$baseline" >"$log" 2>&1
rc=$?
cat "$log"
if [ $rc -ne 0 ]; then echo "FAIL: conformance $version ($select) exited $rc"; exit 1; fi
# The suite counts a scenario with zero checks as passed; require at least one passed check for every scenario
# the run reported that the baseline does not list.
scenarios=$(grep -E '^. [a-z0-9/_-]+: [0-9]+ passed' "$log" | sed -E 's/^. ([^:]+):.*/\1/' | sort -u)
count=0
for scenario in $scenarios; do
  if grep -qx "  - $scenario" "$baseline"; then continue; fi
  count=$((count + 1))
  if ! grep -E "^. $scenario: [1-9][0-9]* passed, 0 failed" "$log" >/dev/null; then
    echo "FAIL: scenario $scenario did not pass"; exit 1
  fi
done
if [ $count -lt 4 ]; then echo "FAIL: only $count non-OAuth scenarios ran"; exit 1; fi
echo "conformance $version ($select): all $count non-OAuth scenarios passed"
