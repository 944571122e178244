"""Items service: transcript → extracted items, reviewed items, exports.

What the CLI (`doithoai questions`, `minutes`, `report`) and the future web
app call. Extraction itself is minutes.extract; this layer converts the
transcript, applies the meeting's deadlines and writes files atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from doithoai.messages import documents as msg
from doithoai.services import cells
from minutes.extract import Extractor
from minutes.items import Item, items_to_json
from minutes.meeting import Meeting
from minutes.messages.items import KIND_LABELS, TOPIC_LABELS
from minutes.types import Utterance
from pipeline import atomic
from pipeline.errors import BadInputError
from pipeline.transcript import Transcript

EXPORT_SUFFIXES = (".json", ".csv", ".xlsx")

COLUMNS = msg.EXPORT_COLUMNS  # (field, Vietnamese heading) of CSV / XLSX exports


def utterances_from_transcript(transcript: Transcript) -> list[Utterance]:
    """Segments → Utterances; a display name from `speakers` replaces the label."""
    out = []
    for seg in transcript.segments:
        text = seg.text.strip()
        if not text:
            continue
        speaker = seg.speaker
        if speaker is None and seg.words and seg.words[0].speaker:
            speaker = seg.words[0].speaker
        if speaker is not None:
            speaker = transcript.speakers.get(speaker, speaker)
        out.append(Utterance(start=seg.start, end=seg.end, text=text, speaker=speaker))
    return out


def lexicon_dir_for(meeting: Meeting | None, lexicon_dir: str | Path | None = None) -> Path | None:
    """The commune's lexicon folder: the CLI flag, else `[extraction] lexicon`
    in the meeting file (a path relative to that file)."""
    if lexicon_dir:
        return Path(lexicon_dir)
    return meeting.extraction_lexicon if meeting is not None else None


def extractor_for(meeting: Meeting | None, lexicon_dir: str | Path | None = None) -> Extractor:
    return Extractor(meeting, lexicon_dir=lexicon_dir_for(meeting, lexicon_dir))


def with_deadlines(items: Iterable[Item], meeting: Meeting | None) -> list[Item]:
    """Items needing a written answer get meeting date + written_answer_days."""
    out = []
    for item in items:
        if meeting is not None and item.needs_written_answer and item.deadline is None:
            item = replace(item, deadline=meeting.date + dt.timedelta(days=meeting.deadlines.written_answer_days))
        out.append(item)
    return out


def extract_items(
    transcript: Transcript,
    meeting: Meeting | None = None,
    lexicon_dir: str | Path | None = None,
    utterances: list[Utterance] | None = None,
) -> list[Item]:
    """All items citizens raised in the transcript, with units and deadlines.
    Pass `utterances` when the caller has already built them."""
    if utterances is None:
        utterances = utterances_from_transcript(transcript)
    items = extractor_for(meeting, lexicon_dir).extract(utterances)
    return with_deadlines(items, meeting)


def merge_reviewed(auto: list[Item], reviewed: list[Item]) -> list[Item]:
    """Reviewed items win over auto-extracted ones with the same id; auto
    items nobody reviewed stay, in order; reviewed items with new ids (added
    by people) follow. To drop an item, a reviewer sets its status to
    "tu_choi" (not a petition) rather than deleting it from the file."""
    by_id = {r.id: replace(r, reviewed=True) for r in reviewed}
    merged = [by_id.pop(a.id, a) for a in auto]
    return merged + list(by_id.values())


def classify_lines(
    lines: Iterable[str], meeting: Meeting | None = None, lexicon_dir: str | Path | None = None
) -> Iterator[dict[str, Any]]:
    """`questions --from-text`: one JSON object per input line ({"text": …}).

    Every line is checked before any is classified, so a bad line stops the
    run with its number and nothing half-printed."""
    records = []
    for number, line in enumerate(lines, 1):
        line = line.lstrip("\ufeff")  # a BOM from Windows editors
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInputError(msg.line_not_json(number, exc.msg)) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise BadInputError(msg.line_without_text(number))
        records.append(data)
    extractor = extractor_for(meeting, lexicon_dir)
    for data in records:
        item = extractor.classify_text(data["text"])
        out = {k: v for k, v in data.items() if k in ("id",)}
        out.update(
            kind=item.kind,
            topic=item.topic,
            unit=item.unit,
            asker=item.asker,
            hamlet=item.hamlet,
            summary=item.summary,
            confidence=item.confidence,
            evidence=item.evidence,
        )
        yield out


def _cell(item: Item, field: str) -> Any:
    value = getattr(item, field)
    if field == "kind":
        return KIND_LABELS.get(value, value)
    if field == "topic":
        return TOPIC_LABELS.get(value, value)
    if field in ("answered", "outside_content"):
        return msg.EXPORT_YES if value else msg.EXPORT_NO
    if field == "deadline":
        return value.strftime("%d/%m/%Y") if value else ""
    if field == "evidence":
        return "; ".join(value)
    return "" if value is None else value


def export_lines(results: Iterable[dict[str, Any]], path: str | Path) -> int:
    """`questions --from-text` results as JSON lines (.jsonl/.json), atomically;
    returns the number of lines. Every input line is read before writing."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".json"):
        raise BadInputError(msg.unsupported_lines_export(path.name))
    lines = [json.dumps(r, ensure_ascii=False) for r in results]
    atomic.write_text(path, "\n".join(lines) + ("\n" if lines else ""))
    return len(lines)


def export_items(items: list[Item], path: str | Path) -> Path:
    """Write items as .json (the reviewed-items format), .csv or .xlsx, atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise BadInputError(msg.unsupported_export(path.suffix or path.name))
    if suffix == ".json":
        return atomic.write_text(path, items_to_json(items))
    rows = [[_cell(i, f) for f, _ in COLUMNS] for i in items]
    if suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([h for _, h in COLUMNS])
        writer.writerows(cells.csv_row(row) for row in rows)
        return atomic.write_bytes(path, buf.getvalue().encode("utf-8-sig"))  # BOM: Excel opens UTF-8
    from openpyxl import Workbook  # lazy: openpyxl takes 0.2 s to import, only .xlsx exports need it
    from openpyxl.styles import Alignment, Font  # lazy: as above

    wb = Workbook()
    ws = wb.active
    ws.title = msg.EXPORT_SHEET_TITLE
    ws.append([h for _, h in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells.xlsx_append(ws, row)
    widths = {"text": 60, "summary": 40, "answer": 50, "evidence": 50, "unit": 28}
    for col, (field, _) in enumerate(COLUMNS, 1):
        letter = ws.cell(row=1, column=col).column_letter
        ws.column_dimensions[letter].width = widths.get(field, 14)
        if field in widths:
            for c in ws[letter][1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    with atomic.atomic_path(path) as tmp:
        wb.save(tmp)
    return path
