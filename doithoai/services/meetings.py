"""Meetings of the web app: created and edited from a checked meeting file
(meeting_config.py), the list and page of meetings, transcript imports and
transcription job actions (audited). Recordings are in recordings.py.

Plain functions over a SQLAlchemy Session, shared by the web routes and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.jobs import lifecycle
from doithoai.messages import jobs as jobs_msg
from doithoai.services import audit, transcript_import, transcription_jobs
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_meeting, get_or_404
from doithoai.services.meeting_config import MeetingConfig
from doithoai.services.recordings import clean_name
from doithoai.settings import Settings
from doithoai.store.convert import meeting_of
from doithoai.store.tables import JobRow, MeetingRow, RecordingRow
from minutes.meeting import Meeting
from pipeline.errors import UserError
from pipeline.transcript import Transcript

MEETING_FIELDS = ("title", "date", "config")


def create_meeting(db: DB, actor: Actor | None, config: MeetingConfig) -> MeetingRow:
    """A new meeting from a checked meeting file."""
    row = MeetingRow(
        title=config.meeting.title, date=config.meeting.date, config=config.text, created_by=actor.id if actor else None
    )
    db.add(row)
    db.flush()
    audit.record(db, actor, "meeting", row.id, "create", None, audit.snapshot(row, MEETING_FIELDS), meeting_id=row.id)
    return row


def update_meeting(db: DB, actor: Actor | None, row: MeetingRow, config: MeetingConfig) -> bool:
    """Replace the meeting file; returns False when nothing changed."""
    before = audit.snapshot(row, MEETING_FIELDS)
    row.title, row.date, row.config = config.meeting.title, config.meeting.date, config.text
    old, new = audit.changes(before, audit.snapshot(row, MEETING_FIELDS))
    if not new:
        return False
    audit.record(db, actor, "meeting", row.id, "update", old, new, meeting_id=row.id)
    return True


def meeting_jobs(db: DB, meeting_id: int) -> list[JobRow]:
    return list(db.scalars(select(JobRow).where(JobRow.meeting_id == meeting_id).order_by(JobRow.id.desc())))


@dataclass
class MeetingList:
    meetings: list[MeetingRow]
    recording_counts: dict[int, int]
    last_job: dict[int, JobRow]


def list_meetings(db: DB) -> MeetingList:
    """Every meeting, newest first, with its number of recordings and latest job."""
    rows = list(db.scalars(select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc())))
    counts = dict(
        db.execute(select(RecordingRow.meeting_id, func.count(RecordingRow.id)).group_by(RecordingRow.meeting_id)).all()
    )
    latest = select(func.max(JobRow.id)).group_by(JobRow.meeting_id)
    last_job = {job.meeting_id: job for job in db.scalars(select(JobRow).where(JobRow.id.in_(latest)))}
    return MeetingList(rows, counts, last_job)


@dataclass
class MeetingPage:
    row: MeetingRow
    info: Meeting | None  # None when the stored file no longer reads: `error` says why
    error: str | None
    recordings: list[RecordingRow]  # newest first
    jobs: list[dict[str, Any]]  # job_view and "file": the recording's name
    segments: int
    transcripts: list[transcript_import.TranscriptVersion]  # newest first
    in_use: transcript_import.TranscriptVersion | None


def meeting_page(db: DB, meeting_id: int) -> MeetingPage:
    row = get_meeting(db, meeting_id)
    try:
        info, error = meeting_of(row), None
    except UserError as exc:
        info, error = None, exc.message
    names = {r.id: r.original_name for r in row.recordings}
    views = [
        {**transcription_jobs.job_view(j), "file": names.get(j.recording_id, "")} for j in meeting_jobs(db, meeting_id)
    ]
    versions = transcript_import.transcript_versions(db, row)
    used = next((v for v in versions if v.in_use), None)
    return MeetingPage(
        row, info, error, list(reversed(row.recordings)), views, used.segments if used else 0, versions, used
    )


def import_transcript(
    db: DB, actor: Actor | None, meeting_id: int, transcript: Transcript, source: str
) -> transcript_import.ImportResult:
    """A transcript JSON someone uploaded, kept as a new transcript of the
    meeting (see transcript_import.import_transcript); audited with its name."""
    get_meeting(db, meeting_id)
    result = transcript_import.import_transcript(db, meeting_id, transcript, source=clean_name(source))
    audit.record(
        db,
        actor,
        "meeting",
        meeting_id,
        "import_transcript",
        None,
        {
            "segments": result.segments,
            "items": result.items,
            "source": clean_name(source),
            "transcript_id": result.transcript_id,
            "used": result.used,
        },
        meeting_id=meeting_id,
    )
    return result


# --- transcription jobs -----------------------------------------------------------------------


def get_job(db: DB, job_id: int) -> JobRow:
    return get_or_404(db, JobRow, job_id, jobs_msg.JOB_NOT_FOUND)


def job_status(db: DB, job_id: int) -> dict[str, Any]:
    return transcription_jobs.job_view(get_job(db, job_id))


def cancel_transcription(db: DB, actor: Actor | None, job_id: int) -> JobRow:
    get_job(db, job_id)
    job = lifecycle.cancel_job(db, job_id)
    audit.record(db, actor, "job", job.id, "cancel", None, {"state": job.state}, meeting_id=job.meeting_id)
    return job


def retry_transcription(db: DB, settings: Settings, actor: Actor | None, job_id: int) -> JobRow:
    get_job(db, job_id)
    job = lifecycle.retry_job(db, settings, job_id)
    audit.record(db, actor, "job", job.id, "retry", None, {"state": job.state}, meeting_id=job.meeting_id)
    return job
