"""A meeting's transcript as stored in the database (edited text, named
speakers), read and changed by the transcript page, the review page and the
documents. Plain functions over a SQLAlchemy session; no web imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from pipeline.errors import UserError
from doithoai.messages import transcript_page as msg
from doithoai.services import audit
from doithoai.store.tables import MeetingRow, RecordingRow, SegmentRow, SpeakerRow
from pipeline.transcript import ModelInfo, Source, Transcript, Word
from pipeline.transcript import Segment as TSegment


def segments_of(db: DB, meeting_id: int) -> list[SegmentRow]:
    return list(db.scalars(select(SegmentRow).where(SegmentRow.meeting_id == meeting_id).order_by(SegmentRow.idx, SegmentRow.id)))


def segment_outline(db: DB, meeting_id: int) -> list[tuple[int, float, float, str | None, bool]]:
    """(id, start, end, speaker, edited) of every segment, as plain tuples:
    what the transcript page needs of the whole transcript (pages, speaker
    counts), without loading every segment's text and words."""
    q = (select(SegmentRow.id, SegmentRow.start, SegmentRow.end, SegmentRow.speaker, SegmentRow.text != SegmentRow.asr_text)
         .where(SegmentRow.meeting_id == meeting_id).order_by(SegmentRow.idx, SegmentRow.id))
    return [tuple(r) for r in db.execute(q)]


def segments_by_id(db: DB, ids: list[int]) -> list[SegmentRow]:
    if not ids:
        return []
    rows = {s.id: s for s in db.scalars(select(SegmentRow).where(SegmentRow.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def speakers_of(db: DB, meeting_id: int) -> list[SpeakerRow]:
    return list(db.scalars(select(SpeakerRow).where(SpeakerRow.meeting_id == meeting_id).order_by(SpeakerRow.label, SpeakerRow.id)))


def latest_recording(db: DB, meeting_id: int) -> RecordingRow | None:
    return db.scalars(select(RecordingRow).where(RecordingRow.meeting_id == meeting_id)
                      .order_by(RecordingRow.id.desc()).limit(1)).first()


def _words(row: SegmentRow) -> list[Word]:
    # The stored words are the ASR's: once the text is edited they no longer
    # match it, and the subtitle writers would cut cues from the old words.
    if row.text.strip() != (row.asr_text or "").strip():
        return []
    out = []
    for w in row.words or []:
        if isinstance(w, dict) and {"start", "end", "word"} <= w.keys():
            out.append(Word(float(w["start"]), float(w["end"]), str(w["word"]),
                            float(w.get("probability", 1.0)), w.get("speaker")))
    return out


def transcript_of(db: DB, meeting_id: int) -> Transcript | None:
    """The meeting's transcript with the edited text and the speakers' names
    (only named ones; unnamed speakers keep their label). None when the
    meeting has no segments yet."""
    meeting = db.get(MeetingRow, meeting_id)
    rows = segments_of(db, meeting_id) if meeting else []
    if not rows:
        return None
    segments = [TSegment(id=i, start=r.start, end=r.end, text=r.text, words=_words(r), speaker=r.speaker)
                for i, r in enumerate(rows)]
    speakers = {s.label: s.name.strip() for s in speakers_of(db, meeting_id) if s.name and s.name.strip()}
    recording = latest_recording(db, meeting_id)
    last_end = max(r.end for r in rows)
    if recording is not None:
        source = Source(recording.original_name, recording.sha256, float(recording.duration or last_end))
    else:
        source = Source(meeting.title, "", float(last_end))
    return Transcript(source=source, model=ModelInfo("", "", {}), segments=segments, speakers=speakers)


MAX_TEXT = 5000
MAX_NAME = 200


def speaker_labels(db: DB, meeting_id: int) -> list[str]:
    """Every label of the meeting: those with a SpeakerRow row and those only
    on segments, in label order."""
    labels = {s.label for s in speakers_of(db, meeting_id)}
    labels |= {r for r in db.scalars(select(SegmentRow.speaker).where(SegmentRow.meeting_id == meeting_id).distinct()) if r}
    return sorted(labels)


def speaker_names(db: DB, meeting_id: int) -> dict[str, str]:
    """label -> name for every label (the label itself when unnamed)."""
    named = {s.label: s.name.strip() for s in speakers_of(db, meeting_id) if s.name and s.name.strip()}
    return {label: named.get(label, label) for label in speaker_labels(db, meeting_id)}


def segment_in(db: DB, meeting_id: int, segment_id: int) -> SegmentRow | None:
    row = db.get(SegmentRow, segment_id)
    return row if row is not None and row.meeting_id == meeting_id else None


def update_segment(db: DB, user: Any, row: SegmentRow, text: str | None = None,
                   speaker: str | None = None) -> bool:
    """Change a segment's text and/or speaker label ("" = no speaker); the
    ASR text stays in asr_text. Checks everything before changing anything;
    one audit entry with the changed fields. Returns whether anything changed."""
    before = audit.snapshot(row, ("text", "speaker"))
    new_text = row.text
    if text is not None:
        new_text = " ".join(text.split())
        if not new_text:
            raise UserError(msg.TEXT_EMPTY)
        if len(new_text) > MAX_TEXT:
            raise UserError(msg.TEXT_TOO_LONG)
    new_speaker = row.speaker
    if speaker is not None:
        new_speaker = speaker.strip() or None
        if new_speaker is not None and new_speaker not in speaker_labels(db, row.meeting_id):
            raise UserError(msg.SPEAKER_UNKNOWN)
    row.text, row.speaker = new_text, new_speaker
    old, new = audit.changes(before, audit.snapshot(row, ("text", "speaker")))
    if new:
        audit.record(db, user, "segment", row.id, "update", old, new, meeting_id=row.meeting_id)
    return bool(new)


def rename_speakers(db: DB, user: Any, meeting_id: int, names: dict[str, str]) -> int:
    """Set speakers' names (label -> name, "" clears it); only labels of the
    meeting. One audit entry per changed name. Returns how many changed."""
    known = speaker_labels(db, meeting_id)
    cleaned = {}
    for label, name in names.items():
        if label not in known:
            raise UserError(msg.SPEAKER_UNKNOWN)
        name = " ".join(name.split())
        if len(name) > MAX_NAME:
            raise UserError(msg.NAME_TOO_LONG)
        cleaned[label] = name
    rows = {s.label: s for s in speakers_of(db, meeting_id)}
    changed = 0
    for label, name in cleaned.items():
        row = rows.get(label)
        if row is None:
            if not name:
                continue
            row = SpeakerRow(meeting_id=meeting_id, label=label, name="")
            db.add(row)
            db.flush()
        if (row.name or "") == name:
            continue
        audit.record(db, user, "speaker", row.id, "rename", {"label": label, "name": row.name or ""},
                     {"label": label, "name": name}, meeting_id=meeting_id)
        row.name = name
        changed += 1
    return changed
