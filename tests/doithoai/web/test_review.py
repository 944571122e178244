"""The review page, its actions and the document downloads, through the ASGI
client on a real SQLite database (meetings built by webbuild)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from sqlalchemy import select
from webbuild import make_meeting

from doithoai.messages import review as msg
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, ItemRow

SEGMENTS = [
    (0.0, 6.0, "SPEAKER_00", "Kính thưa bà con, hôm nay Chủ tịch xã đối thoại với Nhân dân thôn Phước Hòa."),
    (10.0, 18.0, "SPEAKER_01", "Tôi là Nguyễn Văn Ba ở thôn Phước Hòa, đề nghị xã sửa đường liên thôn bị sạt lở."),
    (20.0, 28.0, "SPEAKER_01", "Tôi hỏi khi nào cấp giấy chứng nhận quyền sử dụng đất cho hộ tôi."),
    (30.0, 36.0, "SPEAKER_02", "Đề nghị có thêm đèn chiếu sáng ở ngã ba chợ."),
]
ITEMS = [
    {
        "text": "Đề nghị xã sửa đường liên thôn bị sạt lở.",
        "kind": "kien_nghi",
        "topic": "giao_thong",
        "asker": "Nguyễn Văn Ba",
        "hamlet": "Phước Hòa",
        "start": 10.0,
        "end": 18.0,
        "evidence": ["đề nghị"],
    },
    {
        "text": "Khi nào cấp giấy chứng nhận quyền sử dụng đất cho hộ tôi?",
        "kind": "cau_hoi",
        "topic": "dat_dai",
        "start": 20.0,
        "end": 28.0,
        "evidence": ["khi nào"],
    },
    {
        "text": "Kiến nghị lắp đèn đường khu chợ mới Phước Hòa.",
        "kind": "kien_nghi",
        "topic": "dien_nuoc",
        "start": 30.0,
        "end": 36.0,
        "evidence": ["đề nghị", "đèn"],
    },
]


@pytest.fixture
def meeting_id(web_settings, app) -> int:
    return make_meeting(web_settings, segments=SEGMENTS, items=ITEMS, speakers={"SPEAKER_01": "Ông Ba"})


def rows(settings, meeting_id: int) -> dict[str, ItemRow]:
    with session_scope(settings.database_url) as db:
        items = list(db.scalars(select(ItemRow).where(ItemRow.meeting_id == meeting_id)))
        for i in items:
            db.expunge(i)
    return {i.key: i for i in items}


def audits(settings, item_id: int) -> list[AuditRow]:
    with session_scope(settings.database_url) as db:
        out = list(
            db.scalars(
                select(AuditRow).where(AuditRow.entity == "item", AuditRow.entity_id == item_id).order_by(AuditRow.id)
            )
        )
        for a in out:
            db.expunge(a)
    return out


def url(mid: int, item: ItemRow | None = None, action: str = "") -> str:
    return f"/meetings/{mid}/items/{item.id}/{action}" if item else f"/meetings/{mid}/items/{action}"


def test_page_lists_items_with_player_and_filters(clients, meeting_id):
    r = clients["thu_ky"].get(f"/meetings/{meeting_id}/review")
    assert r.status_code == 200
    assert 'id="player"' in r.text and f'src="/meetings/{meeting_id}/audio"' in r.text
    assert 'data-seek="10.0"' in r.text and 'data-until="18.0"' in r.text
    for item in ITEMS:
        assert item["text"] in r.text
    assert "Nguyễn Văn Ba" in r.text and "Phước Hòa" in r.text
    only_questions = clients["thu_ky"].get(f"/meetings/{meeting_id}/review?kind=cau_hoi").text
    assert ITEMS[1]["text"] in only_questions and ITEMS[0]["text"] not in only_questions


def test_accept_and_reject_are_audited(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    q1 = rows(web_settings, meeting_id)["q1"]
    r = c.form(url(meeting_id, q1, "accept"))
    assert r.status_code == 303 and "ok=" in r.headers["location"]
    assert rows(web_settings, meeting_id)["q1"].review == "accepted"
    c.form(url(meeting_id, q1, "reject"))
    after = rows(web_settings, meeting_id)["q1"]
    assert (after.review, after.status) == ("rejected", "tu_choi")
    entries = audits(web_settings, q1.id)
    assert [e.action for e in entries] == ["accept", "reject"]
    assert entries[0].before == {"review": "auto"} and entries[0].after == {"review": "accepted"}
    assert entries[1].after["review"] == "rejected" and entries[1].username == "thu-ky"
    page = c.get(f"/meetings/{meeting_id}/review?state=rejected").text
    assert ITEMS[0]["text"] in page and ITEMS[1]["text"] not in page


def test_edit_changes_fields_and_audits_before_after(clients, web_settings, meeting_id):
    q2 = rows(web_settings, meeting_id)["q2"]
    r = clients["admin"].form(
        url(meeting_id, q2, "edit"),
        {
            "kind": "kien_nghi",
            "text": "Đề nghị cấp sổ đỏ cho hộ ông Ba",
            "summary": "Cấp sổ đỏ",
            "topic": "dat_dai",
            "asker": "Ông Ba",
            "hamlet": "Phước Hòa",
            "unit": "",
            "answered": "1",
            "answer": "Tháng 10 sẽ cấp",
        },
    )
    assert r.status_code == 303
    after = rows(web_settings, meeting_id)["q2"]
    assert (after.kind, after.text, after.asker, after.answered, after.answer) == (
        "kien_nghi",
        "Đề nghị cấp sổ đỏ cho hộ ông Ba",
        "Ông Ba",
        True,
        "Tháng 10 sẽ cấp",
    )
    entry = audits(web_settings, q2.id)[-1]
    assert entry.action == "edit"
    assert entry.before["text"] == ITEMS[1]["text"] and entry.after["text"] == "Đề nghị cấp sổ đỏ cho hộ ông Ba"
    assert entry.before["kind"] == "cau_hoi" and entry.after["kind"] == "kien_nghi"
    assert "topic" not in entry.after  # unchanged fields are not logged


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": "   "}, msg.ITEM_TEXT_EMPTY),
        ({"kind": "thu_tin"}, msg.KIND_INVALID),
        ({"topic": "bong_da"}, msg.TOPIC_INVALID),
    ],
)
def test_bad_edit_is_400_and_changes_nothing(clients, web_settings, meeting_id, change, message):
    q1 = rows(web_settings, meeting_id)["q1"]
    form = {"kind": "kien_nghi", "text": "Sửa đường", "topic": "giao_thong", **change}
    r = clients["thu_ky"].form(url(meeting_id, q1, "edit"), form)
    assert r.status_code == 400 and message in r.text
    after = rows(web_settings, meeting_id)["q1"]
    assert (after.text, after.kind, after.topic, after.review) == (q1.text, q1.kind, q1.topic, "auto")
    assert audits(web_settings, q1.id) == []


def test_merge_joins_items_and_keeps_the_others_as_merged(clients, web_settings, meeting_id):
    before = rows(web_settings, meeting_id)
    q1, q3 = before["q1"], before["q3"]
    r = clients["thu_ky"].form(url(meeting_id, action="merge"), {"ids": [str(q3.id), str(q1.id)]})
    assert r.status_code == 303
    after = rows(web_settings, meeting_id)
    kept, gone = after["q1"], after["q3"]
    assert kept.text == f"{q1.text}\n{q3.text}"
    assert (kept.start, kept.end) == (10.0, 36.0)
    assert kept.evidence == ["đề nghị", "đèn"]
    assert gone.review == "merged" and gone.text == q3.text
    assert audits(web_settings, q3.id)[-1].after == {"review": "merged", "merged_into": q1.id}
    assert audits(web_settings, q1.id)[-1].after["end"] == 36.0
    page = clients["thu_ky"].get(f"/meetings/{meeting_id}/review").text
    assert f'id="item-{q3.id}"' not in page  # merged items hidden by default


def test_merge_needs_two_items_of_the_meeting(clients, web_settings, meeting_id):
    other = make_meeting(web_settings, items=[{"text": "Ý kiến của hội nghị khác"}])
    q1 = rows(web_settings, meeting_id)["q1"]
    foreign = rows(web_settings, other)["q1"]
    c = clients["thu_ky"]
    r = c.form(url(meeting_id, action="merge"), {"ids": [str(q1.id)]})
    assert r.status_code == 400 and msg.MERGE_TOO_FEW in r.text
    r = c.form(url(meeting_id, action="merge"), {"ids": [str(q1.id), str(foreign.id)]})
    assert r.status_code == 400 and msg.MERGE_OTHER_MEETING in r.text
    assert rows(web_settings, meeting_id)["q1"].text == q1.text
    assert rows(web_settings, other)["q1"].review == "auto"


def test_split_makes_two_items_with_shared_time(clients, web_settings, meeting_id):
    q1 = rows(web_settings, meeting_id)["q1"]
    text = "Đề nghị xã sửa đường liên thôn. || Đề nghị nạo vét mương thoát nước."
    r = clients["thu_ky"].form(url(meeting_id, q1, "split"), {"text": text})
    assert r.status_code == 303
    after = rows(web_settings, meeting_id)
    first, second = after["q1"], after["q1.2"]
    assert first.text == "Đề nghị xã sửa đường liên thôn."
    assert second.text == "Đề nghị nạo vét mương thoát nước."
    assert first.start == 10.0 and second.end == 18.0 and 10.0 < first.end == second.start < 18.0
    assert (second.asker, second.hamlet, second.topic) == (q1.asker, q1.hamlet, q1.topic)
    assert audits(web_settings, second.id)[0].before == {"split_from": q1.id}
    bad = clients["thu_ky"].form(url(meeting_id, after["q2"], "split"), {"text": "không có dấu tách"})
    assert bad.status_code == 400 and "||" in bad.text
    assert len(rows(web_settings, meeting_id)) == 4


def test_add_by_hand_with_time(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    r = c.form(
        url(meeting_id, action="add"),
        {
            "kind": "phan_anh",
            "text": "Phản ánh chó thả rông",
            "topic": "an_ninh_trat_tu",
            "start": "0:40",
            "end": "0:45",
        },
    )
    assert r.status_code == 303
    c.form(url(meeting_id, action="add"), {"kind": "cau_hoi", "text": "Hỏi về bảo hiểm y tế", "topic": "y_te_giao_duc"})
    after = rows(web_settings, meeting_id)
    first, second = after["tay-1"], after["tay-2"]
    assert (first.review, first.kind, first.start, first.end) == ("added", "phan_anh", 40.0, 45.0)
    assert second.start is None
    assert audits(web_settings, first.id)[0].action == "add"
    bad = c.form(url(meeting_id, action="add"), {"kind": "cau_hoi", "text": "x", "start": "mười giờ"})
    assert bad.status_code == 400 and msg.TIME_INVALID in bad.text
    assert len(rows(web_settings, meeting_id)) == 5


def test_assign_unit_and_default_deadline(clients, web_settings, meeting_id):
    q1 = rows(web_settings, meeting_id)["q1"]
    page = clients["thu_ky"].get(f"/meetings/{meeting_id}/review").text
    assert "Tư pháp – Hộ tịch" in page  # a unit of the meeting's preset (truoc-2025-07)
    r = clients["thu_ky"].form(
        url(meeting_id, q1, "assign"), {"unit": "Địa chính – Nông nghiệp – Xây dựng và Môi trường"}
    )
    assert r.status_code == 303
    after = rows(web_settings, meeting_id)["q1"]
    # samples/binh-thanh.toml: 2024-09-20 + written_answer_days 10
    assert (after.unit, after.deadline, after.status) == (
        "Địa chính – Nông nghiệp – Xây dựng và Môi trường",
        dt.date(2024, 9, 30),
        "da_phan_cong",
    )
    entry = audits(web_settings, q1.id)[-1]
    assert entry.before == {"unit": "", "status": "moi", "deadline": None}
    assert entry.after["status"] == "da_phan_cong" and entry.after["deadline"] == "2024-09-30"
    q2 = rows(web_settings, meeting_id)["q2"]
    clients["thu_ky"].form(
        url(meeting_id, q2, "assign"),
        {"unit": "Công an xã", "unit_other": "Điện lực Bình Sơn", "deadline": "2024-10-15"},
    )
    assert (rows(web_settings, meeting_id)["q2"].unit, rows(web_settings, meeting_id)["q2"].deadline) == (
        "Điện lực Bình Sơn",
        dt.date(2024, 10, 15),
    )
    for form, message in (
        ({"unit": " "}, msg.UNIT_EMPTY),
        ({"unit": "Công an xã", "deadline": "30/9"}, msg.DEADLINE_INVALID),
    ):
        bad = clients["thu_ky"].form(url(meeting_id, rows(web_settings, meeting_id)["q3"], "assign"), form)
        assert bad.status_code == 400 and message in bad.text
    assert rows(web_settings, meeting_id)["q3"].status == "moi"
    # a deadline typed the Vietnamese way is read as on the follow-up page
    clients["thu_ky"].form(
        url(meeting_id, rows(web_settings, meeting_id)["q3"], "assign"),
        {"unit": "Công an xã", "deadline": "05/11/2024"},
    )
    assert rows(web_settings, meeting_id)["q3"].deadline == dt.date(2024, 11, 5)


def test_mark_answered_or_written(clients, web_settings, meeting_id):
    q2 = rows(web_settings, meeting_id)["q2"]
    c = clients["thu_ky"]
    c.form(url(meeting_id, q2, "answer"), {"mode": "answered", "answer": "Cuối tháng sẽ cấp"})
    after = rows(web_settings, meeting_id)["q2"]
    assert (after.answered, after.answer) == (True, "Cuối tháng sẽ cấp")
    c.form(url(meeting_id, q2, "answer"), {"mode": "written", "outside_content": "1"})
    after = rows(web_settings, meeting_id)["q2"]
    assert (after.answered, after.outside_content, after.deadline) == (False, True, dt.date(2024, 9, 30))
    assert [e.action for e in audits(web_settings, q2.id)] == ["answer", "answer"]
    bad = c.form(url(meeting_id, q2, "answer"), {"mode": "maybe"})
    assert bad.status_code == 400 and msg.ANSWER_MODE_INVALID in bad.text


def _docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_bien_ban_and_bao_cao_from_the_reviewed_state(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    items = rows(web_settings, meeting_id)
    edited = "Đề nghị xã sửa gấp đường liên thôn Phước Hòa đoạn qua cầu Bà Tám"
    c.form(url(meeting_id, items["q1"], "edit"), {"kind": "kien_nghi", "text": edited, "topic": "giao_thong"})
    c.form(url(meeting_id, items["q3"], "reject"))
    r = c.get(f"/meetings/{meeting_id}/bien-ban.docx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = r.headers["content-disposition"]
    assert f'filename="bien-ban-{meeting_id}.docx"' in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == "Biên bản đối thoại 20-09-2024.docx"
    text = _docx_text(r.content)
    assert "Sửa gấp đường liên thôn Phước Hòa".lower() in text.lower()
    assert "lắp đèn đường khu chợ mới" not in text.lower()  # the rejected item
    assert "thôn Phước Hòa" in text
    report = c.get(f"/meetings/{meeting_id}/bao-cao.docx")
    assert report.status_code == 200
    assert "bao-cao" in report.headers["content-disposition"]
    assert "đối thoại" in _docx_text(report.content).lower()
    assert list(web_settings.tmp_dir.iterdir()) == []  # temporary files removed


def test_items_csv_and_xlsx_hold_the_non_rejected_items(clients, web_settings, meeting_id):
    c = clients["admin"]
    c.form(url(meeting_id, rows(web_settings, meeting_id)["q2"], "reject"))
    r = c.get(f"/meetings/{meeting_id}/y-kien.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row[0] for row in table[1:]] == ["q1", "q3"]
    assert table[1][4] == ITEMS[0]["text"]
    x = c.get(f"/meetings/{meeting_id}/y-kien.xlsx")
    assert x.status_code == 200 and "y-kien" in x.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["q1", "q3"]


def test_documents_need_a_transcript(clients, web_settings, app):
    mid = make_meeting(web_settings, items=[{"text": "Ý kiến"}])
    r = clients["thu_ky"].get(f"/meetings/{mid}/bien-ban.docx")
    assert r.status_code == 409 and msg.DOCS_NEED_TRANSCRIPT in r.text


def test_roles_and_anonymous_are_refused(clients, anon, web_settings, meeting_id):
    q1 = rows(web_settings, meeting_id)["q1"]
    actions = [
        (url(meeting_id, q1, "accept"), {}),
        (url(meeting_id, q1, "reject"), {}),
        (url(meeting_id, q1, "edit"), {"kind": "cau_hoi", "text": "x", "topic": "khac"}),
        (url(meeting_id, q1, "assign"), {"unit": "Công an xã"}),
        (url(meeting_id, q1, "answer"), {"mode": "answered"}),
        (url(meeting_id, q1, "split"), {"text": "a || b"}),
        (url(meeting_id, action="merge"), {"ids": [str(q1.id)]}),
        (url(meeting_id, action="add"), {"kind": "cau_hoi", "text": "x"}),
    ]
    downloads = [
        f"/meetings/{meeting_id}/{name}" for name in ("bien-ban.docx", "bao-cao.docx", "y-kien.csv", "y-kien.xlsx")
    ]
    for role in ("truyen_thanh", "can_bo"):
        c = clients[role]
        assert c.get(f"/meetings/{meeting_id}/review").status_code == 403
        for path, data in actions:
            assert c.form(path, data).status_code == 403, (role, path)
        for path in downloads:
            assert c.get(path).status_code == 403
    assert anon.get(f"/meetings/{meeting_id}/review", follow_redirects=False).status_code == 303
    for path, data in actions:
        r = anon.post(path, data=data, follow_redirects=False)  # a form page: to the login page (issue 13)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    for path in downloads:
        assert anon.get(path, headers={"accept": "*/*"}).status_code == 401
    assert rows(web_settings, meeting_id)["q1"].review == "auto"
    assert audits(web_settings, q1.id) == []


def test_item_of_another_meeting_is_404(clients, web_settings, meeting_id):
    other = make_meeting(web_settings, items=[{"text": "Ý kiến của hội nghị khác"}])
    foreign = rows(web_settings, other)["q1"]
    c = clients["thu_ky"]
    assert c.form(f"/meetings/{meeting_id}/items/{foreign.id}/accept").status_code == 404
    assert (
        c.form(
            f"/meetings/{meeting_id}/items/{foreign.id}/edit", {"kind": "cau_hoi", "text": "x", "topic": "khac"}
        ).status_code
        == 404
    )
    assert c.get("/meetings/99999/review").status_code == 404
    assert rows(web_settings, other)["q1"].review == "auto"
