#!/usr/bin/env bash
# Installs what agent-bench needs, only what is missing.
#   scripts/install-deps.sh          what building needs: the compiler, CMake, Ninja and the C++ libraries (the demo,
#                                    a CI job that only runs agent-bench)
#   scripts/install-deps.sh --test   also what the tests need: PostgreSQL, Chromium, Node.js with the pinned official
#                                    MCP reference servers (npm ci, into ./node_modules), clang for the sanitizers
# Debian packages come through apt-get (sudo when not root). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    *) echo "install-deps.sh: unknown argument '$arg' (only --test)" >&2; exit 2 ;;
  esac
done

packages=(g++ cmake ninja-build ccache pkg-config nlohmann-json3-dev libyaml-cpp-dev libcpp-httplib-dev
          libssl-dev libre2-dev doctest-dev libsqlite3-dev libpq-dev)
if ((with_tests)); then
  packages+=(postgresql time nodejs npm chromium clang libclang-rt-14-dev clang-format-14)
fi
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

((with_tests)) || exit 0
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
