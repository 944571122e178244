"""A meeting's recordings: the uploaded file checked (name, type, size,
probe) and kept under recordings_dir, its transcription queued; and the
recording file the players stream.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path

from sqlalchemy.orm import Session as DB

from doithoai.jobs import lifecycle
from doithoai.messages import meetings as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_meeting
from doithoai.services.segments import recording_in_use
from doithoai.settings import Settings
from doithoai.store.tables import JobRow, RecordingRow
from pipeline import audio
from pipeline.atomic import file_sha256
from pipeline.errors import BadInputError, NotFoundError, UserError


class TooLarge(UserError):
    http_status = 413


class UnsupportedType(BadInputError):
    http_status = 415


def recording_file(db: DB, settings: Settings, meeting_id: int) -> Path:
    """The recording of the transcript in use (else the latest), for the players."""
    get_meeting(db, meeting_id)
    rec = recording_in_use(db, meeting_id)
    path = settings.data_dir / rec.path if rec is not None else None
    if path is None or not path.is_file():
        raise NotFoundError(msg.NO_RECORDING)
    return path


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
