"""Test helper: a meeting in the database with transcript segments and items,
without running transcription or extraction. Any web test may import it.

    mid = make_meeting(settings, segments=[(0.0, 4.5, "SPEAKER_00", "Xin chào")],
                       items=[{"text": "Đường thôn Phước Hòa hư hỏng", "kind": "kien_nghi"}])
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from doithoai.settings import Settings
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import ItemRow, MeetingRow, SegmentRow, SpeakerRow, TranscriptRow

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_MEETING = ROOT / "samples" / "binh-thanh.toml"

ITEM_DEFAULTS: dict[str, Any] = {
    "kind": "kien_nghi",
    "topic": "khac",
    "confidence": 0.8,
    "review": "auto",
    "status": "moi",
}


def make_meeting(
    settings: Settings,
    config_path: str | Path = SAMPLE_MEETING,
    segments: list[tuple[float, float, str | None, str]] | None = None,
    items: list[dict[str, Any]] | None = None,
    speakers: dict[str, str] | None = None,
) -> int:
    """Insert a meeting (title and date from the meeting file), its segments
    (start, end, speaker label, text), speaker names and items (dicts of
    models.Item fields; `text` required, `key` defaults to q1, q2 …).
    Returns the meeting id."""
    migrate(settings.database_url)  # idempotent: works with or without the app fixture
    config = Path(config_path).read_text(encoding="utf-8")
    head = tomllib.loads(config).get("meeting", {})
    date = head.get("date")
    if not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    with session_scope(settings.database_url) as db:
        meeting = MeetingRow(title=head.get("title", "Hội nghị thử"), date=date, config=config)
        db.add(meeting)
        db.flush()
        if segments or speakers:  # the meeting's transcript in use
            version = TranscriptRow(meeting_id=meeting.id, source="thu.wav")
            db.add(version)
            db.flush()
            meeting.transcript_id = version.id
        for idx, (start, end, speaker, text) in enumerate(segments or []):
            db.add(
                SegmentRow(
                    meeting_id=meeting.id,
                    transcript_id=version.id,
                    idx=idx,
                    start=start,
                    end=end,
                    speaker=speaker,
                    text=text,
                    asr_text=text,
                    words=[],
                )
            )
        for label, name in (speakers or {}).items():
            db.add(SpeakerRow(meeting_id=meeting.id, transcript_id=version.id, label=label, name=name))
        for n, data in enumerate(items or [], 1):
            values = {**ITEM_DEFAULTS, "key": f"q{n}", **data}
            if isinstance(values.get("deadline"), str):
                values["deadline"] = dt.date.fromisoformat(values["deadline"])
            db.add(ItemRow(meeting_id=meeting.id, **values))
        db.flush()
        return meeting.id
