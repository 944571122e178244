"""The transcript page: listen, edit segments, name speakers, download the
edited transcript; every change audited; roles, CSRF and bad input refused."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from webbuild import make_meeting

from pipeline import formats
from doithoai.messages import transcript_page as msg
from doithoai.services.segments import transcript_of
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, RecordingRow, SegmentRow, SpeakerRow
from doithoai.web.routes.transcript_page import PAGE_SIZE
from pipeline.transcript import transcript_from_dict

SEGMENTS = [
    (0.0, 4.5, "SPEAKER_00", "Kính thưa bà con thôn Phước Hòa"),
    (12.0, 18.25, "SPEAKER_01", "Đường thôn bị hư hỏng nặng xin xã sửa chữa"),
    (65.0, 71.0, "SPEAKER_00", "Xã sẽ đưa vào kế hoạch năm sau"),
]


@pytest.fixture
def meeting(web_settings) -> int:
    return make_meeting(web_settings, segments=SEGMENTS)


def _segments(settings, meeting_id: int) -> list[tuple[int, str, str, str | None]]:
    with session_scope(settings.database_url) as db:
        rows = db.scalars(select(SegmentRow).where(SegmentRow.meeting_id == meeting_id).order_by(SegmentRow.idx))
        return [(r.id, r.text, r.asr_text, r.speaker) for r in rows]


def _audit(settings, entity: str) -> list[tuple[int | None, str, dict | None, dict | None, int | None, str]]:
    with session_scope(settings.database_url) as db:
        rows = db.scalars(select(AuditRow).where(AuditRow.entity == entity).order_by(AuditRow.id))
        return [(r.entity_id, r.action, r.before, r.after, r.meeting_id, r.username) for r in rows]


def _add_recording(settings, meeting_id: int, duration: float = 80.0) -> None:
    with session_scope(settings.database_url) as db:
        db.add(
            RecordingRow(
                meeting_id=meeting_id,
                original_name="doi-thoai.ogg",
                path=f"meetings/{meeting_id}/a.ogg",
                size=1234,
                sha256="ab" * 32,
                duration=duration,
            )
        )


def test_page_lists_segments_with_times_speakers_and_player(clients, web_settings, meeting):
    _add_recording(web_settings, meeting)
    r = clients["thu_ky"].get(f"/meetings/{meeting}/transcript")
    assert r.status_code == 200
    page = r.text
    for _, _, _, text in SEGMENTS:
        assert text in page
    assert f'<audio id="player" src="/meetings/{meeting}/audio" preload="metadata"' in page
    assert 'data-seek="12.0" data-until="18.25"' in page
    assert "▶ 0:12" in page and "▶ 1:05" in page
    assert "SPEAKER_01" in page
    assert "/static/transcript.js" in page
    assert 'class="badge edited"' not in page
    for fmt in formats.FORMATS:
        assert f"/meetings/{meeting}/transcript.{fmt}" in page


def test_empty_state_without_segments(clients, web_settings):
    mid = make_meeting(web_settings)
    r = clients["admin"].get(f"/meetings/{mid}/transcript")
    assert r.status_code == 200
    assert msg.NO_TRANSCRIPT in r.text
    assert 'id="player"' not in r.text
    assert clients["admin"].get(f"/meetings/{mid}/transcript.srt").status_code == 404


def test_unknown_meeting_is_404(clients):
    assert clients["thu_ky"].get("/meetings/999/transcript").status_code == 404


def test_edit_text_keeps_asr_text_and_is_audited(clients, web_settings, meeting):
    seg_id, old_text, _, _ = _segments(web_settings, meeting)[1]
    c = clients["thu_ky"]
    r = c.form(
        f"/meetings/{meeting}/segments/{seg_id}", {"text": "  Đường thôn Phước Hòa hư hỏng nặng,\n xin xã sửa  "}
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"/meetings/{meeting}/transcript?ok=")
    new_text = "Đường thôn Phước Hòa hư hỏng nặng, xin xã sửa"
    assert _segments(web_settings, meeting)[1][1:] == (new_text, old_text, "SPEAKER_01")
    assert _audit(web_settings, "segment") == [
        (seg_id, "update", {"text": old_text}, {"text": new_text}, meeting, "thu-ky")
    ]
    page = c.get(f"/meetings/{meeting}/transcript").text
    assert new_text in page and page.count('class="badge edited"') == 1
    assert f"Bản nhận dạng gốc: {old_text}" in page


def test_edit_by_json_with_csrf_header(clients, web_settings, meeting):
    seg_id = _segments(web_settings, meeting)[0][0]
    c = clients["admin"]
    r = c.post(
        f"/meetings/{meeting}/segments/{seg_id}",
        json={"text": "Kính thưa bà con"},
        headers={"X-CSRF-Token": c.csrf, "accept": "application/json"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["text"] == "Kính thưa bà con" and body["edited"] is True and body["changed"] is True
    assert body["asr_text"] == SEGMENTS[0][3]
    assert _segments(web_settings, meeting)[0][1] == "Kính thưa bà con"
    # the same text again changes nothing and writes no second entry
    r = c.post(
        f"/meetings/{meeting}/segments/{seg_id}",
        json={"text": "Kính thưa bà con"},
        headers={"X-CSRF-Token": c.csrf, "accept": "application/json"},
    )
    assert r.json()["changed"] is False
    assert len(_audit(web_settings, "segment")) == 1


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_refused_nothing_written(clients, web_settings, meeting, text):
    before = _segments(web_settings, meeting)
    r = clients["thu_ky"].form(f"/meetings/{meeting}/segments/{before[0][0]}", {"text": text})
    assert r.status_code == 400
    assert msg.TEXT_EMPTY in r.text
    assert _segments(web_settings, meeting) == before
    assert _audit(web_settings, "segment") == []


def test_json_body_must_be_an_object_of_text(clients, web_settings, meeting):
    seg_id = _segments(web_settings, meeting)[0][0]
    c = clients["thu_ky"]
    r = c.post(
        f"/meetings/{meeting}/segments/{seg_id}",
        json={"text": 12},
        headers={"X-CSRF-Token": c.csrf, "accept": "application/json"},
    )
    assert r.status_code == 400 and r.json()["detail"] == msg.BAD_BODY
    assert _segments(web_settings, meeting)[0][1] == SEGMENTS[0][3]


def test_change_speaker_of_one_segment(clients, web_settings, meeting):
    seg_id = _segments(web_settings, meeting)[2][0]
    c = clients["thu_ky"]
    r = c.form(f"/meetings/{meeting}/segments/{seg_id}", {"text": SEGMENTS[2][3], "speaker": "SPEAKER_01"})
    assert r.status_code == 303
    assert _segments(web_settings, meeting)[2][3] == "SPEAKER_01"
    assert _audit(web_settings, "segment") == [
        (seg_id, "update", {"speaker": "SPEAKER_00"}, {"speaker": "SPEAKER_01"}, meeting, "thu-ky")
    ]
    r = c.form(f"/meetings/{meeting}/segments/{seg_id}", {"speaker": "SPEAKER_99"})
    assert r.status_code == 400 and msg.SPEAKER_UNKNOWN in r.text
    assert _segments(web_settings, meeting)[2][3] == "SPEAKER_01"
    assert len(_audit(web_settings, "segment")) == 1


def test_speaker_names_show_in_page_and_downloads(clients, web_settings, meeting):
    c = clients["thu_ky"]
    r = c.form(
        f"/meetings/{meeting}/speakers", {"name:SPEAKER_00": " Chủ tịch  Nguyễn Hồng Phước ", "name:SPEAKER_01": ""}
    )
    assert r.status_code == 303
    assert _audit(web_settings, "speaker")[0][1:] == (
        "rename",
        {"label": "SPEAKER_00", "name": ""},
        {"label": "SPEAKER_00", "name": "Chủ tịch Nguyễn Hồng Phước"},
        meeting,
        "thu-ky",
    )
    assert len(_audit(web_settings, "speaker")) == 1  # SPEAKER_01 stays unnamed: no entry
    page = c.get(f"/meetings/{meeting}/transcript").text
    assert page.count('<div class="speaker">Chủ tịch Nguyễn Hồng Phước</div>') == 2
    srt = c.get(f"/meetings/{meeting}/transcript.srt")
    assert srt.status_code == 200 and srt.headers["content-type"].startswith("application/x-subrip")
    assert "attachment" in srt.headers["content-disposition"]
    assert f"Chủ tịch Nguyễn Hồng Phước: {SEGMENTS[0][3]}" in srt.text
    assert f"SPEAKER_01: {SEGMENTS[1][3]}" in srt.text
    vtt = c.get(f"/meetings/{meeting}/transcript.vtt").text
    assert vtt.startswith("WEBVTT") and "<v Chủ tịch Nguyễn Hồng Phước>" in vtt
    txt = c.get(f"/meetings/{meeting}/transcript.txt").text
    assert txt.startswith(f"Chủ tịch Nguyễn Hồng Phước: {SEGMENTS[0][3]}")
    data = json.loads(c.get(f"/meetings/{meeting}/transcript.json").text)
    assert data["speakers"] == {"SPEAKER_00": "Chủ tịch Nguyễn Hồng Phước"}
    # rename again: before is the old name
    c.form(f"/meetings/{meeting}/speakers", {"name:SPEAKER_00": "Ông Phước"})
    assert _audit(web_settings, "speaker")[-1][2:4] == (
        {"label": "SPEAKER_00", "name": "Chủ tịch Nguyễn Hồng Phước"},
        {"label": "SPEAKER_00", "name": "Ông Phước"},
    )


def test_speaker_rename_refuses_unknown_label_and_long_name(clients, web_settings, meeting):
    c = clients["thu_ky"]
    r = c.form(f"/meetings/{meeting}/speakers", {"name:SPEAKER_00": "A", "name:SPEAKER_07": "B"})
    assert r.status_code == 400 and msg.SPEAKER_UNKNOWN in r.text
    r = c.form(f"/meetings/{meeting}/speakers", {"name:SPEAKER_00": "x" * 201})
    assert r.status_code == 400 and msg.NAME_TOO_LONG in r.text
    with session_scope(web_settings.database_url) as db:
        assert list(db.scalars(select(SpeakerRow).where(SpeakerRow.meeting_id == meeting))) == []
    assert _audit(web_settings, "speaker") == []


def test_downloads_carry_the_edited_text(clients, web_settings, meeting):
    seg_id = _segments(web_settings, meeting)[1][0]
    c = clients["admin"]
    c.form(f"/meetings/{meeting}/segments/{seg_id}", {"text": "Đường liên thôn hư hỏng"})
    for fmt in formats.FORMATS:
        r = c.get(f"/meetings/{meeting}/transcript.{fmt}")
        assert r.status_code == 200, fmt
        assert "Đường liên thôn hư hỏng" in (r.text if fmt != "json" else json.dumps(r.json(), ensure_ascii=False))
        assert SEGMENTS[1][3] not in r.text
    assert c.get(f"/meetings/{meeting}/transcript.pdf").status_code == 404


def test_segment_of_another_meeting_is_404(clients, web_settings, meeting):
    other = make_meeting(web_settings, segments=[(0.0, 2.0, None, "Cuộc họp khác")])
    other_seg = _segments(web_settings, other)[0][0]
    r = clients["thu_ky"].form(f"/meetings/{meeting}/segments/{other_seg}", {"text": "Chèn vào"})
    assert r.status_code == 404
    assert _segments(web_settings, other)[0][1] == "Cuộc họp khác"
    assert clients["thu_ky"].form(f"/meetings/{meeting}/segments/99999", {"text": "x"}).status_code == 404
    assert _audit(web_settings, "segment") == []


@pytest.mark.parametrize("role", ["truyen_thanh", "can_bo"])
def test_wrong_roles_refused(clients, web_settings, meeting, role):
    c = clients[role]
    seg_id = _segments(web_settings, meeting)[0][0]
    assert c.get(f"/meetings/{meeting}/transcript").status_code == 403
    assert c.get(f"/meetings/{meeting}/transcript.srt").status_code == 403
    assert c.form(f"/meetings/{meeting}/segments/{seg_id}", {"text": "Sửa trộm"}).status_code == 403
    assert c.form(f"/meetings/{meeting}/speakers", {"name:SPEAKER_00": "Ai đó"}).status_code == 403
    assert _segments(web_settings, meeting)[0][1] == SEGMENTS[0][3]
    assert _audit(web_settings, "segment") == [] and _audit(web_settings, "speaker") == []


def test_anonymous_refused(anon, web_settings, meeting):
    seg_id = _segments(web_settings, meeting)[0][0]
    r = anon.get(f"/meetings/{meeting}/transcript", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = anon.get(f"/meetings/{meeting}/transcript.json", headers={"accept": "application/json"}, follow_redirects=False)
    assert r.status_code == 401
    # forms sent from a page: to the login page (issue 13); the page's fetch calls (JSON) keep 401
    r = anon.post(f"/meetings/{meeting}/segments/{seg_id}", data={"text": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = anon.post(f"/meetings/{meeting}/speakers", data={"name:SPEAKER_00": "x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = anon.post(
        f"/meetings/{meeting}/segments/{seg_id}",
        json={"text": "x"},
        headers={"accept": "application/json"},
        follow_redirects=False,
    )
    assert r.status_code == 401
    assert _segments(web_settings, meeting)[0][1] == SEGMENTS[0][3]


def test_missing_csrf_refused(clients, web_settings, meeting):
    c = clients["thu_ky"]
    seg_id = _segments(web_settings, meeting)[0][0]
    r = c.post(f"/meetings/{meeting}/segments/{seg_id}", data={"text": "Không có mã"}, follow_redirects=False)
    assert r.status_code == 403
    r = c.post(
        f"/meetings/{meeting}/segments/{seg_id}", json={"text": "Không có mã"}, headers={"accept": "application/json"}
    )
    assert r.status_code == 403
    r = c.post(
        f"/meetings/{meeting}/speakers", data={"name:SPEAKER_00": "X", "csrf_token": "sai"}, follow_redirects=False
    )
    assert r.status_code == 403
    assert _segments(web_settings, meeting)[0][1] == SEGMENTS[0][3]
    assert _audit(web_settings, "segment") == [] and _audit(web_settings, "speaker") == []


def test_transcript_of_round_trip(web_settings):
    mid = make_meeting(web_settings, segments=SEGMENTS, speakers={"SPEAKER_00": "Chủ tịch", "SPEAKER_01": ""})
    words = [{"start": 12.0, "end": 12.5, "word": " Đường", "probability": 0.9, "speaker": "SPEAKER_01"}]
    with session_scope(web_settings.database_url) as db:
        rows = list(db.scalars(select(SegmentRow).where(SegmentRow.meeting_id == mid).order_by(SegmentRow.idx)))
        rows[1].words = words
        rows[2].words = [{"start": 65.0, "end": 65.4, "word": " Xã", "probability": 0.8}]
        rows[2].text = "Xã sẽ làm trong năm tới"  # edited: its ASR words no longer apply
    with session_scope(web_settings.database_url) as db:
        t = transcript_of(db, mid)
        assert t is not None
        assert t.source.name.startswith("Hội nghị đối thoại") and t.source.duration == 71.0
        assert [s.text for s in t.segments] == [SEGMENTS[0][3], SEGMENTS[1][3], "Xã sẽ làm trong năm tới"]
        assert [s.speaker for s in t.segments] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
        assert t.speakers == {"SPEAKER_00": "Chủ tịch"}
        assert [len(s.words) for s in t.segments] == [0, 1, 0]
        assert t.segments[1].words[0].word == " Đường" and t.segments[1].words[0].speaker == "SPEAKER_01"
        back = transcript_from_dict(json.loads(formats.to_json(t)))
        assert back == t
        assert back.to_dict() == t.to_dict()
    _add_recording(web_settings, mid, duration=80.0)
    with session_scope(web_settings.database_url) as db:
        t = transcript_of(db, mid)
        assert (t.source.name, t.source.sha256, t.source.duration) == ("doi-thoai.ogg", "ab" * 32, 80.0)
        assert transcript_of(db, make_meeting(web_settings)) is None
        assert transcript_of(db, 12345) is None


def test_a_long_transcript_is_split_into_pages(clients, web_settings):
    n = PAGE_SIZE + 30
    segs = [(10.0 * i, 10.0 * i + 8, "SPEAKER_00", f"Đoạn số {i} của hội nghị") for i in range(n)]
    mid = make_meeting(web_settings, segments=segs)
    c = clients["thu_ky"]
    first = c.get(f"/meetings/{mid}/transcript").text
    second = c.get(f"/meetings/{mid}/transcript?page=2").text
    assert "Đoạn số 0 của" in first and f"Đoạn số {PAGE_SIZE - 1} của" in first
    assert f"Đoạn số {PAGE_SIZE} của" not in first
    assert f"Đoạn số {PAGE_SIZE} của" in second and f"Đoạn số {n - 1} của" in second and "Đoạn số 0 của" not in second
    assert 'href="?page=2"' in first and f"{n} đoạn" in first  # the count covers the whole transcript
    beyond = c.get(f"/meetings/{mid}/transcript?page=99").text  # clamped to the last page
    assert f"Đoạn số {n - 1} của" in beyond
