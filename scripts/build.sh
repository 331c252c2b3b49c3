#!/usr/bin/env bash
# Configures and builds agent-bench into ./build (Ninja, ccache when present). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAB_DEV_BUILD=ON "$@" >/dev/null
cmake --build build
