"""A meeting's transcript as stored in the database (edited text, named
speakers), read and changed by the transcript page, the review page and the
documents. Plain functions over a SQLAlchemy session; no web imports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import transcript_page as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_meeting, get_or_404
from doithoai.store.tables import MeetingRow, RecordingRow, SegmentRow, SpeakerRow, TranscriptRow, utcnow
from pipeline.errors import NotFoundError, UserError
from pipeline.transcript import ModelInfo, Source, Transcript, Word
from pipeline.transcript import Segment as TSegment


def in_use(db: DB, meeting_id: int) -> int | None:
    """The id of the transcript the meeting uses (MeetingRow.transcript_id;
    doithoai/services/transcript_import.py says how it is chosen)."""
    return db.scalar(select(MeetingRow.transcript_id).where(MeetingRow.id == meeting_id))


def segments_of(db: DB, meeting_id: int) -> list[SegmentRow]:
    return list(
        db.scalars(
            select(SegmentRow)
            .where(SegmentRow.transcript_id == in_use(db, meeting_id))
            .order_by(SegmentRow.idx, SegmentRow.id)
        )
    )


def segment_outline(db: DB, meeting_id: int) -> list[tuple[int, float, float, str | None, bool]]:
    """(id, start, end, speaker, edited) of every segment, as plain tuples:
    what the transcript page needs of the whole transcript (pages, speaker
    counts), without loading every segment's text and words."""
    q = (
        select(
            SegmentRow.id, SegmentRow.start, SegmentRow.end, SegmentRow.speaker, SegmentRow.text != SegmentRow.asr_text
        )
        .where(SegmentRow.transcript_id == in_use(db, meeting_id))
        .order_by(SegmentRow.idx, SegmentRow.id)
    )
    return [(i, start, end, speaker, edited) for i, start, end, speaker, edited in db.execute(q)]


def segments_by_id(db: DB, ids: list[int]) -> list[SegmentRow]:
    if not ids:
        return []
    rows = {s.id: s for s in db.scalars(select(SegmentRow).where(SegmentRow.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def _speakers(db: DB, transcript_id: int | None) -> list[SpeakerRow]:
    return list(
        db.scalars(
            select(SpeakerRow)
            .where(SpeakerRow.transcript_id == transcript_id)
            .order_by(SpeakerRow.label, SpeakerRow.id)
        )
    )


def speakers_of(db: DB, meeting_id: int) -> list[SpeakerRow]:
    return _speakers(db, in_use(db, meeting_id))


def latest_recording(db: DB, meeting_id: int) -> RecordingRow | None:
    return db.scalars(
        select(RecordingRow).where(RecordingRow.meeting_id == meeting_id).order_by(RecordingRow.id.desc()).limit(1)
    ).first()


def recording_in_use(db: DB, meeting_id: int) -> RecordingRow | None:
    """The recording of the transcript in use (its times are that file's),
    else the latest one."""
    version = db.get(TranscriptRow, in_use(db, meeting_id) or 0)
    if version is not None and version.recording_id is not None:
        rec = db.get(RecordingRow, version.recording_id)
        if rec is not None:
            return rec
    return latest_recording(db, meeting_id)


def _words(row: SegmentRow) -> list[Word]:
    # The stored words are the ASR's: once the text is edited they no longer
    # match it, and the subtitle writers would cut cues from the old words.
    if row.text.strip() != (row.asr_text or "").strip():
        return []
    out = []
    for w in row.words or []:
        if isinstance(w, dict) and {"start", "end", "word"} <= w.keys():
            out.append(
                Word(
                    float(w["start"]),
                    float(w["end"]),
                    str(w["word"]),
                    float(w.get("probability", 1.0)),
                    w.get("speaker"),
                )
            )
    return out


def transcript_of(db: DB, meeting_id: int) -> Transcript | None:
    """The meeting's transcript with the edited text and the speakers' names
    (only named ones; unnamed speakers keep their label). None when the
    meeting has no segments yet."""
    meeting = db.get(MeetingRow, meeting_id)
    if meeting is None:
        return None
    rows = segments_of(db, meeting_id)
    if not rows:
        return None
    segments = [
        TSegment(id=i, start=r.start, end=r.end, text=r.text, words=_words(r), speaker=r.speaker)
        for i, r in enumerate(rows)
    ]
    speakers = {s.label: s.name.strip() for s in speakers_of(db, meeting_id) if s.name and s.name.strip()}
    recording = recording_in_use(db, meeting_id)
    last_end = max(r.end for r in rows)
    if recording is not None:
        source = Source(recording.original_name, recording.sha256, float(recording.duration or last_end))
    else:
        source = Source(meeting.title, "", float(last_end))
    version = db.get(TranscriptRow, meeting.transcript_id or 0)
    return Transcript(
        source=source, model=ModelInfo(version.model if version else "", "", {}), segments=segments, speakers=speakers
    )


MAX_TEXT = 5000
MAX_NAME = 200


def _labels(db: DB, transcript_id: int | None) -> list[str]:
    labels = {s.label for s in _speakers(db, transcript_id)}
    labels |= {
        r
        for r in db.scalars(select(SegmentRow.speaker).where(SegmentRow.transcript_id == transcript_id).distinct())
        if r
    }
    return sorted(labels)


def speaker_labels(db: DB, meeting_id: int) -> list[str]:
    """Every label of the transcript in use: those with a SpeakerRow row and
    those only on segments, in label order."""
    return _labels(db, in_use(db, meeting_id))


def _mark_edited(db: DB, transcript_id: int | None) -> None:
    """A corrected transcript is never pushed aside by a new upload."""
    version = db.get(TranscriptRow, transcript_id or 0)
    if version is not None:
        version.edited_at = utcnow()


def speaker_names(db: DB, meeting_id: int) -> dict[str, str]:
    """label -> name for every label (the label itself when unnamed)."""
    named = {s.label: s.name.strip() for s in speakers_of(db, meeting_id) if s.name and s.name.strip()}
    return {label: named.get(label, label) for label in speaker_labels(db, meeting_id)}


def segment_in(db: DB, meeting_id: int, segment_id: int) -> SegmentRow:
    """A segment of the meeting (the meeting is checked first)."""
    get_meeting(db, meeting_id)
    return get_or_404(db, SegmentRow, segment_id, msg.SEGMENT_NOT_FOUND, meeting_id=meeting_id)


def transcript_or_404(db: DB, meeting_id: int) -> Transcript:
    """The meeting's transcript for a download (the meeting is checked first)."""
    get_meeting(db, meeting_id)
    transcript = transcript_of(db, meeting_id)
    if transcript is None:
        raise NotFoundError(msg.NO_TRANSCRIPT)
    return transcript


@dataclass
class TranscriptPage:
    """One page of the transcript page, and what it shows of the whole."""

    meeting: MeetingRow
    shown: list[SegmentRow]
    pages: list[tuple[int, float, float]]  # (number, start, end)
    page: int
    total: int
    edited: int
    names: dict[str, str]
    first_at: dict[str, tuple[float, float]]  # speaker -> first segment's (start, end)
    counts: dict[str, int]  # speaker -> segments
    recording: RecordingRow | None
    version: TranscriptRow | None


def transcript_page(db: DB, meeting_id: int, page: int, page_size: int) -> TranscriptPage:
    meeting = get_meeting(db, meeting_id)
    outline = segment_outline(db, meeting_id)
    first_at: dict[str, tuple[float, float]] = {}
    counts: dict[str, int] = {}
    for _, start, end, speaker, _ in outline:
        if speaker:
            first_at.setdefault(speaker, (start, end))
            counts[speaker] = counts.get(speaker, 0) + 1
    pages = [
        (n + 1, outline[i][1], outline[min(i + page_size, len(outline)) - 1][2])
        for n, i in enumerate(range(0, len(outline), page_size))
    ]
    page = min(max(page, 1), max(len(pages), 1))
    shown = segments_by_id(db, [o[0] for o in outline[(page - 1) * page_size : page * page_size]])
    return TranscriptPage(
        meeting,
        shown,
        pages,
        page,
        len(outline),
        sum(1 for o in outline if o[4]),
        speaker_names(db, meeting_id),
        first_at,
        counts,
        recording_in_use(db, meeting_id),
        db.get(TranscriptRow, meeting.transcript_id or 0),
    )


def update_segment(
    db: DB, user: Actor | None, row: SegmentRow, text: str | None = None, speaker: str | None = None
) -> bool:
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
        if new_speaker is not None and new_speaker not in _labels(db, row.transcript_id):
            raise UserError(msg.SPEAKER_UNKNOWN)
    row.text, row.speaker = new_text, new_speaker
    old, new = audit.changes(before, audit.snapshot(row, ("text", "speaker")))
    if new:
        audit.record(db, user, "segment", row.id, "update", old, new, meeting_id=row.meeting_id)
        _mark_edited(db, row.transcript_id)
    return bool(new)


def rename_speakers(db: DB, user: Actor | None, meeting_id: int, names: dict[str, str]) -> int:
    """Set speakers' names (label -> name, "" clears it); only labels of the
    meeting. One audit entry per changed name. Returns how many changed."""
    transcript_id = in_use(db, meeting_id)
    known = _labels(db, transcript_id)
    cleaned = {}
    for label, name in names.items():
        if label not in known:
            raise UserError(msg.SPEAKER_UNKNOWN)
        name = " ".join(name.split())
        if len(name) > MAX_NAME:
            raise UserError(msg.NAME_TOO_LONG)
        cleaned[label] = name
    rows = {s.label: s for s in _speakers(db, transcript_id)}
    changed = 0
    for label, name in cleaned.items():
        row = rows.get(label)
        if row is None:
            if not name:
                continue
            row = SpeakerRow(meeting_id=meeting_id, transcript_id=transcript_id, label=label, name="")
            db.add(row)
            db.flush()
        if (row.name or "") == name:
            continue
        audit.record(
            db,
            user,
            "speaker",
            row.id,
            "rename",
            {"label": label, "name": row.name or ""},
            {"label": label, "name": name},
            meeting_id=meeting_id,
        )
        row.name = name
        changed += 1
    if changed:
        _mark_edited(db, transcript_id)
    return changed
