"""Demo data for the README's first command: one account per role with a
random password, the sample meeting with its recording transcribed, and a
second meeting imported from a spoken-style transcript so the review page
has items. Idempotent: what exists already is left alone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from doithoai.jobs.execution import add_progress_listener, remove_progress_listener
from doithoai.messages import admin as msg
from doithoai.services import accounts
from doithoai.services.actors import ROLE_LABELS, Role
from doithoai.services.lookup import get_meeting
from doithoai.services.transcript_import import import_transcript
from doithoai.services.transcription_jobs import run_transcription_job
from doithoai.settings import Settings
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import ItemRow, JobRow, JobState, MeetingRow, RecordingRow, SegmentRow, UserRow
from minutes.routing import Router
from pipeline import atomic, audio
from pipeline.errors import UserError
from pipeline.progress import BarProgress, make_progress
from pipeline.transcript import load_transcript

ROOT = Path(__file__).resolve().parents[2]
MEETING_FILE = ROOT / "samples" / "binh-thanh.toml"
RECORDING = ROOT / "samples" / "doi-thoai-mau.ogg"
SPOKEN = ROOT / "bench" / "data" / "spoken" / "binh-thoi-2024.json"
ACCOUNTS_FILE = "tai-khoan-demo.txt"
# The demo meetings use the routing preset new meetings get (two-tier local
# government, from July 2025) and the cán bộ belongs to one of its units, so
# an item assigned from the review page's unit list reaches that account.
PRESET = "tu-2025-07"
OFFICER_UNIT = Router(PRESET).topics["dat_dai"]
# (user name, role, unit)
ACCOUNTS = (
    ("admin", Role.ADMIN, ""),
    ("thuky", Role.SECRETARY, ""),
    ("truyenthanh", Role.RADIO, ""),
    ("canbo", Role.OFFICER, OFFICER_UNIT),
)

ProgressCallback = Callable[[float, float], None]


@dataclass
class DemoResult:
    new_accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (user name, role, password)
    usernames: list[str] = field(default_factory=list)
    accounts_file: Path | None = None
    meetings: dict[str, int] = field(default_factory=dict)  # "recording" / "transcript" -> meeting id
    created_meetings: list[int] = field(default_factory=list)
    job_state: str | None = None  # state of the sample's transcription job run now (None: not run)

    @property
    def changed(self) -> bool:
        return bool(self.new_accounts or self.created_meetings or self.job_state)


def _samples() -> None:
    if not (MEETING_FILE.is_file() and RECORDING.is_file() and SPOKEN.is_file()):
        raise UserError(msg.DEMO_SAMPLES_MISSING)


def _save_accounts(path: Path, new: list[tuple[str, str, str]]) -> None:
    """Merge the new passwords into the accounts file (mode 600)."""
    lines: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                lines[line.split("\t", 1)[0]] = line
    for username, role, password in new:
        lines[username] = f"{username}\t{role}\t{password}"
    text = msg.DEMO_FILE_HEADER + msg.DEMO_FILE_COLUMNS + "".join(v + "\n" for v in lines.values())
    with atomic.atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o600)
    os.chmod(path, 0o600)  # atomic_path applies the umask mode: passwords stay private


def _accounts(settings: Settings, result: DemoResult) -> None:
    with session_scope(settings.database_url) as db:
        for username, role, unit in ACCOUNTS:
            result.usernames.append(username)
            if db.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                continue
            password = secrets.token_urlsafe(12)
            accounts.create_user(db, username, password, role, full_name=msg.DEMO_ROLE_NAMES[role], unit=unit)
            result.new_accounts.append((username, role, password))
        if result.new_accounts:
            db.flush()
            _save_accounts(settings.data_dir / ACCOUNTS_FILE, result.new_accounts)
    result.accounts_file = settings.data_dir / ACCOUNTS_FILE


def _meeting_row(db, config: str) -> MeetingRow:
    meta = tomllib.loads(config)["meeting"]
    date = meta["date"] if isinstance(meta["date"], dt.date) else dt.date.fromisoformat(str(meta["date"]))
    row = MeetingRow(title=meta["title"], date=date, config=config)
    db.add(row)
    db.flush()
    return row


def _sample_config() -> str:
    """The sample meeting file with the demo's routing preset."""
    config = MEETING_FILE.read_text(encoding="utf-8")
    return re.sub(r'(?m)^preset = "[^"]*"', f'preset = "{PRESET}"', config, count=1)


def _transcript_config() -> str:
    """The sample meeting file, retitled for the Bình Thới transcript."""
    config = _sample_config()
    title = (
        tomllib.loads(config)["meeting"]["title"].replace(msg.DEMO_SAMPLE_HAMLET, msg.DEMO_TRANSCRIPT_HAMLET)
        + " "
        + msg.DEMO_MEETING_SUFFIX
    )
    return re.sub(r'(?m)^title = ".*"$', lambda _m: f'title = "{title}"', config, count=1)


def _recording_meeting(settings: Settings, result: DemoResult, progress: ProgressCallback | None) -> None:
    config = _sample_config()
    title = tomllib.loads(config)["meeting"]["title"]
    with session_scope(settings.database_url) as db:
        row = db.scalar(select(MeetingRow).where(MeetingRow.title == title).order_by(MeetingRow.id))
        if row is None:
            row = _meeting_row(db, config)
            result.created_meetings.append(row.id)
        meeting_id = row.id
        rec = db.scalar(select(RecordingRow).where(RecordingRow.meeting_id == meeting_id).order_by(RecordingRow.id))
        if rec is None:
            rec = RecordingRow(
                meeting_id=meeting_id, original_name=RECORDING.name, path="", size=0, sha256="", duration=0.0
            )
            db.add(rec)
            db.flush()
            rel = Path("recordings") / str(meeting_id) / f"{rec.id}{RECORDING.suffix}"
            target = settings.data_dir / rel
            with atomic.atomic_path(target) as tmp:
                shutil.copyfile(RECORDING, tmp)
            rec.path, rec.size = rel.as_posix(), target.stat().st_size
            rec.sha256, rec.duration = atomic.file_sha256(target), audio.probe(target).duration
        job = db.scalar(select(JobRow).where(JobRow.recording_id == rec.id).order_by(JobRow.id.desc()))
        if job is not None and job.state == JobState.DONE:
            result.meetings["recording"] = meeting_id
            return
        if job is None:
            job = JobRow(meeting_id=meeting_id, recording_id=rec.id, kind="transcribe", state=JobState.QUEUED)
            db.add(job)
        else:  # an earlier demo run stopped half-way: go again from its checkpoint
            job.state, job.cancel_requested, job.heartbeat_at = JobState.QUEUED, False, None
        db.flush()
        job_id = job.id
    result.meetings["recording"] = meeting_id

    def listen(jid: int, done: float, total: float) -> None:
        if jid == job_id and progress is not None:
            progress(done, total)

    add_progress_listener(listen)
    try:
        result.job_state = run_transcription_job(settings, job_id)
    finally:
        remove_progress_listener(listen)
    if result.job_state != JobState.DONE:
        with session_scope(settings.database_url) as db:
            job = db.get(JobRow, job_id)
            message = job.message if job is not None else ""
        raise UserError(msg.demo_transcription_failed(message or str(result.job_state)))


def _transcript_meeting(settings: Settings, result: DemoResult) -> None:
    config = _transcript_config()
    title = tomllib.loads(config)["meeting"]["title"]
    with session_scope(settings.database_url) as db:
        row = db.scalar(select(MeetingRow).where(MeetingRow.title == title).order_by(MeetingRow.id))
        if row is not None:
            result.meetings["transcript"] = row.id
            return
        row = _meeting_row(db, config)
        import_transcript(db, row.id, load_transcript(SPOKEN))
        result.meetings["transcript"] = row.id
        result.created_meetings.append(row.id)


def setup_demo(settings: Settings, progress: ProgressCallback | None = None) -> DemoResult:
    """Create what is missing of the demo data; see the module docstring."""
    _samples()
    settings.ensure_dirs()
    migrate(settings.database_url)
    result = DemoResult()
    _accounts(settings, result)
    _transcript_meeting(settings, result)  # first: quick, and usable even if the ASR fails
    _recording_meeting(settings, result, progress)
    return result


def meeting_counts(settings: Settings, meeting_id: int) -> tuple[int, int]:
    """(segments, items) of a meeting, for the summary lines."""
    with session_scope(settings.database_url) as db:
        segs = db.scalar(select(func.count()).select_from(SegmentRow).where(SegmentRow.meeting_id == meeting_id)) or 0
        items = db.scalar(select(func.count()).select_from(ItemRow).where(ItemRow.meeting_id == meeting_id)) or 0
        return segs, items


def demo_for_cli(settings: Settings) -> list[str]:
    """Run setup_demo with a progress bar on a terminal; the lines to print
    (the new passwords once, then where they are kept)."""
    bar = make_progress(None)
    progress = BarProgress(label=msg.DEMO_TRANSCRIBING) if isinstance(bar, BarProgress) else bar
    result = setup_demo(settings, progress=progress)
    lines = [] if result.changed else [msg.DEMO_ALREADY]
    for key in ("transcript", "recording"):
        mid = result.meetings.get(key)
        if mid is not None and (mid in result.created_meetings or (key == "recording" and result.job_state)):
            with session_scope(settings.database_url) as db:
                title = get_meeting(db, mid).title
            lines.append(msg.demo_meeting_created(title, *meeting_counts(settings, mid)))
    if result.new_accounts:
        lines.append(msg.DEMO_ACCOUNTS_TITLE)
        lines += [msg.demo_account_line(u, ROLE_LABELS[r], p) for u, r, p in result.new_accounts]
    lines.append(msg.demo_accounts_saved(str(result.accounts_file)))
    return lines
