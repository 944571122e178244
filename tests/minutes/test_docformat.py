"""Document primitives and Vietnamese document text (Nghị định 30 rules)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import docx
import pytest
from docx.oxml.ns import qn

from minutes import docblocks
from minutes import docformat as df
from minutes import doctables as tables
from minutes import vntext as vn
from minutes.glyph_widths import text_width_pt
from minutes.messages import documents as messages


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 1, 5), "Bình Thanh, ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "Bình Thanh, ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 9, 20), "Bình Thanh, ngày 20 tháng 9 năm 2024"),
        (dt.date(2025, 12, 3), "Bình Thanh, ngày 03 tháng 12 năm 2025"),
        (dt.date(2023, 3, 10), "Bình Thanh, ngày 10 tháng 3 năm 2023"),
    ],
)
def test_place_date_leading_zeros(date, expected):
    assert vn.place_date("Bình Thanh", date) == expected


def test_numbers_times_and_timestamps():
    assert vn.doc_number(3, "BB") == "Số: 03/BB-UBND"
    assert vn.doc_number(15, "BC") == "Số: 15/BC-UBND"
    assert vn.doc_number(7, "TB", "UBND") == "Số: 07/TB-UBND"
    blank = vn.doc_number(None, "BB")
    assert blank.startswith("Số: ") and blank.endswith("/BB-UBND") and not any(c.isdigit() for c in blank)
    assert vn.time_words(dt.time(10, 30)) == "10 giờ 30 phút"
    assert vn.time_words(dt.time(8, 0)) == "08 giờ 00 phút"
    assert vn.timestamp(3725.4) == "01:02:05"
    assert vn.add_minutes(dt.time(8, 0), 2 * 3600 + 29 * 60 + 40) == dt.time(10, 30)
    assert vn.add_minutes(dt.time(23, 0), 7200) == dt.time(23, 59)
    assert vn.pad2(5) == "05" and vn.pad2(10) == "10" and vn.pad2(0) == "00"


def test_upper_and_sentence_keep_vietnamese_letters():
    assert vn.upper("xã Bình Thanh") == "XÃ BÌNH THANH"
    decomposed = unicodedata.normalize("NFD", "thôn phước hòa")
    assert vn.sentence(decomposed) == unicodedata.normalize("NFC", "Thôn phước hòa.")
    assert vn.sentence("  bao giờ  sửa đường ?") == "Bao giờ sửa đường ?"
    assert vn.sentence("") == ""


def test_fixed_strings_are_nfc_and_spelled_right():
    for name in dir(messages):
        value = getattr(messages, name)
        strings = value if isinstance(value, tuple) else (value,)
        for s in strings:
            if isinstance(s, str):
                assert unicodedata.is_normalized("NFC", s), name
    assert messages.NATIONAL_TITLE == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert messages.MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert messages.FIELD_CHAIR == "Chủ trì (chủ tọa)"
    assert messages.FIELD_SECRETARY == "Thư ký (người ghi biên bản)"


def test_text_width_follows_letter_shapes():
    assert text_width_pt("MMMM", 12) > 2 * text_width_pt("iiii", 12)
    assert text_width_pt("ABC", 13, bold=True) > text_width_pt("ABC", 13)
    assert text_width_pt("ABC", 26) == pytest.approx(2 * text_width_pt("ABC", 13))
    # tone marks and circumflex do not change the advance; the horn does
    assert text_width_pt("Ộ", 13, True) == text_width_pt("O", 13, True)
    assert text_width_pt("ừ", 13) > text_width_pt("u", 13)


def test_new_document_setup_and_styles():
    doc = docx.Document(io.BytesIO(_save(df.new_document())))
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert doc.styles["ND30 Body"].paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    for style in doc.styles:
        fonts = style.element.find(qn("w:rPr"))
        if fonts is not None and fonts.find(qn("w:rFonts")) is not None:
            assert fonts.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None, style.name


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_rule_is_centred_border_of_given_width():
    doc = df.new_document()
    par = docblocks.rule(doc, 100.0, 400.0)
    ppr = par._p.pPr
    bottom = ppr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    assert par.paragraph_format.left_indent.pt == pytest.approx(150, abs=0.1)
    assert par.paragraph_format.right_indent.pt == pytest.approx(150, abs=0.1)
    # schema order: pBdr before spacing and ind, or Word rejects the file
    tags = [child.tag.split("}")[1] for child in ppr]
    assert tags.index("pBdr") < tags.index("spacing") < tags.index("ind")


def test_header_table_with_long_commune_name_keeps_national_title_on_one_column():
    doc = df.new_document()
    header = df.Header(
        ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC HƯNG ĐÔNG"], "Số: 03/BB-UBND", "Phước Hưng Đông, ngày 25 tháng 12 năm 2024"
    )
    table = tables.header_table(doc, header)
    right_inner = table.rows[0].cells[1].width / 12700 - 2 * df.CELL_PAD_PT
    assert right_inner > text_width_pt(messages.NATIONAL_TITLE, 12, True)
    assert right_inner > text_width_pt(header.place_date, 14)
    total = sum(c.width for c in table.rows[0].cells) / 12700
    assert total == pytest.approx(df.ND30.page.text_width_pt, abs=1)


def test_recipients_lines():
    doc = df.new_document()
    docblocks.recipients(doc, ["TT Đảng ủy (b/cáo);", " CT, các PCT UBND ", ""], "Lưu: VT, Hồ sơ.")
    assert [p.text for p in doc.paragraphs] == [
        "Nơi nhận:",
        "- TT Đảng ủy (b/cáo);",
        "- CT, các PCT UBND;",
        "- Lưu: VT, Hồ sơ.",
    ]


def test_restore_names_in_raw_asr_text():
    raw = "tôi tên là nguyễn văn bảy ở thôn phước hòa, hỏi anh bảy nguyễn văn bảy"
    out = vn.restore_names(raw, ["Nguyễn Văn Bảy", "Phước Hòa", "Hòa"])
    assert out == "tôi tên là Nguyễn Văn Bảy ở thôn Phước Hòa, hỏi anh bảy Nguyễn Văn Bảy"
    # whole words only: "hòa" inside "hòa bình" is a word, "hòan" is not
    assert vn.restore_names("hòan thành hòa bình", ["Hòa"]) == "hòan thành Hòa bình"
