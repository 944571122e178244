"""Demo data of the README's first command: accounts with random passwords
that log in, the sample meeting transcribed by a real job, the spoken-style
transcript imported with items; a second run changes nothing; and
`doithoai serve --demo` starts and serves the login page."""

from __future__ import annotations

import os
import queue
import stat
import subprocess
import threading
from pathlib import Path

import httpx
import pytest
from conftest import client_for
from servers import DOITHOAI, free_port
from sqlalchemy import func, select

from doithoai.services import demo
from doithoai.settings import load_settings
from doithoai.store.db import get_engine, session_scope
from doithoai.store.tables import Base, ItemRow, JobRow, MeetingRow, RecordingRow, SegmentRow, UserRow
from pipeline.transcript import load_transcript
from doithoai.web.app import create_app

ROOT = Path(__file__).resolve().parents[3]
CHANGING = {"sessions", "login_attempts"}  # logging in writes these
pytestmark = pytest.mark.slow  # the demo data need a real transcription job (module fixture)


def snapshot(url: str) -> dict[str, list[dict]]:
    with get_engine(url).connect() as conn:
        return {
            t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
            for t in Base.metadata.sorted_tables
            if t.name not in CHANGING
        }


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    """setup_demo once on a fresh data folder (runs the real transcription of the sample)."""
    settings = load_settings(tmp_path_factory.mktemp("demo") / "data", env={})
    reports: list[tuple[float, float]] = []
    result = demo.setup_demo(settings, progress=lambda done, total: reports.append((done, total)))
    return settings, result, reports


def log_in(app, username: str, password: str) -> httpx.Response:
    """Log in through the ASGI app like a browser: the login form, then the post."""
    return client_for(app).login(username, password)


def saved_passwords(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _role, password = line.split("\t")
            out[name] = password
    return out


def test_accounts_have_random_passwords_that_log_in(demo_data):
    settings, result, _ = demo_data
    names = [u for u, _r, _p in result.new_accounts]
    assert names == ["admin", "thuky", "truyenthanh", "canbo"]
    passwords = {u: p for u, _r, p in result.new_accounts}
    assert len(set(passwords.values())) == 4 and all(len(p) >= 16 for p in passwords.values())
    path = settings.data_dir / demo.ACCOUNTS_FILE
    assert result.accounts_file == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert saved_passwords(path) == passwords
    with session_scope(settings.database_url) as db:
        users = {u.username: (u.role, u.unit) for u in db.scalars(select(UserRow))}
    assert users == {
        "admin": ("admin", ""),
        "thuky": ("thu_ky", ""),
        "truyenthanh": ("truyen_thanh", ""),
        "canbo": ("can_bo", demo.OFFICER_UNIT),
    }
    app = create_app(settings)
    for name, password in passwords.items():
        assert log_in(app, name, password).status_code == 303
    assert log_in(app, "admin", "mat-khau-sai-roi").status_code != 303


def test_sample_meeting_is_transcribed_by_a_job(demo_data):
    settings, result, reports = demo_data
    assert result.job_state == "done"
    mid = result.meetings["recording"]
    with session_scope(settings.database_url) as db:
        meeting = db.get(MeetingRow, mid)
        rec = db.scalar(select(RecordingRow).where(RecordingRow.meeting_id == mid))
        job = db.scalar(select(JobRow).where(JobRow.meeting_id == mid))
        segments = list(db.scalars(select(SegmentRow).where(SegmentRow.meeting_id == mid).order_by(SegmentRow.idx)))
        assert "Phước Hòa" in meeting.title
        assert job.state == "done" and job.recording_id == rec.id
        assert (settings.data_dir / rec.path).read_bytes() == demo.RECORDING.read_bytes()
        assert rec.duration > 50 and rec.size == demo.RECORDING.stat().st_size
        assert segments and all(s.text for s in segments)
        assert segments[-1].end <= rec.duration + 0.5
    # The progress callback followed the job to its end.
    assert reports and reports[-1][0] == pytest.approx(reports[-1][1], abs=0.1)
    assert reports[-1][1] == pytest.approx(rec.duration, abs=0.1)


def test_spoken_transcript_meeting_has_items_to_review(demo_data):
    settings, result, _ = demo_data
    mid = result.meetings["transcript"]
    transcript = load_transcript(demo.SPOKEN)
    with session_scope(settings.database_url) as db:
        meeting = db.get(MeetingRow, mid)
        assert "Bình Thới" in meeting.title and meeting.title.endswith("(bản ghi mẫu)")
        segs = db.scalar(select(func.count()).select_from(SegmentRow).where(SegmentRow.meeting_id == mid))
        items = list(db.scalars(select(ItemRow).where(ItemRow.meeting_id == mid)))
    assert segs == len(transcript.segments)
    assert len(items) >= 3 and all(i.review == "auto" and i.text for i in items)
    assert set(result.created_meetings) == {result.meetings["recording"], mid}


def test_second_run_changes_nothing(demo_data):
    settings, _, _ = demo_data
    before = snapshot(settings.database_url)
    accounts_file = (settings.data_dir / demo.ACCOUNTS_FILE).read_bytes()
    files = sorted(p for p in settings.data_dir.rglob("*") if p.is_file() and "sqlite3" not in p.name)
    lines = demo.demo_for_cli(settings)
    assert lines[0] == demo.msg.DEMO_ALREADY
    assert not any("mật khẩu:" in line for line in lines)  # passwords are shown once only
    assert str(settings.data_dir / demo.ACCOUNTS_FILE) in lines[-1]
    assert snapshot(settings.database_url) == before
    assert (settings.data_dir / demo.ACCOUNTS_FILE).read_bytes() == accounts_file
    assert sorted(p for p in settings.data_dir.rglob("*") if p.is_file() and "sqlite3" not in p.name) == files


@pytest.mark.timeout(300)
def test_serve_demo_starts_and_serves_the_login_page(demo_data):
    """`doithoai serve --demo` on the prepared folder (nothing left to transcribe) in a subprocess."""
    settings, _, _ = demo_data
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen(
        [str(DOITHOAI), "serve", "--demo", "--data", str(settings.data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            line = lines.get(timeout=180)  # a deadline for start-up, not a timing assertion
            assert line is not None, "".join(seen)
            seen.append(line)
            if f"Mở {url} trong trình duyệt" in line:
                break
        text = "".join(seen)
        assert demo.msg.DEMO_ALREADY in text and demo.ACCOUNTS_FILE in text
        for attempt in range(100):
            try:
                r = httpx.get(f"{url}/login", timeout=10)
                break
            except httpx.ConnectError:  # uvicorn binds just after the address is printed
                threading.Event().wait(0.2)
        else:
            raise AssertionError(f"nothing listens on {url}:\n{''.join(seen)}")
        assert r.status_code == 200 and "Đăng nhập" in r.text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
