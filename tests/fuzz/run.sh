#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) in the ASan build directory and
# runs each for N seconds (default 120) on a copy of its seed corpus, PARALLEL targets at a time (default 2).
# Findings (crash-*, leak-*, timeout-*, oom-*) land in $BUILD/findings/<target>/; the exit code is non-zero when
# any target found one (or did not run).
#   tests/fuzz/run.sh [seconds] [target...]
#   targets: config template jsonpath jsonrpc sse openai anthropic gemini mock_request json_parse retry_hint
#   (default: all)
# Environment: BUILD (default <repo>/build-asan, shared with scripts/sanitizers.sh asan), JOBS (parallel compile
# jobs), PARALLEL, NO_BUILD=1 (reuse).
set -euo pipefail

SECONDS_PER_TARGET="${1:-120}"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${BUILD:-$ROOT/build-asan}"
PARALLEL="${PARALLEL:-2}"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(config template jsonpath jsonrpc sse openai anthropic gemini mock_request json_parse
                                     retry_hint)

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
    >/dev/null 2>&1; then
  echo "run.sh: needs clang++ and the libFuzzer runtime: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi

if [ "${NO_BUILD:-0}" != 1 ]; then
  # The ASan+UBSan build of scripts/sanitizers.sh, whose libraries carry the fuzzing instrumentation: one place
  # says how it is configured, and the fuzz targets of CI and of a local run are the same binaries.
  "$ROOT/scripts/sanitizers.sh" configure "$BUILD"
  cmake --build "$BUILD" ${JOBS:+-j "$JOBS"} --target "${TARGETS[@]/#/fuzz_}"
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# Runs one target; its summary goes to $BUILD/fuzz_<t>.summary, its exit code says whether it found something.
fuzz_one() {
  local t="$1" corpus="$BUILD/corpus/$1" findings="$BUILD/findings/$1" log="$BUILD/fuzz_$1.log"
  mkdir -p "$corpus" "$findings"
  cp -n "$ROOT/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  local dict=()
  [ -f "$ROOT/tests/fuzz/$t.dict" ] && dict=(-dict="$ROOT/tests/fuzz/$t.dict")
  local rc=0
  "$BUILD/tests/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 || rc=$?
  {
    echo "== fuzz_$t ${SECONDS_PER_TARGET}s: $([ $rc -eq 0 ] && echo ok || echo "FOUND A PROBLEM (exit $rc), see $log and $findings/")"
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^(SUMMARY|==[0-9]+==ERROR)' "$log" || true
    grep -E '^#[0-9]+ +DONE' "$log" | tail -1 || true
  } >"$BUILD/fuzz_$t.summary"
  return $rc
}

status=0
pids=() names=()
for t in "${TARGETS[@]}"; do
  fuzz_one "$t" & pids+=($!) names+=("$t")
  if [ ${#pids[@]} -ge "$PARALLEL" ]; then
    wait "${pids[0]}" || status=1
    cat "$BUILD/fuzz_${names[0]}.summary"
    pids=("${pids[@]:1}") names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$BUILD/fuzz_${names[$i]}.summary"
done
[ $status -eq 0 ] && echo "fuzz: all ${#TARGETS[@]} targets ran ${SECONDS_PER_TARGET}s with no finding" \
  || echo "fuzz: FINDINGS, see $BUILD/findings/" >&2
exit $status
