"""A transcript into the database. Every transcript (a finished
transcription job, or a transcript JSON uploaded on the meeting page) is
kept as its own TranscriptRow; none replaces another.

Which one the pages and documents use (MeetingRow.transcript_id): a new
transcript is used unless the one in use was corrected (a segment's text or
speaker, or a speaker's name, edited: TranscriptRow.edited_at) — a
correction is never pushed aside by an upload. The secretary can always
choose another with `use_transcript` ("Dùng bản này" on the meeting page).
When the transcript in use changes, the auto-extracted items are extracted
again from it; items people reviewed or added stay."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from doithoai.messages import meetings as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.documents import drop_duplicates_of_reviewed
from doithoai.services.items import extract_items
from doithoai.services.lookup import get_meeting, get_or_404
from doithoai.services.segments import transcript_of
from doithoai.store.convert import item_from_row, item_row, meeting_file
from doithoai.store.tables import ItemRow, MeetingRow, RecordingRow, SegmentRow, SpeakerRow, TranscriptRow
from pipeline.errors import UserError
from pipeline.transcript import Transcript


@dataclass
class ImportResult:
    segments: int
    speakers: int
    items: int  # auto-extracted items inserted
    kept_items: int  # reviewed or hand-added items kept
    notes: list[str] = field(default_factory=list)
    transcript_id: int = 0
    used: bool = True  # False: stored, but the corrected transcript in use stays in use


def current_transcript(session: Session, meeting: MeetingRow) -> TranscriptRow | None:
    """The transcript the meeting uses, or None before the first one."""
    if meeting.transcript_id is None:
        return None
    return session.get(TranscriptRow, meeting.transcript_id)


def _recording_of(session: Session, meeting_id: int, transcript: Transcript) -> RecordingRow | None:
    """The meeting's recording the transcript was made from (same audio hash)."""
    sha = transcript.source.sha256
    if not sha:
        return None
    return session.scalars(
        select(RecordingRow)
        .where(RecordingRow.meeting_id == meeting_id, RecordingRow.sha256 == sha)
        .order_by(RecordingRow.id.desc())
        .limit(1)
    ).first()


def import_transcript(
    session: Session, meeting_id: int, transcript: Transcript, recording_id: int | None = None, source: str = ""
) -> ImportResult:
    """Store `transcript` as a new transcript of the meeting (of recording
    `recording_id`, else of the recording with the same audio hash), and use
    it unless the one in use was corrected. Does not commit: the caller's
    transaction makes it all-or-nothing."""
    row = get_meeting(session, meeting_id)
    meeting = meeting_file(row.config)
    recording = (
        session.get(RecordingRow, recording_id) if recording_id else _recording_of(session, meeting_id, transcript)
    )
    version = TranscriptRow(
        meeting_id=meeting_id,
        recording_id=recording.id if recording else None,
        source=(source or (recording.original_name if recording else transcript.source.name))[:255],
        model=transcript.model.name[:200],
    )
    session.add(version)
    session.flush()

    labels: list[str] = []
    for idx, seg in enumerate(transcript.segments):
        text = seg.text.strip()
        speaker = seg.speaker or next((w.speaker for w in seg.words if w.speaker), None)
        if speaker and speaker not in labels:
            labels.append(speaker)
        session.add(
            SegmentRow(
                meeting_id=meeting_id,
                transcript_id=version.id,
                idx=idx,
                start=seg.start,
                end=seg.end,
                speaker=speaker,
                text=text,
                asr_text=text,
                words=[asdict(w) for w in seg.words],
            )
        )
    labels += [label for label in transcript.speakers if label not in labels]
    for label in labels:
        name = meeting.speakers.get(label) or transcript.speakers.get(label) or ""
        session.add(SpeakerRow(meeting_id=meeting_id, transcript_id=version.id, label=label, name=name))
    session.flush()

    in_use = current_transcript(session, row)
    if in_use is not None and in_use.edited_at is not None:
        kept = session.scalars(select(ItemRow).where(ItemRow.meeting_id == meeting_id)).all()
        return ImportResult(
            len(transcript.segments), len(labels), 0, len(kept), [msg.TRANSCRIPT_KEPT_EDITED], version.id, used=False
        )
    row.transcript_id = version.id
    items, kept_count, notes = extract_again(session, row, transcript)
    return ImportResult(len(transcript.segments), len(labels), items, kept_count, notes, version.id)


def extract_again(session: Session, row: MeetingRow, transcript: Transcript | None) -> tuple[int, int, list[str]]:
    """Replace the meeting's auto-extracted items by those of `transcript`
    (None: a transcript without segments, which has none). Items people
    reviewed or added stay; a new item over the same stretch as one of them
    (or with its key) is dropped. (inserted, kept, notes)"""
    meeting = meeting_file(row.config)
    session.execute(delete(ItemRow).where(ItemRow.meeting_id == row.id, ItemRow.review == "auto"))
    kept_rows = list(session.scalars(select(ItemRow).where(ItemRow.meeting_id == row.id)))
    kept = [item_from_row(r) for r in kept_rows]
    kept_keys = {r.key for r in kept_rows}
    notes: list[str] = []
    found = extract_items(transcript, meeting) if transcript is not None else []
    auto = [i for i in found if i.id not in kept_keys]
    auto = drop_duplicates_of_reviewed(auto, kept, notes) if kept else auto
    for item in auto:
        session.add(item_row(item, row.id))
    session.flush()
    return len(auto), len(kept_rows), notes


def transcript_in(session: Session, meeting_id: int, transcript_id: int) -> TranscriptRow:
    get_meeting(session, meeting_id)
    return get_or_404(session, TranscriptRow, transcript_id, msg.TRANSCRIPT_NOT_FOUND, meeting_id=meeting_id)


@dataclass
class TranscriptVersion:
    """A transcript of the meeting as the meeting page lists it."""

    row: TranscriptRow
    segments: int
    edited: int  # segments whose text was corrected
    in_use: bool


def transcript_versions(session: Session, meeting: MeetingRow) -> list[TranscriptVersion]:
    """The meeting's transcripts, newest first."""
    rows = list(
        session.scalars(
            select(TranscriptRow).where(TranscriptRow.meeting_id == meeting.id).order_by(TranscriptRow.id.desc())
        )
    )
    counts = {
        tid: (n, e)
        for tid, n, e in session.execute(
            select(
                SegmentRow.transcript_id,
                func.count(SegmentRow.id),
                func.count(SegmentRow.id).filter(SegmentRow.text != SegmentRow.asr_text),
            )
            .where(SegmentRow.meeting_id == meeting.id)
            .group_by(SegmentRow.transcript_id)
        )
    }
    return [TranscriptVersion(r, *counts.get(r.id, (0, 0)), r.id == meeting.transcript_id) for r in rows]


def use_transcript(
    session: Session, actor: Actor | None, meeting_id: int, transcript_id: int
) -> tuple[TranscriptRow, int]:
    """The secretary's choice of the transcript the pages and documents use;
    the auto-extracted items are extracted again from it (reviewed and
    hand-added ones stay). Returns the transcript and the items extracted."""
    version = transcript_in(session, meeting_id, transcript_id)
    row = get_meeting(session, meeting_id)
    if row.transcript_id == version.id:
        raise UserError(msg.TRANSCRIPT_ALREADY_USED)
    before = row.transcript_id
    row.transcript_id = version.id
    session.flush()
    items, _, _ = extract_again(session, row, transcript_of(session, meeting_id))
    audit.record(
        session,
        actor,
        "meeting",
        meeting_id,
        "use_transcript",
        {"transcript_id": before},
        {"transcript_id": version.id, "source": version.source},
        meeting_id=meeting_id,
    )
    return version, items
