#!/usr/bin/env bash
# Formats C++ files with .clang-format (clang-format-14, or clang-format), or checks them.
#   scripts/format.sh [--check] [FILE...]
# With no FILE: the C++ files changed against HEAD (staged, unstaged and untracked), so a change is formatted
# without reformatting code it does not touch. --check changes nothing and exits 1 when a file would change.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
formatter=$(command -v clang-format-14 || command -v clang-format || true)
if [[ -z "$formatter" ]]; then
  echo "format.sh: clang-format-14 (Debian package clang-format-14) is not installed" >&2
  exit 2
fi
files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  mapfile -t files < <({ git diff --name-only HEAD; git ls-files --others --exclude-standard; } |
                       grep -E '\.(cc|h|cpp|hpp)$' | sort -u | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
fi
if [[ ${#files[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $check -eq 1 ]]; then
  status=0
  for f in "${files[@]}"; do
    if ! "$formatter" --style=file --dry-run --Werror "$f" 2>/dev/null; then
      echo "$f: not formatted (scripts/format.sh $f)" >&2
      status=1
    fi
  done
  exit $status
fi
"$formatter" --style=file -i "${files[@]}"
