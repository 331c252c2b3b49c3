#!/usr/bin/env bash
# Installs what agent-bench needs to build and test, only what is missing: Debian packages (apt-get) and the
# pinned official MCP reference servers (npm, into ./node_modules). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build ccache pkg-config nlohmann-json3-dev libyaml-cpp-dev libcpp-httplib-dev
          libssl-dev libre2-dev doctest-dev libsqlite3-dev libpq-dev postgresql time nodejs npm chromium
          clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere (nvm, nodesource): accept them when the commands exist.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "agent-bench: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -f package-lock.json ] && [ ! -f node_modules/.package-lock.json -o package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "agent-bench: installing the pinned MCP reference servers (npm ci)"
  if ! npm ci --silent --no-audit --no-fund; then
    # In CI a missing server would turn the MCP tests into skips: fail instead of passing silently.
    if [ "${CI:-}" = "true" ]; then
      echo "agent-bench: npm ci failed; the official MCP servers are required in CI" >&2
      exit 1
    fi
    echo "agent-bench: warning: npm ci failed; tests that need the official MCP servers will be skipped" >&2
  fi
fi
