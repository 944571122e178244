"""Smoke run of bench/web.py: a tiny load (3 reviewers + 1 officer, a few
seconds, no transcription job) against the real server in a subprocess.
Checks that the harness works and the pages answer without errors; it
asserts nothing about timing (benchmarks report, tests don't time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
@pytest.mark.timeout(360)  # above the subprocess timeout
def test_bench_web_smoke_run_reports_zero_errors(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "web.py"),
            "--users",
            "3",
            "--officers",
            "1",
            "--seconds",
            "3",
            "--think",
            "0.2",
            "--action-rate",
            "1",
            "--segments",
            "60",
            "--items",
            "12",
            "--past",
            "1",
            "--no-job",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    table = result["baseline"]
    # Every page the issue names was measured, and the action too.
    assert {"review", "followup", "POST accept"} <= set(table), (table.keys(), result["notes"])
    assert result["pages"]["thu_ky"]["review"].endswith("/review")
    assert result["pages"]["can_bo"] == {"followup": "/followup"}
    assert table["ALL"]["requests"] >= 8
    assert table["ALL"]["errors"] == 0, table["ALL"]["first_errors"]
    assert table["ALL"]["requests"] == sum(r["requests"] for page, r in table.items() if page != "ALL")
    assert "loaded" not in result
    assert all(r["errors"] == 0 for r in result["solo"].values()), result["solo"]  # each page alone works too
    assert "baseline (no transcription job)" in run.stdout
    assert "target p95 < 200 ms" in run.stdout
