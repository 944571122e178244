#!/usr/bin/env bash
# Regenerate the user guide's screenshots (docs/img/web/*.png) by running the
# browser tests with DOITHOAI_SCREENSHOTS pointing there; scripts/test.sh
# leaves them in tests/out/screenshots/ (ignored by git).
# Extra arguments go to pytest, e.g. scripts/screenshots.sh -k radio
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
DOITHOAI_SCREENSHOTS=docs/img/web exec .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/doithoai/web/test_browser_*.py "$@"
