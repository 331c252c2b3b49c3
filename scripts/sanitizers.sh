#!/usr/bin/env bash
# Sanitizer and fuzzing runs (CI runs `ci`, after the normal build and tests):
#   asan  build-asan: AddressSanitizer + UndefinedBehaviorSanitizer build of every target with clang, whose
#         libraries also carry libFuzzer's instrumentation so the fuzz targets come from the same build (g++ and
#         no fuzz targets when clang or its libFuzzer runtime is missing); then every test but report_scale.
#   fuzz  each libFuzzer target for FUZZ_SECONDS (default 30) from build-asan, two at a time (tests/fuzz/run.sh).
#   tsan  build-tsan: ThreadSanitizer build of the llm and runner test binaries (rate limiter, HTTP pool, mock
#         server, scheduler, sessions) and those tests.
#   ci    asan, fuzz, tsan.
#   configure DIR   only configure DIR as the ASan build is configured (tests/fuzz/run.sh uses it).
# Usage: scripts/sanitizers.sh [asan|fuzz|tsan|ci|configure DIR]   (default ci). Extra ctest arguments via CTEST_ARGS;
# ASAN_EXCLUDE is the ctest -E pattern of tests the ASan run skips (default ^report_scale/; '^$' runs all).
# Exit code: non-zero when a build fails, a test fails, a sanitizer reports, or a fuzz target finds something.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
WHAT="${1:-ci}"
JOBS="${JOBS:-$(nproc)}"

# Sanitizer reports must fail the test that triggers them, not scroll past.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$ROOT/tests/sanitizers/tsan.supp}"

have_libfuzzer() {
  command -v clang++ >/dev/null && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1
}

# -O1 with line tables: sanitizer reports name file:line, and the build stays a few minutes on two cores.
# $1: the build directory (default build-asan).
configure_asan() {
  local dir="${1:-$ROOT/build-asan}"
  local compiler=(-DCMAKE_CXX_COMPILER=g++) flags="-O1" fuzz=OFF
  if have_libfuzzer; then
    compiler=(-DCMAKE_CXX_COMPILER=clang++)
    flags="-O1 -gline-tables-only -fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined"
    fuzz=ON
  fi
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None "${compiler[@]}" \
    -DCMAKE_CXX_FLAGS="$flags" -DAB_SANITIZE=ON -DAB_FUZZ=$fuzz -DAB_UNITY_BUILD=ON -DAB_DEV_BUILD=ON >/dev/null
}

run_asan() {
  echo "== ASan+UBSan build (build-asan)"
  configure_asan
  local t0=$SECONDS
  cmake --build "$ROOT/build-asan" -j "$JOBS"
  echo "== ASan+UBSan build took $((SECONDS - t0)) s"
  t0=$SECONDS
  # Timeouts are generous: sanitized code runs 2-5x slower and the fault suite waits on real processes.
  # report_scale (10 000 runs rendered in every format) measures size and time at scale, which the Release run
  # checks; under ASan it is the slowest test (about 28 s) and exercises no code the smaller report tests do not.
  ctest --test-dir "$ROOT/build-asan" --output-on-failure -j "$JOBS" --timeout 600 -E "${ASAN_EXCLUDE:-^report_scale/}" \
    ${CTEST_ARGS:-}
  echo "== ASan+UBSan tests took $((SECONDS - t0)) s"
}

run_fuzz() {
  if ! have_libfuzzer; then
    if [ "${CI:-}" = "true" ]; then
      echo "sanitizers.sh: clang and libclang-rt-14-dev are required in CI (scripts/install-deps.sh)" >&2
      return 1
    fi
    echo "sanitizers.sh: no clang libFuzzer runtime; fuzzing skipped (apt-get install clang libclang-rt-14-dev)" >&2
    return 0
  fi
  echo "== fuzzing: each target ${FUZZ_SECONDS:-30} s"
  local t0=$SECONDS
  # run.sh configures build-asan as configure_asan does and builds only the fuzz targets (nothing, after asan).
  BUILD="$ROOT/build-asan" JOBS="$JOBS" "$ROOT/tests/fuzz/run.sh" "${FUZZ_SECONDS:-30}"
  echo "== fuzzing took $((SECONDS - t0)) s"
}

run_tsan() {
  echo "== TSan build (build-tsan): llm and runner tests"
  local compiler=g++
  command -v clang++ >/dev/null && compiler=clang++
  cmake -S "$ROOT" -B "$ROOT/build-tsan" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER=$compiler \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" -DAB_TSAN=ON -DAB_UNITY_BUILD=ON -DAB_DEV_BUILD=ON >/dev/null
  local t0=$SECONDS
  cmake --build "$ROOT/build-tsan" -j "$JOBS" --target ab_llm_tests ab_runner_tests sample-mcp-server
  echo "== TSan build took $((SECONDS - t0)) s"
  t0=$SECONDS
  ctest --test-dir "$ROOT/build-tsan" --output-on-failure -j "$JOBS" --timeout 600 -R '^(llm|runner)/' \
    ${CTEST_ARGS:-}
  echo "== TSan tests took $((SECONDS - t0)) s"
}

case "$WHAT" in
  asan) run_asan ;;
  fuzz) run_fuzz ;;
  tsan) run_tsan ;;
  ci) run_asan; run_fuzz; run_tsan ;;
  configure) configure_asan "${2:?configure needs a build directory}" ;;
  *) echo "usage: scripts/sanitizers.sh [asan|fuzz|tsan|ci|configure DIR]" >&2; exit 2 ;;
esac
