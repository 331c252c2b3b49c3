#!/usr/bin/env bash
# Formats C++ files with .clang-format (clang-format-14), or checks them.
#   scripts/format.sh [--check] [--all | FILE...]
# With no FILE: the C++ files changed against HEAD (staged, unstaged and untracked), so a change is formatted
# without touching code it does not change. --all: every C++ file git tracks. --check changes nothing, prints each
# file that would change and exits 1 (CTest's rules/format runs `--check --all`).
# clang-format-14 exactly: another version formats some lines differently, and the check must not depend on which
# one a machine happens to have.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
all=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --check) check=1; shift ;;
    --all) all=1; shift ;;
    --) shift; break ;;
    -*) echo "format.sh: unknown option '$1' (--check, --all)" >&2; exit 2 ;;
    *) break ;;
  esac
done
formatter=$(command -v clang-format-14 || true)
if [[ -z "$formatter" ]]; then
  echo "format.sh: clang-format-14 is not installed (apt-get install clang-format-14, or scripts/install-deps.sh --test)" >&2
  exit 2
fi
files=("$@")
if ((all)); then
  mapfile -t files < <(git ls-files -- '*.cc' '*.h' '*.cpp' '*.hpp')
elif [[ ${#files[@]} -eq 0 ]]; then
  mapfile -t files < <({ git diff --name-only HEAD; git ls-files --others --exclude-standard; } |
                       grep -E '\.(cc|h|cpp|hpp)$' | sort -u | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
fi
if [[ ${#files[@]} -eq 0 ]]; then
  exit 0
fi
if ((check)); then
  # One clang-format process for all files; --dry-run prints a warning for each line that would change.
  out=$("$formatter" --style=file --dry-run "${files[@]}" 2>&1 || true)
  if [[ -n "$out" ]]; then
    grep -oE '^[^:]+\.(cc|h|cpp|hpp):[0-9]+:[0-9]+' <<<"$out" | cut -d: -f1 | sort -u |
      while read -r f; do echo "$f: not formatted (run scripts/format.sh $f)" >&2; done
    grep -m 5 -A 2 -E 'warning: code should be clang-formatted' <<<"$out" >&2 || true
    exit 1
  fi
  echo "format.sh: ${#files[@]} files follow .clang-format"
  exit 0
fi
"$formatter" --style=file -i "${files[@]}"
