"""Documents from a dialogue: the biên bản (Mẫu 1.9) and the báo cáo (Mẫu 1.4).

Loads the transcript, the meeting file and (optionally) the reviewed items,
extracts items automatically, lets reviewed items win, builds the DOCX with
minutes/ and writes it atomically. `export_pdf` renders a DOCX to PDF with
LibreOffice for printing or checking.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from doithoai.messages import documents as msg
from doithoai.services.items import (
    extract_items,
    merge_reviewed,
    utterances_from_transcript,
)
from minutes.baocao import Tally, build_bao_cao
from minutes.bienban import build_bien_ban, document_items
from minutes.items import Item, load_items
from minutes.meeting import Meeting, load_meeting
from minutes.types import Utterance
from minutes.vntext import add_minutes
from pipeline import atomic
from pipeline.confidence import review_tokens
from pipeline.errors import BadInputError, UserError
from pipeline.transcript import Transcript, load_transcript


@dataclass
class DocumentInputs:
    transcript: Transcript
    meeting: Meeting
    items: list[Item]  # reviewed items merged over auto-extracted ones
    utterances: list[Utterance]
    notes: list[str] = field(default_factory=list)  # things the user should know


@dataclass
class DocumentResult:
    path: Path
    items: int
    on_spot: int
    written: int
    notes: list[str] = field(default_factory=list)


def _overlap(a: Item, b: Item) -> float:
    """Shared time of two items as a share of the shorter one (0 without times)."""
    if a.start is None or b.start is None:
        return 0.0
    a_end, b_end = a.end if a.end is not None else a.start, b.end if b.end is not None else b.start
    shared = min(a_end, b_end) - max(a.start, b.start)
    shorter = max(min(a_end - a.start, b_end - b.start), 1.0)
    return max(0.0, shared) / shorter if shared > 0 else float(a.start == b.start)


def drop_duplicates_of_reviewed(items: list[Item], reviewed: list[Item], notes: list[str]) -> list[Item]:
    """An auto-extracted item covering the same stretch of the recording as a
    reviewed item with another id is the same point: the reviewed one wins."""
    reviewed_ids = {r.id for r in reviewed}
    kept = []
    for item in items:
        if item.id not in reviewed_ids and any(_overlap(item, r) > 0.5 for r in reviewed):
            notes.append(msg.dropped_duplicate(item.id))
            continue
        kept.append(item)
    return kept


def load_inputs(
    transcript_path: str | Path, meeting_path: str | Path, items_path: str | Path | None = None
) -> DocumentInputs:
    """Read and check every input before anything is written."""
    meeting = load_meeting(meeting_path)
    transcript = load_transcript(transcript_path)
    reviewed = load_items(items_path) if items_path else []
    return inputs_for(transcript, meeting, reviewed)


def inputs_for(transcript: Transcript, meeting: Meeting, reviewed: list[Item] | None = None) -> DocumentInputs:
    """Extract the items (utterances built once) and let reviewed items win."""
    utterances = _with_review_marks(utterances_from_transcript(transcript), transcript)
    notes: list[str] = []
    auto = extract_items(transcript, meeting, utterances=utterances)
    items = drop_duplicates_of_reviewed(merge_reviewed(auto, reviewed), reviewed, notes) if reviewed else auto
    return DocumentInputs(transcript, meeting, items, utterances, notes)


def _with_review_marks(utterances: list[Utterance], transcript: Transcript) -> list[Utterance]:
    """Utterances (one per segment with text, in order) carrying the
    positions of their low-confidence words, for the appendix to mark."""
    segments = [s for s in transcript.segments if s.text.strip()]
    if len(segments) != len(utterances):
        return utterances
    return [
        replace(u, review=review_tokens(s)) if s.needs_review else u for u, s in zip(utterances, segments, strict=True)
    ]


def end_time_of(meeting: Meeting, utterances: list[Utterance], transcript: Transcript) -> dt.time:
    """The meeting file's end time, else start + length of the recording."""
    if meeting.end:
        return meeting.end
    length = max([u.end for u in utterances] + [transcript.duration or 0.0])
    return add_minutes(meeting.start, length)


def _check_output(output: str | Path, suffix: str) -> Path:
    path = Path(output)
    if path.suffix.lower() != suffix:
        raise BadInputError(msg.output_wrong_suffix(path, suffix))
    if path.is_dir():
        raise BadInputError(msg.output_is_folder(path))
    return path


def _save(doc, path: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    try:
        atomic.write_bytes(path, buf.getvalue())
    except OSError as exc:
        raise UserError(msg.output_unwritable(path, exc.strerror or exc)) from None


def _result(path: Path, items: list[Item], notes: list[str]) -> DocumentResult:
    tally = Tally.of(document_items(items))
    return DocumentResult(path, tally.total, tally.on_spot, tally.referred, notes)


def write_bien_ban(
    inputs: DocumentInputs, output: str | Path, *, attendees: int | None = None, appendix: bool = True
) -> DocumentResult:
    """Write the draft biên bản for already loaded inputs to `output` (.docx)."""
    path = _check_output(output, ".docx")
    m = inputs.meeting
    doc = build_bien_ban(
        m,
        inputs.items,
        inputs.utterances,
        attendees=attendees,
        end_time=end_time_of(m, inputs.utterances, inputs.transcript),
        appendix=appendix,
    )
    _save(doc, path)
    return _result(path, inputs.items, inputs.notes)


def write_bao_cao(inputs: DocumentInputs, output: str | Path, *, attendees: int | None = None) -> DocumentResult:
    """Write the draft báo cáo kết quả đối thoại for loaded inputs to `output` (.docx)."""
    path = _check_output(output, ".docx")
    doc = build_bao_cao(inputs.meeting, inputs.items, attendees=attendees)
    _save(doc, path)
    return _result(path, inputs.items, inputs.notes)


def make_bien_ban(
    transcript_path: str | Path,
    meeting_path: str | Path,
    output: str | Path,
    items_path: str | Path | None = None,
    *,
    attendees: int | None = None,
    appendix: bool = True,
) -> DocumentResult:
    """Load the inputs (checked before anything is written) and write the biên bản."""
    _check_output(output, ".docx")
    inputs = load_inputs(transcript_path, meeting_path, items_path)
    return write_bien_ban(inputs, output, attendees=attendees, appendix=appendix)


def make_bao_cao(
    transcript_path: str | Path,
    meeting_path: str | Path,
    output: str | Path,
    items_path: str | Path | None = None,
    *,
    attendees: int | None = None,
) -> DocumentResult:
    """Load the inputs (checked before anything is written) and write the báo cáo."""
    _check_output(output, ".docx")
    inputs = load_inputs(transcript_path, meeting_path, items_path)
    return write_bao_cao(inputs, output, attendees=attendees)


def export_pdf(docx_path: str | Path, timeout: float = 180) -> Path:
    """Render a DOCX to PDF beside it with LibreOffice headless (a private
    profile, so parallel conversions do not clash); atomic like every output."""
    docx_path = Path(docx_path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise UserError(msg.PDF_NO_LIBREOFFICE)
    target = docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="doithoai-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(docx_path),
        ]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise UserError(msg.pdf_failed(exc)) from None
        produced = Path(tmp, docx_path.with_suffix(".pdf").name)
        if not produced.is_file():
            raise UserError(msg.PDF_NO_FILE)
        atomic.write_bytes(target, produced.read_bytes())
    return target


__all__ = [
    "DocumentInputs",
    "DocumentResult",
    "export_pdf",
    "inputs_for",
    "load_inputs",
    "make_bao_cao",
    "make_bien_ban",
    "write_bao_cao",
    "write_bien_ban",
]
