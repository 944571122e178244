#!/usr/bin/env bash
# Set everything up (system packages, .venv, model, test services) and run
# every test. Extra arguments go to pytest, e.g. scripts/test.sh -k broadcast
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
