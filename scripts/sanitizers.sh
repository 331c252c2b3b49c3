#!/usr/bin/env bash
# Sanitizer builds and their test runs:
#   1. AddressSanitizer + UndefinedBehaviorSanitizer (-DAB_SANITIZE=ON) in build-asan: every test (ctest).
#   2. ThreadSanitizer (-DAB_TSAN=ON) in build-tsan: the concurrent layers' tests (runner, agent, llm, mcp).
# Usage: scripts/sanitizers.sh [asan|tsan|all]   (default all). Extra ctest arguments via CTEST_ARGS.
# Exit code: non-zero when a build fails or any test (or sanitizer report) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
WHAT="${1:-all}"
JOBS="${JOBS:-$(nproc)}"

# Sanitizer reports must fail the test that triggers them, not scroll past.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

run_asan() {
  echo "== ASan+UBSan build (build-asan)"
  cmake -S "$ROOT" -B "$ROOT/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAB_SANITIZE=ON \
    -DAB_DEV_BUILD=ON >/dev/null
  local t0=$SECONDS
  cmake --build "$ROOT/build-asan" -j "$JOBS"
  echo "== ASan+UBSan build took $((SECONDS - t0)) s"
  t0=$SECONDS
  # Timeouts are generous: sanitized code runs 2-5x slower and the fault suite waits on real processes.
  ctest --test-dir "$ROOT/build-asan" --output-on-failure -j "$JOBS" --timeout 600 ${CTEST_ARGS:-}
  echo "== ASan+UBSan tests took $((SECONDS - t0)) s"
}

run_tsan() {
  echo "== TSan build (build-tsan): runner, agent, llm and mcp tests"
  cmake -S "$ROOT" -B "$ROOT/build-tsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAB_TSAN=ON \
    -DAB_DEV_BUILD=ON >/dev/null
  local targets=()
  for layer in runner agent llm mcp; do
    if ninja -C "$ROOT/build-tsan" -t targets all 2>/dev/null | grep -q "^ab_${layer}_tests:"; then
      targets+=("ab_${layer}_tests")
    fi
  done
  [ ${#targets[@]} -gt 0 ] || { echo "sanitizers.sh: no TSan test targets found" >&2; return 1; }
  local t0=$SECONDS
  cmake --build "$ROOT/build-tsan" -j "$JOBS" --target "${targets[@]}"
  echo "== TSan build took $((SECONDS - t0)) s"
  t0=$SECONDS
  # Only the concurrent layers: their CTest names start with "<layer>/".
  ctest --test-dir "$ROOT/build-tsan" --output-on-failure -j "$JOBS" --timeout 600 \
    -R '^(runner|agent|llm|mcp)/' ${CTEST_ARGS:-}
  echo "== TSan tests took $((SECONDS - t0)) s"
}

case "$WHAT" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  all) run_asan; run_tsan ;;
  *) echo "usage: scripts/sanitizers.sh [asan|tsan|all]" >&2; exit 2 ;;
esac
