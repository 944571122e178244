#!/usr/bin/env bash
# Set everything up, run the main job on the shipped sample (transcribe the
# sample dialogue recording, extract citizens' items, write draft minutes),
# then start the web app with demo data: accounts for each role (random
# passwords, printed once and saved in the data folder) and the sample
# meeting already transcribed. DOITHOAI_HOST (0.0.0.0 for the office network),
# DOITHOAI_PORT and DOITHOAI_DATA override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
out="${1:-out/demo}"
.venv/bin/doithoai process samples/doi-thoai-mau.ogg --meeting samples/binh-thanh.toml -o "$out"
host="${DOITHOAI_HOST:-127.0.0.1}"
port="${DOITHOAI_PORT:-8000}"
data="${DOITHOAI_DATA:-./doithoai-data}"
exec .venv/bin/doithoai serve --demo --data "$data" --host "$host" --port "$port"
