#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) in their own build directory and
# runs each for N seconds (default 120) on a copy of its seed corpus. Findings (crash-*, leak-*, timeout-*) land in
# $BUILD/findings/<target>/; the exit code is non-zero when any target found one.
#   tests/fuzz/run.sh [seconds] [target...]      targets: config template jsonpath mcp llm (default: all)
# Environment: BUILD (default <repo>/build-fuzz), JOBS (parallel compile jobs).
set -euo pipefail

SECONDS_PER_TARGET="${1:-120}"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${BUILD:-$ROOT/build-fuzz}"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(config template jsonpath mcp llm)

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
    >/dev/null 2>&1; then
  echo "run.sh: needs clang++ and the libFuzzer runtime: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined" \
  -DAB_SANITIZE=ON -DAB_FUZZ=ON -DAB_BUILD_TESTS=ON -DAB_DEV_BUILD=OFF >/dev/null
cmake --build "$BUILD" ${JOBS:+-j "$JOBS"} --target "${TARGETS[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/corpus/$t"
  findings="$BUILD/findings/$t"
  mkdir -p "$corpus" "$findings"
  cp -n "$ROOT/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  dict=()
  [ -f "$ROOT/tests/fuzz/$t.dict" ] && dict=(-dict="$ROOT/tests/fuzz/$t.dict")
  echo "== fuzz_$t for ${SECONDS_PER_TARGET}s"
  if ! "$BUILD/tests/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" 2>"$BUILD/fuzz_$t.log"; then
    status=1
    echo "fuzz_$t: FOUND A PROBLEM, see $BUILD/fuzz_$t.log and $findings/" >&2
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^(SUMMARY|==[0-9]+==ERROR)' \
    "$BUILD/fuzz_$t.log" || true
done
exit $status
