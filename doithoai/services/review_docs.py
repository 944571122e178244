"""Documents from the database state of a meeting: the biên bản and báo cáo
(DOCX) from the edited transcript and the reviewed items, and the items as
CSV/XLSX. Rejected and merged items are left out. Built in a temporary file
under the data folder and returned as bytes, so nothing is left behind."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.orm import Session as DB

from doithoai.messages import review as msg
from doithoai.services.documents import DocumentInputs, write_bao_cao, write_bien_ban
from doithoai.services.items import export_items, utterances_from_transcript
from doithoai.services.review import CLOSED, items_of, meeting_row
from doithoai.services.segments import transcript_of
from doithoai.store.convert import item_from_row, meeting_of
from minutes.items import Item
from minutes.meeting import Meeting
from pipeline.errors import UserError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class NoTranscript(UserError):
    http_status = 409


@dataclass
class Download:
    content: bytes
    media_type: str
    filename: str  # Vietnamese
    ascii_name: str

    @property
    def disposition(self) -> str:
        """attachment with an ASCII fallback and the UTF-8 name (RFC 6266)."""
        return f"attachment; filename=\"{self.ascii_name}\"; filename*=UTF-8''{quote(self.filename, safe='')}"


def reviewed_items(db: DB, meeting_id: int, meeting: Meeting | None = None) -> list[Item]:
    """The items a document or export shows: neither rejected nor merged."""
    rows = [r for r in items_of(db, meeting_id, include_closed=True) if r.review not in CLOSED]
    return [item_from_row(r, meeting) for r in rows]


def _date(meeting: Meeting) -> str:
    return meeting.date.strftime("%d-%m-%Y")


def _build(db: DB, tmp_dir: Path, meeting_id: int, writer) -> tuple[bytes, Meeting]:
    meeting = meeting_of(meeting_row(db, meeting_id))
    transcript = transcript_of(db, meeting_id)
    if transcript is None:
        raise NoTranscript(msg.DOCS_NEED_TRANSCRIPT)
    inputs = DocumentInputs(
        transcript, meeting, reviewed_items(db, meeting_id, meeting), utterances_from_transcript(transcript)
    )
    return _via_temp(tmp_dir, ".docx", lambda path: writer(inputs, path)), meeting


def _via_temp(tmp_dir: Path, suffix: str, write) -> bytes:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir, prefix="tai-xuong-") as folder:
        path = Path(folder) / f"out{suffix}"
        write(path)
        return path.read_bytes()


def bien_ban(db: DB, tmp_dir: Path, meeting_id: int) -> Download:
    content, meeting = _build(db, tmp_dir, meeting_id, write_bien_ban)
    return Download(content, DOCX, msg.bien_ban_name(_date(meeting)), f"bien-ban-{meeting_id}.docx")


def bao_cao(db: DB, tmp_dir: Path, meeting_id: int) -> Download:
    content, meeting = _build(db, tmp_dir, meeting_id, write_bao_cao)
    return Download(content, DOCX, msg.bao_cao_name(_date(meeting)), f"bao-cao-{meeting_id}.docx")


def items_export(db: DB, tmp_dir: Path, meeting_id: int, suffix: str) -> Download:
    """The items as .csv or .xlsx (the CLI's export columns)."""
    meeting = meeting_of(meeting_row(db, meeting_id))
    items = reviewed_items(db, meeting_id, meeting)
    content = _via_temp(tmp_dir, suffix, lambda path: export_items(items, path))
    return Download(content, TYPES[suffix], msg.items_name(_date(meeting), suffix), f"y-kien-{meeting_id}{suffix}")
