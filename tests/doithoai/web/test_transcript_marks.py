"""Confidence marks on the transcript page (issue 12): words the recogniser
was unsure of are underlined, counted, reachable with the "next word" key;
an edited segment counts as checked."""

from __future__ import annotations

from sqlalchemy import select
from webbuild import make_meeting

from doithoai.store.db import session_scope
from doithoai.store.tables import SegmentRow

SEGMENTS = [
    (0.0, 4.5, "SPEAKER_00", "Kính thưa bà con thôn Phước Hòa"),
    (12.0, 18.25, "SPEAKER_01", "Đường thôn bị hư hỏng nặng"),
    (65.0, 71.0, "SPEAKER_00", "Xã sẽ đưa vào kế hoạch năm sau"),
]
LOW = {("Phước", 0), ("hỏng", 1)}  # (word, segment index) under the threshold


def _mark_words(settings, meeting_id: int) -> list[int]:
    ids = []
    with session_scope(settings.database_url) as db:
        rows = db.scalars(select(SegmentRow).where(SegmentRow.meeting_id == meeting_id).order_by(SegmentRow.idx)).all()
        for k, row in enumerate(rows):
            words = []
            for i, tok in enumerate(row.text.split()):
                low = (tok, k) in LOW
                words.append(
                    {
                        "start": row.start + i * 0.4,
                        "end": row.start + i * 0.4 + 0.3,
                        "word": " " + tok,
                        "probability": 0.42 if low else 0.95,
                        "speaker": row.speaker,
                        "low_confidence": low,
                    }
                )
            row.words = words
            ids.append(row.id)
    return ids


def test_marked_words_are_underlined_and_counted(clients, web_settings):
    meeting = make_meeting(web_settings, segments=SEGMENTS)
    ids = _mark_words(web_settings, meeting)
    c = clients["thu_ky"]
    page = c.get(f"/meetings/{meeting}/transcript").text
    assert page.count('class="check"') == 2
    assert ">Phước</span>" in page and ">hỏng</span>" in page
    assert page.count("segment needs-check") == 2
    assert 'id="next-check"' in page and 'id="to-check"' in page
    # the plain text still reads whole (marks are spans around words)
    assert "Xã sẽ đưa vào kế hoạch năm sau" in page
    # an edited segment is checked: its marks go, the count goes down
    r = c.form(f"/meetings/{meeting}/segments/{ids[1]}", {"text": "Đường thôn bị hư hỏng nặng lắm"})
    assert r.status_code == 303
    page = c.get(f"/meetings/{meeting}/transcript").text
    assert page.count('class="check"') == 1 and page.count("segment needs-check") == 1


def test_segments_without_marks_show_no_key(clients, web_settings):
    meeting = make_meeting(web_settings, segments=SEGMENTS)
    page = clients["thu_ky"].get(f"/meetings/{meeting}/transcript").text
    assert 'class="check"' not in page and "needs-check" not in page
