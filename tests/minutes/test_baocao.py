"""The báo cáo kết quả đối thoại (Mẫu 1.4) opened with python-docx."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from minutes.baocao import build_bao_cao
from minutes.bienban import to_bytes
from minutes.items import Item
from minutes.meeting import ReportSettings, load_meeting

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"
UNIT_LAND = "Địa chính – Nông nghiệp – Xây dựng và Môi trường"


def twelve_items() -> list[Item]:
    """10 answered on the spot, 2 referred (one with its own deadline), 1 rejected."""
    items = []
    spot = [
        ("cau_hoi", "dat_dai"),
        ("cau_hoi", "dat_dai"),
        ("cau_hoi", "chinh_sach_xa_hoi"),
        ("kien_nghi", "giao_thong"),
        ("kien_nghi", "giao_thong"),
        ("kien_nghi", "giao_thong"),
        ("kien_nghi", "moi_truong"),
        ("phan_anh", "moi_truong"),
        ("phan_anh", "an_ninh_trat_tu"),
        ("cau_hoi", "thu_tuc_hanh_chinh"),
    ]
    for n, (kind, topic) in enumerate(spot):
        items.append(
            Item(
                id=f"s{n}",
                kind=kind,
                topic=topic,
                text=f"ý kiến số {n} về việc của thôn",
                start=100.0 * n,
                answered=True,
                answer="đã trả lời",
            )
        )
    items.append(
        Item(
            id="r1",
            kind="kien_nghi",
            topic="dat_dai",
            unit=UNIT_LAND,
            asker="Đỗ Văn Quý",
            hamlet="Đông Yên",
            text="đề nghị đo đạc lại thửa đất giáp ranh nhà văn hóa thôn",
            summary="Đo đạc lại thửa đất giáp ranh nhà văn hóa",
            start=2000.0,
        )
    )
    items.append(
        Item(
            id="r2",
            kind="cau_hoi",
            topic="chinh_sach_xa_hoi",
            unit="Văn hóa – Xã hội",
            text="vì sao mẹ tôi chưa được nhận trợ cấp người cao tuổi",
            start=2100.0,
            answered=True,
            answer="xã sẽ kiểm tra",
            outside_content=True,
            deadline=dt.date(2024, 10, 5),
        )
    )
    items.append(Item(id="no", kind="phan_anh", text="xin cảm ơn", status="tu_choi", start=2200.0))
    return items


@pytest.fixture(scope="module")
def meeting():
    return load_meeting(SAMPLE)


@pytest.fixture(scope="module")
def doc(meeting):
    return docx.Document(io.BytesIO(to_bytes(build_bao_cao(meeting, twelve_items(), attendees=92))))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def table_with(doc, first_header: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)


def test_page_and_header(doc):
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and Mm(30) <= s.left_margin <= Mm(35)
    header = doc.tables[0]
    assert {b.get(qn("w:val")) for b in header._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    assert header.rows[1].cells[0].text.strip() == "Số: 15/BC-UBND"
    assert header.rows[1].cells[1].text.strip() == "Bình Thanh, ngày 20 tháng 9 năm 2024"
    assert s.different_first_page_header_footer
    assert list(s.header._element.iter(qn("w:instrText")))


def test_type_and_subject(doc):
    t = texts(doc)
    i = t.index("BÁO CÁO")
    assert t[i + 1] == "Kết quả đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Phước Hòa năm 2024"
    assert doc.paragraphs[i].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in doc.paragraphs[i].runs) and all(r.bold for r in doc.paragraphs[i + 1].runs)
    assert "Kính gửi: UBND huyện Bình Sơn." in t


def test_attendees_and_counts(doc):
    t = texts(doc)
    assert "Số người dân tham dự: 92 người." in t
    assert "Tại hội nghị có 12 ý kiến của Nhân dân, gồm: 05 câu hỏi, 05 kiến nghị, 02 phản ánh." in t
    assert (
        "Chủ tịch UBND xã và các bộ phận chuyên môn đã giải trình tại chỗ 10 ý kiến, "
        "ghi nhận chuyển cơ quan chức năng 02 ý kiến."
    ) in t


def test_tables_by_kind_and_topic(doc):
    kinds = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table_with(doc, "Loại ý kiến").rows[1:]}
    assert kinds == {
        "Câu hỏi": ["5", "4", "1"],
        "Kiến nghị": ["5", "4", "1"],
        "Phản ánh": ["2", "2", "0"],
        "Tổng cộng": ["12", "10", "2"],
    }
    topics = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table_with(doc, "Lĩnh vực").rows[1:]}
    assert topics["Đất đai"] == ["3", "2", "1"]
    assert topics["Giao thông"] == ["3", "3", "0"]
    assert topics["Chính sách xã hội"] == ["2", "1", "1"]
    assert topics["Tổng cộng"] == ["12", "10", "2"]
    assert "Khác" not in topics  # topics nobody raised are left out


def test_referred_items_with_unit_and_deadline(doc):
    rows = [[c.text for c in r.cells] for r in table_with(doc, "STT").rows]
    assert rows[0] == ["STT", "Người hỏi, thôn", "Nội dung", "Đơn vị xử lý", "Thời hạn trả lời"]
    assert rows[1] == [
        "1",
        "Đỗ Văn Quý, thôn Đông Yên",
        "Đo đạc lại thửa đất giáp ranh nhà văn hóa.",
        UNIT_LAND,
        "30/09/2024",
    ]
    assert rows[2][3] == "Văn hóa – Xã hội" and rows[2][4] == "05/10/2024" and rows[2][1] == "—"
    assert len(rows) == 3


def test_signature_beside_recipients(doc, meeting):
    sig = doc.tables[-1]
    left, right = sig.rows[0].cells
    assert [p.text for p in right.paragraphs if p.text] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Hồng Phước"]
    assert all(r.bold for p in right.paragraphs for r in p.runs if r.text)
    pars = left.paragraphs
    assert pars[0].text == "Nơi nhận:" and all(r.bold and r.italic and r.font.size.pt == 12 for r in pars[0].runs)
    assert [p.text for p in pars[1:]] == [f"- {r};" for r in meeting.recipients] + ["- Lưu: VT."]
    assert all(r.font.size.pt == 11 for p in pars[1:] for r in p.runs)
    assert texts(doc)[-1].startswith("Trên đây là báo cáo kết quả đối thoại") and texts(doc)[-1].endswith("./.")


def test_report_settings_and_no_items(meeting):
    settings = ReportSettings(
        date=dt.date(2024, 10, 2),
        subject="Kết quả đối thoại năm 2024",
        signer="Lê Văn Hùng",
        signer_authority="KT. Chủ tịch",
        signer_title="Phó Chủ tịch",
        recipients=("UBND huyện",),
    )
    built = build_bao_cao(replace(meeting, report=settings), [])
    assert built.tables[0].rows[1].cells[1].text.strip() == "Bình Thanh, ngày 02 tháng 10 năm 2024"
    t = [p.text for p in built.paragraphs]
    assert "Kết quả đối thoại năm 2024" in t
    assert "Tại hội nghị không có ý kiến của Nhân dân." in t
    assert "Số người dân tham dự: chưa thống kê." in t
    right = built.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Hùng"]
