#!/usr/bin/env bash
# Set everything up and run the main job on the shipped sample: transcribe the
# sample dialogue recording, extract citizens' items and write draft minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
out="${1:-out/demo}"
.venv/bin/doithoai process samples/doi-thoai-mau.ogg --meeting samples/binh-thanh.toml -o "$out"
