""" "Công bố kết quả" through the ASGI client (real SQLite): the secretary
publishes from the follow-up page, the notice is there to download, the
bulletin reaches the radio operator's page as a draft, and the audit log
records who published what. Built from the ASR-style dialogues' items."""

from __future__ import annotations

import datetime as dt
import html
import io

import docx
import pytest
from spokenitems import SAMPLE, reviewed
from sqlalchemy import select
from webbuild import make_meeting

from doithoai.services import notice_form
from doithoai.services import notices as notices_svc
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, NoticeRow
from minutes.meeting import load_meeting


def rows_of(outcomes) -> list[dict]:
    """The reviewed items as stored rows: accepted, rejected or not reviewed."""
    out = []
    for o in outcomes:
        i = o.item
        review = "rejected" if i.status == "tu_choi" else "accepted" if i.reviewed else "auto"
        out.append(
            {
                "key": i.id,
                "kind": i.kind,
                "text": i.text,
                "summary": i.summary,
                "topic": i.topic,
                "unit": i.unit,
                "asker": i.asker,
                "hamlet": i.hamlet,
                "start": i.start,
                "end": i.end,
                "answered": i.answered,
                "answer": i.answer,
                "outside_content": i.outside_content,
                "review": review,
                "status": "moi" if i.status == "tu_choi" else i.status,
                "response": o.response,
                "responded_at": o.responded_at,
            }
        )
    return out


@pytest.fixture(scope="module")
def spoken():
    return reviewed(load_meeting(SAMPLE), ("binh-thoi-2024", "dong-yen-2024"))


def meeting_file(tmp_path, held: dt.date):
    path = tmp_path / "hoi-nghi.toml"
    path.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("date = 2024-09-20", f"date = {held.isoformat()}"), encoding="utf-8"
    )
    return path


@pytest.fixture
def recent(web_settings, tmp_path, spoken) -> int:
    """A dialogue held two days ago: the automatic plan is inside the window."""
    return make_meeting(
        web_settings, meeting_file(tmp_path, dt.date.today() - dt.timedelta(days=2)), items=rows_of(spoken[0])
    )


def notices(settings) -> list[NoticeRow]:
    with session_scope(settings.database_url) as db:
        rows = list(db.scalars(select(NoticeRow)))
        db.expunge_all()
        return rows


def publish_audits(settings) -> list[AuditRow]:
    with session_scope(settings.database_url) as db:
        rows = list(db.scalars(select(AuditRow).where(AuditRow.action == "publish")))
        db.expunge_all()
        return rows


def test_followup_page_offers_the_action_to_the_secretary_only(clients, recent):
    page = clients["thu_ky"].get("/followup")
    assert page.status_code == 200
    assert f'href="/meetings/{recent}/publish"' in page.text and "Công bố kết quả" in page.text
    assert f"/meetings/{recent}/publish" not in clients["can_bo"].get("/followup").text
    for role in ("can_bo", "truyen_thanh"):
        assert clients[role].get(f"/meetings/{recent}/publish").status_code == 403


def test_publish_writes_the_notice_hands_the_bulletin_to_the_radio_and_audits(clients, recent, spoken, web_settings):
    secretary = clients["thu_ky"]
    page = secretary.get(f"/meetings/{recent}/publish")
    assert page.status_code == 200 and "hạn công bố kết quả" in page.text
    assert secretary.get(f"/meetings/{recent}/thong-bao-ket-qua.docx").status_code == 404  # not published yet

    res = secretary.form(f"/meetings/{recent}/publish", {"slots": "06:00, 17:30", "dates": ""})
    assert res.status_code == 303, res.text
    assert res.headers["location"].startswith(f"/meetings/{recent}/publish?ok=")

    download = secretary.get(f"/meetings/{recent}/thong-bao-ket-qua.docx")
    assert download.status_code == 200
    d = docx.Document(io.BytesIO(download.content))
    text = "\n".join(p.text for p in d.paragraphs)
    assert d.tables[0].rows[1].cells[0].text.strip().endswith("/TB-UBND")
    for item in spoken[1]["accepted"]:
        assert f"Ông (bà) {item.asker}, thôn {item.hamlet}" in text
    for item in spoken[1]["rejected"] + spoken[1]["unreviewed"]:
        assert item.text not in text.lower()

    [notice] = notices(web_settings)
    assert notice.mp3_path is None and notice.title.startswith("Kết quả đối thoại: ")
    assert "Thôn Bình Thới." in notice.script.split("\n") and "Thôn Đông Yên." in notice.script.split("\n")
    assert notice.plan["broadcasts"] and all(b.endswith(("06:00:00", "17:30:00")) for b in notice.plan["broadcasts"])
    [entry] = publish_audits(web_settings)
    assert entry.username == "thu-ky" and entry.entity == "meeting" and entry.entity_id == recent
    assert entry.after["notice_id"] == notice.id and entry.after["items"] == len(spoken[1]["accepted"])

    shown = secretary.get(f"/meetings/{recent}/publish").text
    assert "Đã công bố" in shown and "thong-bao-ket-qua.docx" in shown

    radio = clients["truyen_thanh"]
    form = html.unescape(radio.get("/broadcast").text)  # the radio page opens on the latest notice: the bulletin
    assert "Thôn Bình Thới." in form and "Chủ trì hội nghị: đồng chí Nguyễn Hồng Phước" in form
    with session_scope(web_settings.database_url) as db:  # the pre-filled form previews as it is
        form = notice_form.default_form(db, web_settings)
    assert form.mode == "free" and "Thôn Đông Yên." in form.free_text
    preview = notices_svc.preview_notice(web_settings, form)
    assert preview.violation is None and [s.at.isoformat() for s in preview.slots] == notice.plan["broadcasts"]
    assert not any(c.isdigit() for c in "\n".join(preview.spoken))
    draft = radio.get(f"/broadcast/{notice.id}")
    assert draft.status_code == 200 and f"/broadcast?from_notice={notice.id}" in draft.text
    assert radio.get(f"/meetings/{recent}/thong-bao-ket-qua.docx").status_code == 403


def test_plan_after_the_window_needs_force(clients, web_settings, spoken):
    old = make_meeting(web_settings, items=rows_of(spoken[0]))  # the sample dialogue of 2024: window long past
    secretary = clients["thu_ky"]
    refused = secretary.form(f"/meetings/{old}/publish", {"slots": "06:00", "dates": ""})
    assert refused.status_code == 409
    assert "sau hạn công bố kết quả" in html.unescape(refused.text) and 'name="force"' in refused.text
    assert notices(web_settings) == [] and publish_audits(web_settings) == []
    forced = secretary.form(f"/meetings/{old}/publish", {"slots": "06:00", "dates": "", "force": "1"})
    assert forced.status_code == 303
    assert publish_audits(web_settings)[0].after["force"] is True


def test_no_accepted_items_and_bad_dates_are_clear_messages(clients, web_settings, tmp_path, spoken):
    rows = [{**r, "review": "auto"} for r in rows_of(spoken[0])]
    mid = make_meeting(web_settings, meeting_file(tmp_path, dt.date.today() - dt.timedelta(days=1)), items=rows)
    secretary = clients["thu_ky"]
    res = secretary.form(f"/meetings/{mid}/publish", {"slots": "06:00", "dates": ""})
    assert res.status_code == 400 and "Chưa có ý kiến nào được duyệt" in html.unescape(res.text)
    bad = secretary.form(f"/meetings/{mid}/publish", {"slots": "06:00", "dates": "mai"})
    assert bad.status_code == 400 and "Ngày 'mai' không hợp lệ" in html.unescape(bad.text)
    assert secretary.form("/meetings/999/publish", {"slots": "06:00"}).status_code == 404
    assert notices(web_settings) == []
