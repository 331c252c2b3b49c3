#!/usr/bin/env bash
# Performance benchmarks for agent-bench: builds the Release binaries, runs every benchmark, prints a table.
#
#   bench/run.sh [--quick] [--json FILE] [--no-build] [--build-dir DIR]
#
# --quick: smaller sizes and fewer repetitions (about a minute; what CI runs). --json FILE: {name: value, ...}
# plus supporting figures and machine info. Exit 0 unless a benchmark could not run at all (figures never fail).
# Details and the latest figures: docs/BENCHMARKS.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="$root/build"
quick=()
json=()
do_build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick) ;;
    --json) json=(--json "$2"); shift ;;
    --json=*) json=(--json "${1#--json=}") ;;
    --no-build) do_build=0 ;;
    --build-dir) build="$2"; shift ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ $do_build == 1 ]]; then
  # The project's one build (scripts/build.sh: Release, -O2) is what users run, so it is what we measure.
  echo "bench: building Release binaries in $root/build" >&2
  build="$root/build"
  "$root/scripts/build.sh" >/dev/null || {
    echo "bench: the Release build failed; nothing was measured" >&2
    exit 1
  }
fi
for bin in agent-bench sample-mcp-server; do
  [[ -x "$build/$bin" ]] || { echo "bench: $build/$bin is missing" >&2; exit 1; }
done
if ! command -v /usr/bin/time >/dev/null; then
  echo "bench: /usr/bin/time not found (apt-get install time); peak RSS falls back to wait4's ru_maxrss" >&2
fi
exec python3 "$here/bench.py" --bin "$build" "${quick[@]}" "${json[@]}"
