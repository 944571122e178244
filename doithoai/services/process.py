"""The main job: recording → transcript → items → draft documents.

`doithoai process` and the web app's "process a meeting" call this. The
meeting file is checked before the (long) transcription starts, so a typo in
it costs seconds, not an hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from doithoai.services import documents
from doithoai.services import items as items_service
from doithoai.services.recognition import TranscribeResult, transcribe_file
from minutes.meeting import load_meeting
from pipeline.progress import ProgressCallback


@dataclass
class ProcessResult:
    transcription: TranscribeResult
    items: int
    outputs: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def process_recording(
    audio: str | Path,
    meeting: str | Path,
    out_dir: str | Path,
    *,
    model: str | None = None,
    device: str = "auto",
    progress: ProgressCallback | None = None,
) -> ProcessResult:
    """Transcribe `audio`, extract the citizens' items and write the biên
    bản and báo cáo drafts into `out_dir`. Resumable like `transcribe`."""
    out_dir = Path(out_dir)
    meeting_obj = load_meeting(meeting)
    tr = transcribe_file(audio, out_dir, model=model, meeting=meeting_obj, device=device, progress=progress)
    inputs = documents.inputs_for(tr.transcript, meeting_obj)
    found = inputs.items
    outputs = dict(tr.outputs)
    outputs["items"] = items_service.export_items(found, out_dir / "y-kien.json")
    outputs["items_xlsx"] = items_service.export_items(found, out_dir / "y-kien.xlsx")
    outputs["bien_ban"] = documents.write_bien_ban(inputs, out_dir / "bien-ban.docx").path
    outputs["bao_cao"] = documents.write_bao_cao(inputs, out_dir / "bao-cao.docx").path
    return ProcessResult(tr, len(found), outputs, inputs.notes)
