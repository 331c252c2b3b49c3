#!/usr/bin/env bash
# Quick start, command 2: installs what building and testing need (only what is missing), builds, and runs every
# test (unit and end to end). CI runs this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --test
./scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
