"""Meetings of the web app: the meeting file built from a form (or uploaded),
validated with minutes.meeting, and recordings added from streamed uploads.

Plain functions over a SQLAlchemy Session, shared by the web routes and tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import secrets
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from minutes.errors import MinutesError
from minutes.meeting import Meeting as MeetingFile
from minutes.meeting import meeting_from_dict
from pipeline import audio
from pipeline.atomic import file_sha256
from pipeline.errors import BadInputError, NotFoundError, UserError
from doithoai.messages import meetings as msg
from doithoai.services import audit
from doithoai.settings import Settings
from doithoai.store.tables import JobRow, MeetingRow, RecordingRow
from doithoai.tomlwrite import dump_toml

MEETING_FIELDS = ("title", "date", "config")


class TooLarge(UserError):
    http_status = 413


class UnsupportedType(BadInputError):
    http_status = 415


# --- the meeting file ---------------------------------------------------------------------


def parse_config(text: str) -> tuple[dict[str, Any], MeetingFile]:
    """TOML text → (raw dict, validated MeetingRow); any mistake is a UserError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(msg.BAD_TOML.format(detail=exc)) from None
    extraction = data.get("extraction")
    if isinstance(extraction, dict) and "lexicon" in extraction:
        # A path on the server: set by whoever runs the server, not through a web form.
        raise UserError(msg.LEXICON_NOT_FROM_WEB)
    try:
        return data, meeting_from_dict(data)
    except MinutesError as exc:
        raise UserError(msg.meeting_invalid(str(exc))) from None


@functools.lru_cache(maxsize=128)
def meeting_file(config: str) -> MeetingFile:
    """The minutes MeetingRow of a meeting file's text; a mistake is a UserError.
    Cached by text (MeetingRow is frozen): the follow-up and review pages read
    every listed meeting on every request."""
    return parse_config(config)[1]


def meeting_of(row: MeetingRow) -> MeetingFile:
    """The minutes MeetingRow of a stored meeting (its config TOML)."""
    return meeting_file(row.config)


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


def config_from_form(form: dict[str, str], base: dict[str, Any] | None = None) -> dict[str, Any]:
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
    _set(m, "attendees", _int(form, "attendees", "Số người dân tham dự"))

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
    _set(deadlines, "written_answer_days", _int(form, "written_answer_days", "Hạn trả lời bằng văn bản (ngày)"))
    _set(deadlines, "result_report_days", _int(form, "result_report_days", "Hạn báo cáo kết quả (ngày)"))
    docs = data.setdefault("documents", {})
    _set(docs, "minutes_number", _int(form, "minutes_number", "Số biên bản"))
    _set(docs, "report_number", _int(form, "report_number", "Số báo cáo"))
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
        "title": text_of(m.get("title")), "date": text_of(m.get("date")), "start": text_of(m.get("start")),
        "end": text_of(m.get("end")), "venue": text_of(m.get("venue")),
        "hamlets": "\n".join(m.get("hamlets", [])), "announced_content": "\n".join(m.get("announced_content", [])),
        "terms": "\n".join(m.get("terms", [])), "attendees": text_of(m.get("attendees")),
        "agency_name": text_of(agency.get("name")), "agency_place": text_of(agency.get("place")),
        "agency_superior": text_of(agency.get("superior")),
        "chair_name": chair[0], "chair_title": chair[1], "secretary_name": secretary[0],
        "secretary_title": secretary[1],
        "co_chairs": "\n".join(" | ".join(person(p)).rstrip(" |") for p in people.get("co_chairs", [])),
        "participants": "\n".join(people.get("participants", [])),
        "officials": "\n".join(" | ".join([str(o.get("name", "")), str(o.get("title") or o.get("role") or ""),
                                           str(o.get("unit", ""))]).rstrip(" |")
                               for o in data.get("officials", []) if isinstance(o, dict)),
        "routing_preset": text_of(routing.get("preset", "tu-2025-07")),
        "written_answer_days": text_of(deadlines.get("written_answer_days")),
        "result_report_days": text_of(deadlines.get("result_report_days")),
        "minutes_number": text_of(docs.get("minutes_number")), "report_number": text_of(docs.get("report_number")),
    }


def config_text_from_form(form: dict[str, str], base_text: str | None = None) -> str:
    base = tomllib.loads(base_text) if base_text else None
    text = dump_toml(config_from_form(form, base))
    parse_config(text)
    return text


def create_meeting(db: DB, actor: Any, config_text: str) -> MeetingRow:
    """A new meeting from meeting-file text (validated; nothing saved if bad)."""
    _, meeting = parse_config(config_text)
    row = MeetingRow(title=meeting.title, date=meeting.date, config=config_text,
                  created_by=actor.id if actor else None)
    db.add(row)
    db.flush()
    audit.record(db, actor, "meeting", row.id, "create", None, audit.snapshot(row, MEETING_FIELDS),
                 meeting_id=row.id)
    return row


def update_meeting(db: DB, actor: Any, row: MeetingRow, config_text: str) -> bool:
    """Replace the meeting file; returns False when nothing changed."""
    _, meeting = parse_config(config_text)
    before = audit.snapshot(row, MEETING_FIELDS)
    row.title, row.date, row.config = meeting.title, meeting.date, config_text
    old, new = audit.changes(before, audit.snapshot(row, MEETING_FIELDS))
    if not new:
        return False
    audit.record(db, actor, "meeting", row.id, "update", old, new, meeting_id=row.id)
    return True


def get_meeting(db: DB, meeting_id: int) -> MeetingRow:
    row = db.get(MeetingRow, meeting_id)
    if row is None:
        raise NotFoundError(msg.MEETING_NOT_FOUND)
    return row


def meeting_jobs(db: DB, meeting_id: int) -> list[JobRow]:
    return list(db.scalars(select(JobRow).where(JobRow.meeting_id == meeting_id).order_by(JobRow.id.desc())))


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


def add_recording(db: DB, settings: Settings, actor: Any, meeting_id: int, part: Path, name: str) -> tuple[RecordingRow, JobRow]:
    """Check the uploaded file at `part` (in tmp_dir) and keep it as the
    meeting's recording, then queue its transcription. On any refusal the
    temp file is deleted and nothing is written to the database."""
    from doithoai.services import jobs

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
        rec = RecordingRow(meeting_id=meeting_id, original_name=name, path="", size=info.size,
                        sha256=file_sha256(probe_path), duration=info.duration,
                        uploaded_by=actor.id if actor else None)
        db.add(rec)
        db.flush()
        target = settings.recordings_dir / str(meeting_id) / f"{rec.id}{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(probe_path, target)
        rec.path = target.relative_to(settings.data_dir).as_posix()
        audit.record(db, actor, "recording", rec.id, "upload", None,
                     audit.snapshot(rec, ("original_name", "path", "size", "sha256", "duration")),
                     meeting_id=meeting_id)
    except BaseException:
        db.rollback()
        for path in (part, probe_path, target):
            if path is not None:
                path.unlink(missing_ok=True)
        raise
    # Outside the clean-up: it commits, and after that the recording is kept.
    job = jobs.enqueue_transcription(db, settings, meeting_id, rec.id, actor.id if actor else None)
    return rec, job
