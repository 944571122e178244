#!/usr/bin/env bash
# Set everything up (system packages, .venv, model, test services), check lint,
# formatting and types, then run the tests.
#
#   scripts/test.sh          # every test: what CI runs (.ci/run)
#   scripts/test.sh --fast   # leaves out the tests marked `slow`: a few minutes
#
# Other arguments go to pytest, e.g. scripts/test.sh --fast -k broadcast
set -euo pipefail
cd "$(dirname "$0")/.."

fast=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--fast" ]; then fast=1; else args+=("$arg"); fi
done

scripts/setup.sh --test

# All three checks run, so one pass shows every finding; any failure stops here.
# One line per finding (run `.venv/bin/ruff check PATH` for the details and fixes).
packages=(doithoai pipeline minutes broadcast)
failed=()
.venv/bin/ruff check --output-format concise "${packages[@]}" || failed+=("ruff check")
.venv/bin/ruff format --check --output-format concise "${packages[@]}" || failed+=("ruff format --check")
.venv/bin/mypy "${packages[@]}" || failed+=("mypy")
if [ "${#failed[@]}" -gt 0 ]; then
  printf -v list '%s, ' "${failed[@]}"
  printf '\033[1m[doithoai test]\033[0m failed: %s\n' "${list%, }" >&2
  exit 1
fi

if [ "$fast" = 1 ]; then
  args=(-m "not slow" "${args[@]}")
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider "${args[@]}"
