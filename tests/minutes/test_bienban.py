"""The biên bản (Mẫu 1.9) opened with python-docx: every Nghị định 30 rule."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from minutes.bienban import build_bien_ban, to_bytes
from minutes.errors import MinutesError
from minutes.glyph_widths import text_width_pt
from minutes.items import Item
from minutes.meeting import load_meeting
from minutes.types import Utterance

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "binh-thanh.toml"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def make_items() -> list[Item]:
    return [
        # deliberately out of recording order
        Item(
            id="b",
            kind="cau_hoi",
            text="xin hỏi khi nào thì hồ sơ cấp sổ đỏ của gia đình tôi mới có kết quả",
            topic="dat_dai",
            unit="Địa chính – Nông nghiệp – Xây dựng và Môi trường",
            asker="Lê Thị Hoa",
            hamlet="Thanh Thủy",
            start=1500.0,
            end=1530.0,
        ),
        Item(
            id="a",
            kind="kien_nghi",
            text="đề nghị xã cho nạo vét mương thủy lợi đồng dưới trước mùa mưa",
            topic="nong_nghiep_thuy_loi",
            unit="Địa chính – Nông nghiệp – Xây dựng và Môi trường",
            asker="Phan Văn Tám",
            hamlet="Phước Hòa",
            start=620.0,
            end=655.0,
            answered=True,
            answer="tháng mười xã sẽ huy động máy nạo vét toàn tuyến mương",
            answer_start=660.0,
            answer_end=700.0,
        ),
        Item(
            id="c",
            kind="phan_anh",
            text="đèn đường ở ngã ba chợ hỏng đã lâu",
            topic="dien_nuoc",
            start=1800.0,
            end=1815.0,
            outside_content=True,
            deadline=dt.date(2024, 10, 15),
        ),
        Item(id="x", kind="phan_anh", text="cảm ơn các đồng chí lãnh đạo đã lắng nghe", status="tu_choi", start=1900.0),
    ]


UTTERANCES = [
    Utterance(0.0, 20.0, "kính thưa các đồng chí lãnh đạo và toàn thể bà con", "Nguyễn Hồng Phước"),
    Utterance(620.0, 655.0, "đề nghị xã cho nạo vét mương thủy lợi đồng dưới trước mùa mưa", "SPEAKER_03"),
    Utterance(660.0, 700.0, "tháng mười xã sẽ huy động máy nạo vét toàn tuyến mương", "Nguyễn Hồng Phước"),
]


@pytest.fixture(scope="module")
def meeting():
    return load_meeting(SAMPLE)


@pytest.fixture(scope="module")
def doc(meeting):
    built = build_bien_ban(meeting, make_items(), UTTERANCES, attendees=7)
    return docx.Document(io.BytesIO(to_bytes(built)))  # what a reader of the file sees


def body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def find(doc, text: str):
    for p in doc.paragraphs:
        if p.text.startswith(text):
            return p
    raise AssertionError(f"no paragraph starts with {text!r}")


def all_runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs
    for p in doc.sections[0].header.paragraphs:
        yield from p.runs


def has_bottom_rule(p) -> bool:
    ppr = p._p.pPr
    return (
        ppr is not None
        and ppr.find(qn("w:pBdr")) is not None
        and ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    )


def rule_width_pt(p, available_pt: float) -> float:
    pf = p.paragraph_format
    return available_pt - (pf.left_indent or 0) / 12700 - (pf.right_indent or 0) / 12700


def test_a4_portrait_and_margins(doc):
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
    assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20)


def test_times_new_roman_black_everywhere(doc):
    runs = [r for r in all_runs(doc) if r.text.strip()]
    assert len(runs) > 50
    for r in runs:
        fonts = r._r.rPr.find(qn("w:rFonts"))
        assert r.font.name == "Times New Roman", r.text
        assert fonts.get(qn("w:eastAsia")) == "Times New Roman" and fonts.get(qn("w:cs")) == "Times New Roman"
        assert r.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would override Times New Roman


def test_body_paragraph_format(doc):
    para = find(doc, "Đề nghị xã cho nạo vét")
    for p in (para, find(doc, "Thời gian bắt đầu"), find(doc, "Cuộc họp kết thúc")):
        pf = p.paragraph_format
        assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert Mm(10) - Mm(0.1) <= pf.first_line_indent <= Mm(12.7) + Mm(0.1)
        assert pf.space_after >= Pt(6)
        assert 1.0 <= pf.line_spacing <= 1.5
        assert all(13 <= r.font.size.pt <= 14 for r in p.runs if r.text.strip())


def test_header_table_borderless_two_columns(doc):
    table = doc.tables[0]
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    lines = [p for p in left.paragraphs if p.text]
    assert [p.text for p in lines] == ["ỦY BAN NHÂN DÂN", "XÃ BÌNH THANH"]
    for p in lines:
        assert all(r.bold and 12 <= r.font.size.pt <= 13 for r in p.runs)
    rlines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in rlines] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", MOTTO]
    assert all(r.bold and 12 <= r.font.size.pt <= 13 for r in rlines[0].runs)
    assert all(r.bold and 13 <= r.font.size.pt <= 14 for r in rlines[1].runs)
    number, date = table.rows[1].cells
    assert number.text.strip() == "Số: 03/BB-UBND"
    assert all(r.font.size.pt == 13 and not r.bold for r in number.paragraphs[0].runs)
    assert date.text.strip() == "Bình Thanh, ngày 20 tháng 9 năm 2024"
    assert all(r.italic and 13 <= r.font.size.pt <= 14 for r in date.paragraphs[0].runs)


def _cell_inner_pt(cell) -> float:
    return cell.width / 12700 - 2 * 5.4


def test_header_rules(doc):
    left, right = doc.tables[0].rows[0].cells
    rule = left.paragraphs[-1]
    assert has_bottom_rule(rule) and not rule.text
    agency_w = text_width_pt("XÃ BÌNH THANH", 13, True)
    assert agency_w / 3 <= rule_width_pt(rule, _cell_inner_pt(left)) <= agency_w / 2
    motto_rule = right.paragraphs[-1]
    assert has_bottom_rule(motto_rule)
    motto_w = text_width_pt(MOTTO, 13, True)
    assert abs(rule_width_pt(motto_rule, _cell_inner_pt(right)) - motto_w) < 0.05 * motto_w


def test_type_name_title_and_rule(doc, meeting):
    paras = doc.paragraphs
    i = next(k for k, p in enumerate(paras) if p.text == "BIÊN BẢN")
    assert paras[i].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold and 13 <= r.font.size.pt <= 14 for r in paras[i].runs)
    assert paras[i + 1].text == meeting.title and all(r.bold for r in paras[i + 1].runs)
    assert paras[i + 1].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert has_bottom_rule(paras[i + 2]) and not paras[i + 2].text


def test_six_fields_in_order_with_bold_labels(doc):
    labels = [
        "Thời gian bắt đầu",
        "Địa điểm",
        "Thành phần tham dự",
        "Chủ trì (chủ tọa)",
        "Thư ký (người ghi biên bản)",
        "Nội dung (theo diễn biến cuộc họp)",
    ]
    all_text = texts(doc)
    positions = [next(k for k, t in enumerate(all_text) if t.startswith(label + ":")) for label in labels]
    assert positions == sorted(positions)
    for label in labels:
        assert find(doc, label).runs[0].bold and find(doc, label).runs[0].text.startswith(label)
    assert find(doc, "Thời gian bắt đầu").text == "Thời gian bắt đầu: 08 giờ 00 phút, ngày 20 tháng 9 năm 2024."
    assert find(doc, "Chủ trì").text.startswith("Chủ trì (chủ tọa): Đồng chí Nguyễn Hồng Phước, Chủ tịch UBND xã")
    assert "Trần Thị Mai" in find(doc, "Thư ký").text
    assert "- Nhân dân tham dự: 07 người." in all_text


def test_content_in_order_answers_and_written_answers(doc):
    t = texts(doc)
    opening = next(k for k, x in enumerate(t) if x.startswith("1. Khai mạc"))
    first = next(k for k, x in enumerate(t) if x.startswith("2.1. Ông (bà) Phan Văn Tám, thôn Phước Hòa"))
    second = next(k for k, x in enumerate(t) if x.startswith("2.2. Ông (bà) Lê Thị Hoa, thôn Thanh Thủy"))
    third = next(k for k, x in enumerate(t) if x.startswith("2.3. "))
    conclusion = next(k for k, x in enumerate(t) if x.startswith("3. Kết luận"))
    closing = t.index("Cuộc họp kết thúc vào 10 giờ 30 phút, ngày 20 tháng 9 năm 2024/.")
    assert opening < first < second < third < conclusion < closing
    assert "[00:10:20]" in t[first] and "kiến nghị" in t[first]
    # the answer of item 1, attributed to the chair who spoke at answer_start
    assert t[first + 2].startswith("Đồng chí Nguyễn Hồng Phước, Chủ tịch UBND xã trả lời: Tháng mười xã sẽ")
    # item 2 was not answered: a written answer by the default deadline (date + 10 days)
    block2 = " ".join(t[second:third])
    assert "sẽ trả lời bằng văn bản" in block2 and "30/09/2024" in block2
    assert "đơn vị xử lý: Địa chính – Nông nghiệp – Xây dựng và Môi trường" in block2
    block3 = " ".join(t[third:conclusion])
    assert "ngoài nội dung đối thoại" in block3 and "15/10/2024" in block3
    assert "sẽ trả lời bằng văn bản" not in " ".join(t[first:second])
    assert not any("cảm ơn các đồng chí lãnh đạo" in x.lower() for x in t[:closing])  # rejected item


def test_signatures_and_recipients(doc, meeting):
    sig = next(tb for tb in doc.tables[1:] if "THƯ KÝ" in tb.rows[0].cells[0].text)
    borders = sig._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = sig.rows[0].cells
    for cell, label, name in ((left, "THƯ KÝ", "Trần Thị Mai"), (right, "CHỦ TỌA", "Nguyễn Hồng Phước")):
        pars = cell.paragraphs
        assert pars[0].text == label and all(r.bold for r in pars[0].runs)
        assert pars[-1].text == name and all(r.bold for r in pars[-1].runs)
        assert sum(1 for p in pars[1:-1] if not p.text) >= 3  # room to sign
    # "Nơi nhận" sits at the left margin under the secretary's signature, in the
    # same never-splitting table so it is not left alone on a new page
    pars = [p for p in sig.rows[1].cells[0].paragraphs if p.text]
    label = pars[0]
    assert label.text == "Nơi nhận:"
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT and not label.paragraph_format.first_line_indent
    assert all(r.bold and r.italic and r.font.size.pt == 12 for r in label.runs)
    lines = pars[1:]
    assert all(r.font.size.pt == 11 and not r.bold for p in lines for r in p.runs)
    assert [p.text for p in lines[:-1]] == [f"- {r};" for r in meeting.recipients]
    assert not sig.rows[1].cells[1].text.strip()
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in sig.rows)
    assert lines[-1].text == "- Lưu: VT, Hồ sơ."


def test_page_numbers_from_page_two(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    xml = s.header._element.xml
    assert "PAGE" in "".join(e.text or "" for e in s.header._element.iter(qn("w:instrText")))
    assert s.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "fldChar" in xml
    assert not list(s.first_page_header._element.iter(qn("w:instrText")))


def test_appendix_table_and_transcript(doc):
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Người hỏi", "Thôn", "Nội dung", "Lĩnh vực", "Bộ phận", "Hình thức trả lời", "Thời hạn"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == ["Phan Văn Tám", "Lê Thị Hoa", "—"]
    assert rows[0][6] == "Trả lời tại hội nghị" and rows[1][6] == "Trả lời bằng văn bản"
    assert rows[1][7] == "30/09/2024" and rows[2][7] == "15/10/2024"
    assert rows[0][4] == "Nông nghiệp, thủy lợi"
    t = texts(doc)
    assert "[00:11:00] Nguyễn Hồng Phước: tháng mười xã sẽ huy động máy nạo vét toàn tuyến mương" in t
    assert "[00:00:00] Nguyễn Hồng Phước: kính thưa các đồng chí lãnh đạo và toàn thể bà con" in t


def test_all_text_is_nfc(doc):
    for r in all_runs(doc):
        assert unicodedata.is_normalized("NFC", r.text)


def test_missing_end_time_is_a_clear_error(meeting):
    from dataclasses import replace

    with pytest.raises(MinutesError, match="giờ kết thúc"):
        build_bien_ban(replace(meeting, end=None), [], [])


def test_explicit_end_time_and_blank_number(meeting):
    from dataclasses import replace

    built = build_bien_ban(replace(meeting, minutes_number=None), [], [], end_time=dt.time(9, 5), appendix=False)
    t = [p.text for p in built.paragraphs]
    assert "Cuộc họp kết thúc vào 09 giờ 05 phút, ngày 20 tháng 9 năm 2024/." in t
    number = built.tables[0].rows[1].cells[0].text.strip()
    assert number.startswith("Số:") and number.endswith("/BB-UBND") and not any(ch.isdigit() for ch in number)
    assert "Không có ý kiến của Nhân dân được ghi nhận." in t
    assert not any(p.startswith("PHỤ LỤC") for p in t)


def test_missing_agency_name_leaves_a_blank_to_fill_in(meeting):
    """«Tên cơ quan» is optional on the meeting form: the draft has a blank (issue 13: it was a 500)."""
    from dataclasses import replace

    from minutes.meeting import Agency

    built = build_bien_ban(replace(meeting, agency=Agency(name="")), [], [])
    header = built.tables[0].rows[0].cells[0].text
    assert "ỦY BAN NHÂN DÂN" in header and "XÃ ………………" in header
    assert "………………, ngày" in built.tables[0].rows[1].cells[1].text
