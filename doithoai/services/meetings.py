"""Meetings of the web app: the meeting file built from a form (or uploaded),
validated with minutes.meeting, the list and page of meetings, recordings
added from streamed uploads, transcript imports and job actions (audited).

Plain functions over a SQLAlchemy Session, shared by the web routes and tests.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.jobs import lifecycle
from doithoai.messages import jobs as jobs_msg
from doithoai.messages import meetings as msg
from doithoai.services import audit, transcript_import, transcription_jobs
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_meeting, get_or_404
from doithoai.services.segments import recording_in_use
from doithoai.settings import Settings
from doithoai.store.convert import meeting_file, meeting_from_data, meeting_of, parse_meeting_config
from doithoai.store.tables import JobRow, MeetingRow, RecordingRow
from doithoai.tomlwrite import dump_toml
from minutes.meeting import Meeting
from pipeline import audio
from pipeline.atomic import file_sha256
from pipeline.errors import BadInputError, NotFoundError, UserError
from pipeline.transcript import Transcript

__all__ = ["meeting_file", "meeting_of"]  # the stored meeting's Meeting (doithoai.store.convert)

MEETING_FIELDS = ("title", "date", "config")


class TooLarge(UserError):
    http_status = 413


class UnsupportedType(BadInputError):
    http_status = 415


@dataclass(frozen=True)
class MeetingConfig:
    """A checked meeting file: the TOML text that is stored and its Meeting."""

    text: str
    meeting: Meeting


# --- the meeting file ---------------------------------------------------------------------


def config_from_text(text: str) -> MeetingConfig:
    """An uploaded meeting file; any mistake is a UserError."""
    return MeetingConfig(text, parse_meeting_config(text)[1])


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _int(form: dict[str, str], name: str, label: str) -> int | None:
    text = (form.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UserError(msg.NOT_A_NUMBER.format(label=label)) from None


def _date_value(text: str) -> dt.date | str:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    return text.strip()  # meeting_from_dict says what is wrong with it


def _split(line: str, parts: int) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    return (cells + [""] * parts)[:parts]


def _person(name: str, title: str) -> dict[str, str] | str:
    name, title = name.strip(), title.strip()
    return {"name": name, "title": title} if title else name


def _set(table: dict[str, Any], key: str, value: Any) -> None:
    """Set, or drop the key when the form field was left empty."""
    if value in (None, "", [], {}):
        table.pop(key, None)
    else:
        table[key] = value


def _config_data(form: dict[str, str], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The meeting-file dict from the form fields, over `base` (the stored file
    when editing) so that keys the form does not show are kept."""
    data: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (base or {}).items()}
    m = data.setdefault("meeting", {})
    _set(m, "title", (form.get("title") or "").strip())
    _set(m, "date", _date_value(form.get("date") or ""))
    _set(m, "start", (form.get("start") or "").strip())
    _set(m, "end", (form.get("end") or "").strip())
    _set(m, "venue", (form.get("venue") or "").strip())
    for key in ("hamlets", "announced_content", "terms"):
        _set(m, key, _lines(form.get(key)))
    _set(m, "attendees", _int(form, "attendees", msg.LABEL_ATTENDEES))

    agency = data.setdefault("agency", {})
    for key in ("name", "place", "superior"):
        _set(agency, key, (form.get(f"agency_{key}") or "").strip())

    people = data.setdefault("people", {})
    _set(people, "chair", _person(form.get("chair_name", ""), form.get("chair_title", "")) or "")
    _set(people, "secretary", _person(form.get("secretary_name", ""), form.get("secretary_title", "")) or "")
    co_chairs = []
    for n, line in enumerate(_lines(form.get("co_chairs")), 1):
        name, title = _split(line, 2)
        if not name:
            raise UserError(msg.CO_CHAIR_LINE.format(n=n))
        co_chairs.append({"name": name, "title": title})
    _set(people, "co_chairs", co_chairs)
    _set(people, "participants", _lines(form.get("participants")))

    officials = []
    for n, line in enumerate(_lines(form.get("officials")), 1):
        name, title, unit = _split(line, 3)
        if not name:
            raise UserError(msg.OFFICIAL_LINE.format(n=n))
        officials.append({k: v for k, v in (("name", name), ("title", title), ("unit", unit)) if v})
    _set(data, "officials", officials)

    routing = data.setdefault("routing", {})
    _set(routing, "preset", (form.get("routing_preset") or "").strip())
    deadlines = data.setdefault("deadlines", {})
    _set(deadlines, "written_answer_days", _int(form, "written_answer_days", msg.LABEL_WRITTEN_ANSWER_DAYS))
    _set(deadlines, "result_report_days", _int(form, "result_report_days", msg.LABEL_RESULT_REPORT_DAYS))
    docs = data.setdefault("documents", {})
    _set(docs, "minutes_number", _int(form, "minutes_number", msg.LABEL_MINUTES_NUMBER))
    _set(docs, "report_number", _int(form, "report_number", msg.LABEL_REPORT_NUMBER))
    for key in [k for k, v in data.items() if v == {} and k != "meeting"]:
        del data[key]
    return data


def form_from_config(text: str) -> dict[str, str]:
    """Form field values of a stored meeting file (for the edit form)."""
    data = tomllib.loads(text)
    m, agency, people = data.get("meeting", {}), data.get("agency", {}), data.get("people", {})
    docs, deadlines, routing = data.get("documents", {}), data.get("deadlines", {}), data.get("routing", {})

    def person(value: Any) -> tuple[str, str]:
        if isinstance(value, dict):
            return str(value.get("name", "")), str(value.get("title", ""))
        return str(value or ""), ""

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    chair, secretary = person(people.get("chair")), person(people.get("secretary"))
    return {
        "title": text_of(m.get("title")),
        "date": text_of(m.get("date")),
        "start": text_of(m.get("start")),
        "end": text_of(m.get("end")),
        "venue": text_of(m.get("venue")),
        "hamlets": "\n".join(m.get("hamlets", [])),
        "announced_content": "\n".join(m.get("announced_content", [])),
        "terms": "\n".join(m.get("terms", [])),
        "attendees": text_of(m.get("attendees")),
        "agency_name": text_of(agency.get("name")),
        "agency_place": text_of(agency.get("place")),
        "agency_superior": text_of(agency.get("superior")),
        "chair_name": chair[0],
        "chair_title": chair[1],
        "secretary_name": secretary[0],
        "secretary_title": secretary[1],
        "co_chairs": "\n".join(" | ".join(person(p)).rstrip(" |") for p in people.get("co_chairs", [])),
        "participants": "\n".join(people.get("participants", [])),
        "officials": "\n".join(
            " | ".join(
                [str(o.get("name", "")), str(o.get("title") or o.get("role") or ""), str(o.get("unit", ""))]
            ).rstrip(" |")
            for o in data.get("officials", [])
            if isinstance(o, dict)
        ),
        "routing_preset": text_of(routing.get("preset", "tu-2025-07")),
        "written_answer_days": text_of(deadlines.get("written_answer_days")),
        "result_report_days": text_of(deadlines.get("result_report_days")),
        "minutes_number": text_of(docs.get("minutes_number")),
        "report_number": text_of(docs.get("report_number")),
    }


def config_from_form(form: dict[str, str], base_text: str | None = None) -> MeetingConfig:
    """The meeting file of the form fields, checked; when editing, over the
    stored file (`base_text`) so that keys the form does not show are kept."""
    data = _config_data(form, tomllib.loads(base_text) if base_text else None)
    meeting = meeting_from_data(data)
    return MeetingConfig(dump_toml(data), meeting)


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


def recording_file(db: DB, settings: Settings, meeting_id: int) -> Path:
    """The recording of the transcript in use (else the latest), for the players."""
    get_meeting(db, meeting_id)
    rec = recording_in_use(db, meeting_id)
    path = settings.data_dir / rec.path if rec is not None else None
    if path is None or not path.is_file():
        raise NotFoundError(msg.NO_RECORDING)
    return path


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


# --- recordings -----------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A display name from the client's file name: last path part, no
    control characters, NFC, at most 200 characters (keeping the extension)."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        ext = ext if len(ext) <= 10 else ""
        name = stem[: 200 - len(ext)] + ext
    return name or "ghi-am"


def audio_extension(name: str) -> str:
    """The lower-case extension of a supported recording, else UnsupportedType."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in audio.AUDIO_EXTENSIONS:
        raise UnsupportedType(msg.upload_bad_extension(name))
    return ext


def new_temp(settings: Settings) -> Path:
    settings.tmp_dir.mkdir(parents=True, exist_ok=True)
    return settings.tmp_dir / f"{secrets.token_hex(16)}.part"


def add_recording(
    db: DB, settings: Settings, actor: Actor | None, meeting_id: int, part: Path, name: str
) -> tuple[RecordingRow, JobRow]:
    """Check the uploaded file at `part` (in tmp_dir) and keep it as the
    meeting's recording, then queue its transcription. On any refusal the
    temp file is deleted and nothing is written to the database."""
    target: Path | None = None
    probe_path = part
    try:
        get_meeting(db, meeting_id)
        ext = audio_extension(name)
        if part.stat().st_size == 0:
            raise BadInputError(msg.UPLOAD_EMPTY)
        probe_path = part.with_name(part.stem + ext)  # probe reads the extension
        os.replace(part, probe_path)
        try:
            info = audio.probe(probe_path)
        except BadInputError as exc:  # its message names the temp file: show the user's name
            text = exc.message.replace(f"file:{probe_path}", name).replace(str(probe_path), name)
            raise type(exc)(text.replace(probe_path.name, name)) from None
        rec = RecordingRow(
            meeting_id=meeting_id,
            original_name=name,
            path="",
            size=info.size,
            sha256=file_sha256(probe_path),
            duration=info.duration,
            uploaded_by=actor.id if actor else None,
        )
        db.add(rec)
        db.flush()
        target = settings.recordings_dir / str(meeting_id) / f"{rec.id}{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(probe_path, target)
        rec.path = target.relative_to(settings.data_dir).as_posix()
        audit.record(
            db,
            actor,
            "recording",
            rec.id,
            "upload",
            None,
            audit.snapshot(rec, ("original_name", "path", "size", "sha256", "duration")),
            meeting_id=meeting_id,
        )
    except BaseException:
        db.rollback()
        for path in (part, probe_path, target):
            if path is not None:
                path.unlink(missing_ok=True)
        raise
    # Outside the clean-up: it commits, and after that the recording is kept.
    job = lifecycle.enqueue_transcription(db, settings, meeting_id, rec.id, actor.id if actor else None)
    return rec, job
