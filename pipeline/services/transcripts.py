"""A meeting's transcript as stored in the database (edited text, named
speakers), read and changed by the transcript page, the review page and the
documents. Plain functions over a SQLAlchemy session; no web imports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from pipeline.store.models import Meeting, Recording, Segment, Speaker
from pipeline.transcript import ModelInfo, Source, Transcript, Word
from pipeline.transcript import Segment as TSegment


def segments_of(db: DB, meeting_id: int) -> list[Segment]:
    return list(db.scalars(select(Segment).where(Segment.meeting_id == meeting_id).order_by(Segment.idx, Segment.id)))


def speakers_of(db: DB, meeting_id: int) -> list[Speaker]:
    return list(db.scalars(select(Speaker).where(Speaker.meeting_id == meeting_id).order_by(Speaker.label, Speaker.id)))


def latest_recording(db: DB, meeting_id: int) -> Recording | None:
    return db.scalars(select(Recording).where(Recording.meeting_id == meeting_id)
                      .order_by(Recording.id.desc()).limit(1)).first()


def _words(row: Segment) -> list[Word]:
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
    meeting = db.get(Meeting, meeting_id)
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
