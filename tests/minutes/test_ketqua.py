"""The báo cáo kết quả giải quyết ý kiến, kiến nghị sau đối thoại, opened with python-docx."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from minutes.bienban import to_bytes
from minutes.items import Item
from minutes.ketqua import Outcome, Progress, build_ket_qua, overdue_days, status_text
from minutes.meeting import load_meeting
from minutes.messages.items import STATUS_LABELS

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"
TODAY = dt.date(2024, 10, 10)  # the sample meeting is 2024-09-20, written answers due in 10 days: 2024-09-30


def outcomes() -> list[Outcome]:
    """Two answered on the spot, one rejected, five referred:
    answered on time, answered late, in progress overdue, assigned with a later deadline, new overdue."""
    return [
        Outcome(Item("s1", "cau_hoi", "hỏi về bảo hiểm y tế", answered=True, start=10.0)),
        Outcome(Item("s2", "cau_hoi", "hỏi về hộ nghèo", answered=True, start=20.0, status="da_tra_loi")),
        Outcome(Item("x", "phan_anh", "xin cảm ơn", status="tu_choi", start=30.0)),
        Outcome(
            Item(
                "r1",
                "kien_nghi",
                "đề nghị sửa đường",
                summary="Sửa đường liên thôn Phước Hòa",
                unit="Giao thông",
                asker="Nguyễn Văn An",
                hamlet="Phước Hòa",
                status="da_tra_loi",
                start=40.0,
            ),
            "Đã khảo sát, đưa vào kế hoạch năm 2025",
            dt.date(2024, 9, 28),
        ),
        Outcome(
            Item(
                "r2",
                "kien_nghi",
                "đèn đường hỏng",
                summary="Thay bóng đèn đường thôn Đông Yên",
                unit="Giao thông",
                status="da_tra_loi",
                start=50.0,
            ),
            "Đã thay bóng đèn",
            dt.date(2024, 10, 3),
        ),
        Outcome(
            Item(
                "r3",
                "phan_anh",
                "trộm cắp",
                summary="Tình trạng trộm cắp vặt về đêm",
                unit="Công an xã",
                status="dang_xu_ly",
                start=60.0,
            )
        ),
        Outcome(
            Item(
                "r4",
                "cau_hoi",
                "sổ đỏ",
                summary="Thời gian cấp giấy chứng nhận",
                unit="Địa chính",
                status="da_phan_cong",
                deadline=dt.date(2024, 10, 20),
                start=70.0,
            )
        ),
        Outcome(Item("r5", "kien_nghi", "kênh mương", summary="Nạo vét kênh mương nội đồng", start=80.0)),
    ]


@pytest.fixture(scope="module")
def meeting():
    return load_meeting(SAMPLE)


@pytest.fixture(scope="module")
def doc(meeting):
    return docx.Document(io.BytesIO(to_bytes(build_ket_qua(meeting, outcomes(), today=TODAY, number=21))))


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def detail_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")


def test_overdue_days():
    deadline = dt.date(2024, 9, 30)
    assert overdue_days(deadline, "dang_xu_ly", dt.date(2024, 9, 30)) == 0
    assert overdue_days(deadline, "dang_xu_ly", dt.date(2024, 10, 3)) == 3
    assert overdue_days(deadline, "da_tra_loi", dt.date(2024, 10, 3)) == 0
    assert overdue_days(None, "moi", dt.date(2030, 1, 1)) == 0


def test_progress_counts(meeting):
    p = Progress.of(meeting, outcomes(), TODAY)
    assert (p.total, p.on_spot, p.referred) == (7, 2, 5)
    assert (p.answered, p.answered_on_time, p.answered_late) == (2, 1, 1)
    assert (p.open, p.overdue) == (3, 2)  # r3 and r5 past 2024-09-30; r4 due 2024-10-20
    assert p.by_unit["Giao thông"] == (2, 2, 0, 0)
    assert p.by_unit["Công an xã"] == (1, 0, 1, 1)
    assert p.by_unit["Địa chính"] == (1, 0, 1, 0)
    assert sum(c[0] for c in p.by_unit.values()) == 5


def test_status_text_names_overdue_days(meeting):
    o = outcomes()
    assert status_text(o[5], meeting, TODAY) == f"{STATUS_LABELS['dang_xu_ly']}, quá hạn 10 ngày"
    assert status_text(o[6], meeting, TODAY) == STATUS_LABELS["da_phan_cong"]
    assert status_text(o[3], meeting, TODAY) == STATUS_LABELS["da_tra_loi"]


def test_a4_times_new_roman(doc):
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    runs += [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.text.strip()
    ]
    assert len(runs) > 40
    for r in runs:
        assert r.font.name == "Times New Roman", r.text
        assert r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"


def test_header_title_and_meeting(doc, meeting):
    header = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "Số: 21/BC-UBND" in header and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Bình Thanh, ngày 10 tháng 10 năm 2024" in header
    text = body_text(doc)
    assert "BÁO CÁO" in text and "Kết quả giải quyết ý kiến, kiến nghị" in text
    title = meeting.title[:1].lower() + meeting.title[1:]
    assert title in text
    assert "Kính gửi: UBND huyện Bình Sơn." in text


def test_counts_in_text(doc):
    text = body_text(doc)
    assert "có 07 ý kiến của Nhân dân; đã giải trình tại chỗ 02 ý kiến" in text
    assert "trả lời bằng văn bản 05 ý kiến" in text
    assert "đã trả lời 02 ý kiến (đúng hạn 01, quá hạn 01); đang giải quyết 03 ý kiến, trong đó 02 ý kiến" in text
    assert "còn 02 ý kiến quá hạn" in text


def test_unit_table(doc):
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Đơn vị xử lý")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Giao thông"] == ["2", "2", "0", "0"]
    assert rows["Công an xã"] == ["1", "0", "1", "1"]
    assert rows["(chưa phân công)"] == ["1", "0", "1", "1"]
    assert rows["Tổng cộng"] == ["5", "2", "3", "2"]


def test_detail_table_lists_referred_items_only(doc):
    table = detail_table(doc)
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Người nêu",
        "Thôn",
        "Nội dung tóm tắt",
        "Đơn vị xử lý",
        "Hạn",
        "Trạng thái",
        "Kết quả",
    ]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == 5  # on-the-spot and rejected items are not in it
    by_summary = {r[3]: r for r in rows}
    for o in outcomes()[3:]:
        assert o.item.summary + "." in by_summary
    first = by_summary["Sửa đường liên thôn Phước Hòa."]
    assert first[:3] == ["1", "Nguyễn Văn An", "Phước Hòa"]
    assert first[5:] == ["30/09/2024", "Đã trả lời", "Đã khảo sát, đưa vào kế hoạch năm 2025 (ngày 28/09/2024)."]
    assert by_summary["Tình trạng trộm cắp vặt về đêm."][6] == "Đang xử lý, quá hạn 10 ngày"
    assert by_summary["Thời gian cấp giấy chứng nhận."][5:7] == ["20/10/2024", "Đã phân công"]
    assert by_summary["Nạo vét kênh mương nội đồng."][4] == "(chưa phân công)"
    assert "xin cảm ơn" not in body_text(doc) and all("cảm ơn" not in r[3] for r in rows)


def test_everything_answered_says_so(meeting):
    done = [
        Outcome(
            Item("a", "kien_nghi", "sửa cầu", unit="Giao thông", status="da_tra_loi"), "Đã sửa", dt.date(2024, 9, 25)
        )
    ]
    d = docx.Document(io.BytesIO(to_bytes(build_ket_qua(meeting, done, today=TODAY))))
    text = body_text(d)
    assert "đầy đủ" in text and "quá hạn" not in text.split("III.")[1]
    assert "Số:       /BC-UBND" in "\n".join(c.text for row in d.tables[0].rows for c in row.cells)


def test_no_items(meeting):
    d = docx.Document(io.BytesIO(to_bytes(build_ket_qua(meeting, [], today=TODAY))))
    text = body_text(d)
    assert "không có ý kiến của Nhân dân" in text and "Không có ý kiến phải trả lời bằng văn bản." in text
    assert not any(t.rows[0].cells[0].text == "STT" for t in d.tables)
