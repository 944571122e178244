"""A server killed during a transcription loses nothing: the real
`doithoai serve` is killed with SIGKILL while it transcribes an uploaded
recording, started again on the same data folder, and the job finishes from
its checkpoint without waiting for the heartbeat to go stale."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from liveserver import CSRF_RE as CSRF
from liveserver import PASSWORD, LiveServer
from sqlalchemy import select

from doithoai.settings import load_settings
from doithoai.store.db import session_scope
from doithoai.store.tables import JobRow, SegmentRow

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "doi-thoai-mau.ogg"
MEETING = ROOT / "samples" / "binh-thanh.toml"


def _poll(fn, timeout: float, what: str):
    """Wait for fn() to return something truthy (a deadline, not a timing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _login(url: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=url, headers={"accept": "text/html"}, timeout=60)
    token = CSRF.search(c.get("/login").text).group(1)
    r = c.post("/login", data={"username": "thuky", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303, r.text
    return c, CSRF.search(c.get("/").text).group(1)


@pytest.fixture
def long_recording(tmp_path) -> Path:
    """~7 min of the sample (speech, silence, noise): eight chunks of speech,
    so batches are still waiting when the first checkpoint is written (two
    decode at once on two cores)."""
    out = tmp_path / "hoi-nghi.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-stream_loop", "7", "-i", str(SAMPLE), "-ac", "1", "-ar", "16000", str(out)],
        check=True,
    )
    return out


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_server_killed_mid_transcription_resumes_after_restart(tmp_path, long_recording):
    server = LiveServer(tmp_path / "data", users=(("thuky", "thu_ky", ""),))
    server.start()
    try:
        c, csrf = _login(server.url)
        r = c.post(
            "/meetings/import", data={"csrf_token": csrf}, files={"file": ("binh-thanh.toml", MEETING.read_bytes())}
        )
        assert r.status_code == 303, r.text
        meeting_id = int(re.search(r"/meetings/(\d+)", r.headers["location"]).group(1))
        r = c.post(
            f"/meetings/{meeting_id}/recordings",
            content=long_recording.read_bytes(),
            headers={
                "X-CSRF-Token": csrf,
                "X-Filename": "hoi-nghi.wav",
                "accept": "application/json",
                "content-type": "audio/wav",
            },
        )
        assert r.status_code == 200, r.text
        job_id = r.json()["job_id"]

        partials = load_settings(server.data_dir, env={}).meetings_dir / str(meeting_id)

        def progressed():
            # progress moves inside a window too: wait for a checkpoint, not only for a report
            view = c.get(f"/jobs/{job_id}", headers={"accept": "application/json"}).json()
            running = view["state"] == "running" and view["done"] > 0
            return view if running and list(partials.glob(".*.partial.jsonl")) else None

        before = _poll(progressed, 300, "the first checkpoint")
        assert before["done"] < before["total"]
        server.proc.send_signal(signal.SIGKILL)  # a power cut, as far as the server knows
        server.proc.wait(timeout=30)
        # its web processes follow it (they must not keep the port, serving without a worker)
        _poll(lambda: not server.listening(), 30, "the web processes of the killed server to end")
    finally:
        server.stop()

    settings = load_settings(server.data_dir, env={})
    with session_scope(settings.database_url) as db:
        job = db.get(JobRow, job_id)
        assert job.state == "running" and job.attempts == 1  # what the killed server left behind
    checkpoint = settings.meetings_dir / str(meeting_id)
    assert list(checkpoint.glob(".*.partial.jsonl")), "no checkpoint was written before the kill"

    server.users = ()  # the account exists already
    server.start()
    try:
        c, _ = _login(server.url)
        done = _poll(
            lambda: (
                (v := c.get(f"/jobs/{job_id}", headers={"accept": "application/json"}).json())["state"]
                in ("done", "failed")
                and v
            ),
            600,
            "the resumed job to finish",
        )
        assert done["state"] == "done", done
        assert done["attempts"] == 2
        page = c.get(f"/meetings/{meeting_id}/transcript")
        assert page.status_code == 200
    finally:
        server.stop()
    with session_scope(settings.database_url) as db:
        segments = db.scalars(
            select(SegmentRow).where(SegmentRow.meeting_id == meeting_id).order_by(SegmentRow.start)
        ).all()
    assert segments and segments[-1].end > before["done"]  # the part after the kill was transcribed too
    assert not list(checkpoint.glob(".*.partial.jsonl"))  # the checkpoint is removed once done
    assert "resumed from" in server.log() and "resumed from 0.0 s" not in server.log()
