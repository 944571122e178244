"""Follow-up of referred items: the service (fixed `today`) and the pages
through the ASGI client (real SQLite)."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from conftest import OFFICER_UNIT, add_user
from docx.shared import Mm
from openpyxl import load_workbook
from sqlalchemy import select
from webbuild import make_meeting

from pipeline.errors import UserError
from doithoai.messages import followup as msg
from doithoai.services import followup as svc
from doithoai.services.actors import Actor
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import AuditRow, ItemRow, MeetingRow, UserRow

OTHER_UNIT = "Văn hóa – Xã hội"
TODAY = dt.date(2024, 10, 5)  # sample meeting 2024-09-20 + 10 days: default deadline 2024-09-30
SECRETARY = Actor(0, "thu-ky", "Thư ký", "thu_ky", "")  # the real id is set by `secretary`
OFFICER = Actor(0, "can-bo", "Cán bộ", "can_bo", OFFICER_UNIT)


def items(future: dt.date) -> list[dict]:
    """q1 police overdue (default deadline), q2 police due `future`, q3 other unit,
    q4 answered on the spot, q5 rejected, q6 police answered, q7 not an item."""
    return [
        {
            "text": "trộm cắp vặt về đêm",
            "summary": "Trộm cắp vặt ở thôn Phước Hòa",
            "unit": OFFICER_UNIT,
            "status": "da_phan_cong",
            "asker": "Nguyễn Văn An",
            "hamlet": "Phước Hòa",
            "start": 10.0,
        },
        {
            "text": "xe tải chạy quá tốc độ",
            "summary": "Xe tải chạy quá tốc độ qua trường học",
            "unit": "công an  xã",
            "status": "dang_xu_ly",
            "deadline": future,
            "start": 20.0,
        },
        {
            "text": "trợ cấp người cao tuổi chậm",
            "summary": "Trợ cấp người cao tuổi chậm chi trả",
            "unit": OTHER_UNIT,
            "status": "moi",
            "start": 30.0,
        },
        {
            "text": "hỏi về bảo hiểm y tế",
            "summary": "Bảo hiểm y tế học sinh",
            "unit": OTHER_UNIT,
            "answered": True,
            "answer": "đã giải thích",
            "start": 40.0,
        },
        {
            "text": "nội dung trùng",
            "summary": "Nội dung bị loại",
            "unit": OFFICER_UNIT,
            "review": "rejected",
            "start": 50.0,
        },
        {
            "text": "đánh bạc",
            "summary": "Tụ tập đánh bạc ở bến sông",
            "unit": OFFICER_UNIT,
            "status": "da_tra_loi",
            "response": "Đã xử lý",
            "responded_at": dt.date(2024, 9, 25),
            "start": 60.0,
        },
        {"text": "xin cảm ơn", "summary": "Lời cảm ơn", "unit": OFFICER_UNIT, "status": "tu_choi", "start": 70.0},
    ]


@pytest.fixture
def meeting_id(web_settings) -> int:
    return make_meeting(web_settings, items=items(dt.date.today() + dt.timedelta(days=5)))


@pytest.fixture
def secretary(web_settings) -> Actor:
    """SECRETARY as a real account (audit entries refer to it)."""
    migrate(web_settings.database_url)
    add_user(web_settings, SECRETARY.username, SECRETARY.role)
    with session_scope(web_settings.database_url) as db:
        uid = db.scalar(select(UserRow.id).where(UserRow.username == SECRETARY.username))
    return Actor(uid, SECRETARY.username, SECRETARY.full_name, SECRETARY.role, "")


def item_id(settings, key: str) -> int:
    with session_scope(settings.database_url) as db:
        return db.scalar(select(ItemRow.id).where(ItemRow.key == key))


def item_row(settings, key: str) -> dict:
    with session_scope(settings.database_url) as db:
        row = db.scalar(select(ItemRow).where(ItemRow.key == key))
        return {"status": row.status, "response": row.response, "responded_at": row.responded_at}


def audits(settings) -> list[AuditRow]:
    with session_scope(settings.database_url) as db:
        rows = list(db.scalars(select(AuditRow).where(AuditRow.entity == "item").order_by(AuditRow.id)))
        db.expunge_all()
        return rows


# --- the service -----------------------------------------------------------------


def test_status_chain():
    svc.check_transition("moi", "da_phan_cong", "")
    svc.check_transition("moi", "da_tra_loi", "")  # forward, steps skipped
    svc.check_transition("dang_xu_ly", "dang_xu_ly", "")
    svc.check_transition("dang_xu_ly", "da_phan_cong", "đơn vị trả lại")
    with pytest.raises(UserError, match="lý do"):
        svc.check_transition("da_tra_loi", "dang_xu_ly", "  ")
    with pytest.raises(UserError, match="một bước"):
        svc.check_transition("da_tra_loi", "da_phan_cong", "lý do")
    with pytest.raises(UserError, match="không hợp lệ"):
        svc.check_transition("moi", "tu_choi", "")
    with pytest.raises(UserError, match="không hợp lệ"):
        svc.check_transition("moi", "xong", "")
    assert svc.choices("moi") == svc.CHAIN
    assert svc.choices("dang_xu_ly") == ("da_phan_cong", "dang_xu_ly", "da_tra_loi")
    assert svc.choices("tu_choi") == ()


def test_overdue_and_days_left(web_settings):
    make_meeting(web_settings, items=items(dt.date(2024, 10, 8)))
    with session_scope(web_settings.database_url) as db:
        rows = {r.summary: r for r in svc.followed_rows(db, SECRETARY, TODAY)}
    # on the spot, rejected and "not an item" are not followed up
    assert set(rows) == {
        "Trộm cắp vặt ở thôn Phước Hòa",
        "Xe tải chạy quá tốc độ qua trường học",
        "Trợ cấp người cao tuổi chậm chi trả",
        "Tụ tập đánh bạc ở bến sông",
    }
    late = rows["Trộm cắp vặt ở thôn Phước Hòa"]
    assert late.deadline == dt.date(2024, 9, 30) and late.days_left == -5 and late.overdue == 5
    soon = rows["Xe tải chạy quá tốc độ qua trường học"]
    assert soon.deadline == dt.date(2024, 10, 8) and soon.days_left == 3 and soon.overdue == 0
    done = rows["Tụ tập đánh bạc ở bến sông"]
    assert done.days_left == -5 and done.overdue == 0 and not done.is_open
    assert msg.days_left(late.days_left) == "quá hạn 5 ngày" and msg.days_left(3) == "còn 3 ngày"
    with session_scope(web_settings.database_url) as db:
        only_late = svc.overview(db, SECRETARY, TODAY, svc.Filters(overdue_only=True))
        everything = svc.overview(db, SECRETARY, TODAY, svc.Filters(status="tat_ca"))
        same_day = svc.overview(db, SECRETARY, dt.date(2024, 9, 30), svc.Filters(overdue_only=True))
    assert {r.summary for r in only_late.rows} == {
        "Trộm cắp vặt ở thôn Phước Hòa",
        "Trợ cấp người cao tuổi chậm chi trả",
    }
    assert same_day.rows == []  # due today is not overdue yet
    assert len(everything.rows) == 4 and everything.rows[-1].status == "da_tra_loi"
    assert everything.by_status == {"moi": 1, "da_phan_cong": 1, "dang_xu_ly": 1, "da_tra_loi": 1}
    assert everything.by_unit[OTHER_UNIT] == (1, 1, 0)


def test_officer_sees_and_changes_only_his_unit(web_settings):
    make_meeting(web_settings, items=items(dt.date(2024, 10, 8)))
    with session_scope(web_settings.database_url) as db:
        data = svc.overview(db, OFFICER, TODAY, svc.Filters(unit=OTHER_UNIT, status="tat_ca"))
        # asking for another unit still gives his own unit's items only
        assert data.own_unit == OFFICER_UNIT and len(data.rows) == 3
        assert {svc.unit_key(r.unit) for r in data.rows} == {svc.unit_key(OFFICER_UNIT)}
        mine = svc.overview(db, OFFICER, TODAY, svc.Filters(status="tat_ca"))
        assert len(mine.rows) == 3 and {svc.unit_key(r.unit) for r in mine.rows} == {svc.unit_key(OFFICER_UNIT)}
        assert list(mine.by_unit) == [OFFICER_UNIT] and mine.by_unit[OFFICER_UNIT] == (2, 1, 1)
        with pytest.raises(svc.Forbidden):
            svc.unit_rows(db, OFFICER, OTHER_UNIT, TODAY)
        other = db.scalar(select(ItemRow).where(ItemRow.unit == OTHER_UNIT, ItemRow.answered.is_(False)))
        with pytest.raises(svc.Forbidden):
            svc.update_item(db, OFFICER, other.id, status="da_phan_cong", today=TODAY)
        assert other.status == "moi"
        with pytest.raises(svc.Forbidden):
            svc.report_document(db, OFFICER, other.meeting_id, TODAY)
    unitless = Actor(3, "cb2", "", "can_bo", "")
    with session_scope(web_settings.database_url) as db:
        assert svc.overview(db, unitless, TODAY, svc.Filters(status="tat_ca")).rows == []


def test_update_rules(web_settings, secretary):
    make_meeting(web_settings, items=items(dt.date(2024, 10, 8)))
    q1 = item_id(web_settings, "q1")
    with session_scope(web_settings.database_url) as db:
        with pytest.raises(UserError, match="nội dung trả lời"):
            svc.update_item(db, secretary, q1, status="da_tra_loi", response="  ", today=TODAY)
        with pytest.raises(UserError, match="sau ngày hôm nay"):
            svc.update_item(
                db, secretary, q1, status="da_tra_loi", response="x", responded_at="2024-10-06", today=TODAY
            )
        with pytest.raises(UserError, match="trước ngày tổ chức"):
            svc.update_item(
                db, secretary, q1, status="da_tra_loi", response="x", responded_at="19/09/2024", today=TODAY
            )
        with pytest.raises(UserError, match="không hợp lệ"):
            svc.update_item(db, secretary, q1, status="da_tra_loi", response="x", responded_at="hôm qua", today=TODAY)
        item, changed = svc.update_item(
            db, secretary, q1, status="da_tra_loi", response=" Đã tăng cường tuần tra ", today=TODAY
        )
        assert changed and (item.status, item.response, item.responded_at) == (
            "da_tra_loi",
            "Đã tăng cường tuần tra",
            TODAY,
        )
        item, changed = svc.update_item(
            db, secretary, q1, status="dang_xu_ly", response=item.response, reason="Người dân chưa đồng ý", today=TODAY
        )
        assert changed and item.responded_at is None  # no longer answered
        _, changed = svc.update_item(
            db, secretary, q1, status="dang_xu_ly", response="Đã tăng cường tuần tra", today=TODAY
        )
        assert not changed
    entries = audits(web_settings)
    assert len(entries) == 2
    assert entries[0].before == {"status": "da_phan_cong", "response": "", "responded_at": None}
    assert entries[0].after == {
        "status": "da_tra_loi",
        "response": "Đã tăng cường tuần tra",
        "responded_at": "2024-10-05",
    }
    assert entries[1].after == {"status": "dang_xu_ly", "responded_at": None, "reason": "Người dân chưa đồng ý"}
    assert entries[1].username == "thu-ky" and entries[1].action == "followup"


def test_unassigned_item_cannot_move_on(web_settings):
    make_meeting(web_settings, items=[{"text": "kênh mương", "summary": "Nạo vét kênh mương"}])
    with session_scope(web_settings.database_url) as db, pytest.raises(UserError, match="chưa có đơn vị"):
        svc.update_item(db, SECRETARY, item_id(web_settings, "q1"), status="da_phan_cong", today=TODAY)


# --- the pages ----------------------------------------------------------------------


def row_html(page: str, item: int) -> str:
    m = re.search(rf'<tr id="item-{item}"[^>]*>.*?</tr>', page, re.DOTALL)
    assert m, f"no row for item {item}"
    return m.group(0)


def test_list_page_for_secretary(clients, web_settings, meeting_id):
    r = clients["thu_ky"].get("/followup")
    assert r.status_code == 200
    assert "Trộm cắp vặt ở thôn Phước Hòa" in r.text and "Trợ cấp người cao tuổi chậm chi trả" in r.text
    assert "Bảo hiểm y tế học sinh" not in r.text and "Nội dung bị loại" not in r.text and "Lời cảm ơn" not in r.text
    assert "Tụ tập đánh bạc" not in r.text  # answered: not in the default (open) list
    late = row_html(r.text, item_id(web_settings, "q1"))
    assert 'class="overdue"' in late and re.search(r"quá hạn \d+ ngày", late)
    soon = row_html(r.text, item_id(web_settings, "q2"))
    assert 'class="overdue"' not in soon and "còn 5 ngày" in soon
    # the form offers one step back or any step forward
    assert re.findall(r'<option value="(\w+)"', soon) == ["da_phan_cong", "dang_xu_ly", "da_tra_loi"]
    assert f"/meetings/{meeting_id}/ket-qua.docx" in r.text
    assert "hạn gửi báo cáo: 10/10/2024" in r.text  # 2024-09-20 + result_report_days 20
    answered = clients["thu_ky"].get("/followup", params={"status": "da_tra_loi"})
    assert "Tụ tập đánh bạc" in answered.text and "Trộm cắp" not in answered.text
    by_unit = clients["thu_ky"].get("/followup", params={"unit": OTHER_UNIT})
    assert "Trợ cấp người cao tuổi" in by_unit.text and "Trộm cắp" not in by_unit.text
    overdue = clients["thu_ky"].get("/followup", params={"overdue": "1"})
    assert "Trộm cắp" in overdue.text and "Xe tải" not in overdue.text
    assert clients["thu_ky"].get("/followup", params={"status": "bogus"}).status_code == 400
    assert clients["thu_ky"].get("/followup", params={"meeting": "abc"}).status_code == 400


def test_officer_page_shows_only_his_unit(clients, web_settings, meeting_id):
    c = clients["can_bo"]
    r = c.get("/followup", params={"unit": OTHER_UNIT, "status": "tat_ca"})
    assert r.status_code == 200
    assert "Trộm cắp" in r.text and "Xe tải" in r.text and "Tụ tập đánh bạc" in r.text
    assert "Trợ cấp người cao tuổi" not in r.text and OTHER_UNIT not in r.text
    assert f"/meetings/{meeting_id}/ket-qua.docx" not in r.text
    assert c.get(f"/followup/units/{OTHER_UNIT}").status_code == 403
    own = c.get(f"/followup/units/{OFFICER_UNIT}")
    assert own.status_code == 200 and "Trộm cắp" in own.text and "Tụ tập đánh bạc" not in own.text
    assert "Tụ tập đánh bạc" in c.get(f"/followup/units/{OFFICER_UNIT}", params={"all": "1"}).text
    assert c.get(f"/meetings/{meeting_id}/ket-qua.docx").status_code == 403


def test_officer_updates_his_item_with_audit(clients, web_settings, meeting_id):
    c = clients["can_bo"]
    q1 = item_id(web_settings, "q1")
    r = c.form(
        f"/followup/items/{q1}",
        {"status": "dang_xu_ly", "response": "Đang xác minh", "next": "/followup?status=tat_ca"},
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/followup?status=tat_ca&ok=")
    assert item_row(web_settings, "q1") == {"status": "dang_xu_ly", "response": "Đang xác minh", "responded_at": None}
    r = c.form(
        f"/followup/items/{q1}",
        {
            "status": "da_tra_loi",
            "response": "Đã bắt giữ đối tượng",
            "responded_at": dt.date.today().isoformat(),
            "next": "https://evil.example/",
        },
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/followup?ok=")
    assert item_row(web_settings, "q1")["responded_at"] == dt.date.today()
    entries = audits(web_settings)
    assert [e.after["status"] for e in entries] == ["dang_xu_ly", "da_tra_loi"]
    assert entries[0].before["status"] == "da_phan_cong" and entries[0].username == "can-bo"
    assert entries[0].meeting_id == meeting_id and entries[0].entity_id == q1


def test_officer_refused_other_units_item(clients, web_settings, meeting_id):
    q3 = item_id(web_settings, "q3")
    r = clients["can_bo"].form(f"/followup/items/{q3}", {"status": "da_phan_cong"})
    assert r.status_code == 403 and msg.OTHER_UNIT in r.text
    assert item_row(web_settings, "q3")["status"] == "moi" and audits(web_settings) == []


BAD_UPDATES = [
    ({"status": "xong"}, msg.BAD_STATUS),
    ({"status": "da_tra_loi", "response": "   "}, msg.RESPONSE_NEEDED),
    ({"status": "moi"}, "chỉ được lùi một bước"),
    ({"status": "moi", "reason": "giao nhầm"}, "chỉ được lùi một bước"),
    ({"status": "da_phan_cong"}, msg.REASON_NEEDED),
    ({"status": "da_tra_loi", "response": "x", "responded_at": "31/02/2024"}, msg.BAD_DATE),
]


def test_bad_updates_are_400_and_change_nothing(clients, web_settings, meeting_id):
    q2 = item_id(web_settings, "q2")  # dang_xu_ly
    before = item_row(web_settings, "q2")
    for data, message in BAD_UPDATES:
        r = clients["thu_ky"].form(f"/followup/items/{q2}", data)
        assert r.status_code == 400 and message in r.text, data
        assert item_row(web_settings, "q2") == before and audits(web_settings) == [], data


def test_missing_or_hidden_item_is_404(clients, web_settings, meeting_id):
    assert clients["thu_ky"].form("/followup/items/9999", {"status": "moi"}).status_code == 404
    rejected = item_id(web_settings, "q5")
    assert clients["thu_ky"].form(f"/followup/items/{rejected}", {"status": "da_phan_cong"}).status_code == 404


def test_roles_and_anonymous(clients, anon, web_settings, meeting_id):
    radio = clients["truyen_thanh"]
    assert radio.get("/followup").status_code == 403
    assert radio.get(f"/meetings/{meeting_id}/ket-qua.docx").status_code == 403
    assert radio.form(f"/followup/items/{item_id(web_settings, 'q1')}", {"status": "dang_xu_ly"}).status_code == 403
    r = anon.get("/followup", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = anon.post(
        f"/followup/items/{item_id(web_settings, 'q1')}", data={"status": "dang_xu_ly"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/login")  # the login page, not JSON
    no_csrf = clients["thu_ky"].post(
        f"/followup/items/{item_id(web_settings, 'q1')}", data={"status": "dang_xu_ly"}, follow_redirects=False
    )
    assert no_csrf.status_code == 403 and item_row(web_settings, "q1")["status"] == "da_phan_cong"


def test_results_report_docx(clients, web_settings, meeting_id):
    r = clients["thu_ky"].get(f"/meetings/{meeting_id}/ket-qua.docx")
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in r.headers["content-disposition"]
    doc = docx.Document(io.BytesIO(r.content))
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Phước Hòa năm 2024"[1:] in text
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    rows = {r.cells[3].text: r.cells[6].text for r in table.rows[1:]}
    assert rows.keys() == {
        "Trộm cắp vặt ở thôn Phước Hòa.",
        "Xe tải chạy quá tốc độ qua trường học.",
        "Trợ cấp người cao tuổi chậm chi trả.",
        "Tụ tập đánh bạc ở bến sông.",
    }
    assert rows["Xe tải chạy quá tốc độ qua trường học."] == "Đang xử lý"
    assert rows["Tụ tập đánh bạc ở bến sông."] == "Đã trả lời"
    assert rows["Trộm cắp vặt ở thôn Phước Hòa."].startswith("Đã phân công, quá hạn ")
    assert rows["Trợ cấp người cao tuổi chậm chi trả."].startswith("Mới, quá hạn ")
    assert "có 05 ý kiến của Nhân dân; đã giải trình tại chỗ 01 ý kiến" in text
    assert "đã trả lời 01 ý kiến (đúng hạn 01, quá hạn 00); đang giải quyết 03 ý kiến, trong đó 02 ý kiến" in text
    assert list(web_settings.tmp_dir.iterdir()) == []  # the temporary file is removed once sent
    assert clients["admin"].get("/meetings/9999/ket-qua.docx").status_code == 404


def test_xlsx_export(clients, meeting_id):
    r = clients["thu_ky"].get("/followup.xlsx", params={"status": "tat_ca"})
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[4] for row in rows) == sorted(
        [
            "Trộm cắp vặt ở thôn Phước Hòa",
            "Xe tải chạy quá tốc độ qua trường học",
            "Trợ cấp người cao tuổi chậm chi trả",
            "Tụ tập đánh bạc ở bến sông",
        ]
    )
    officer = load_workbook(io.BytesIO(clients["can_bo"].get("/followup.xlsx", params={"status": "tat_ca"}).content))
    assert {row[5] for row in officer.active.iter_rows(min_row=2, values_only=True)} <= {OFFICER_UNIT, "công an  xã"}


def test_broken_meeting_file(clients, web_settings, meeting_id):
    """A damaged meeting file does not hide the items (default deadlines); the
    report asks for the file to be fixed (400), nothing written."""
    with session_scope(web_settings.database_url) as db:
        db.get(MeetingRow, meeting_id).config = "[meeting\ntitle = "
    r = clients["thu_ky"].get("/followup")
    assert r.status_code == 200 and "Trộm cắp vặt" in r.text and "30/09/2024" in r.text
    report = clients["thu_ky"].get(f"/meetings/{meeting_id}/ket-qua.docx")
    assert report.status_code == 400 and "bị lỗi" in report.text
    assert list(web_settings.tmp_dir.iterdir()) == []
