#!/usr/bin/env bash
# Configures and builds agent-bench into ./build (Release -O2, unity batches, Ninja, ccache when present).
# Extra arguments go to cmake, e.g. scripts/build.sh -DAB_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAB_DEV_BUILD=ON -DAB_UNITY_BUILD=ON "$@" >/dev/null
cmake --build build
