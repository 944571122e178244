"""Nghị định 30/2020/NĐ-CP (Phụ lục I) primitives on python-docx.

Page set-up, Times New Roman everywhere (including the East-Asian and
complex-script font slots, so Word never falls back to a theme font),
paragraph styles, the two-column header table with its rules, the document
type and summary, page numbers in the top margin from page 2, signature
blocks and "Nơi nhận". The builders (bienban.py, baocao.py) only call these.
"""

from __future__ import annotations

import copy
import math
import unicodedata
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips

from minutes.messages import documents as msg

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
CELL_PAD_PT = 5.4  # Word's default left/right cell margin (0.19 cm)

# Advance widths (1/1000 em) of Times New Roman for U+0020..U+007E, then "Đđ",
# taken from the metric-compatible Liberation Serif. Vietnamese letters are
# measured by their base letter (diacritics do not change the advance).
_W_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 "
    "611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 "
    "500 500 500 500 333 389 278 500 500 722 500 500 444 480 200 480 541 722 500"
)
_W_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 "
    "667 722 722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 "
    "556 500 556 556 444 389 333 556 500 722 500 500 444 394 220 394 520 722 556"
)


# Letters with a horn are wider than their base letter.
_HORN = {False: {"ơ": 529, "Ơ": 722, "ư": 542, "Ư": 776}, True: {"ơ": 554, "Ơ": 778, "ư": 600, "Ư": 796}}


def _table_of(widths: str, bold: bool) -> dict[str, int]:
    chars = [chr(c) for c in range(0x20, 0x7F)] + ["Đ", "đ"]
    return dict(zip(chars, map(int, widths.split()), strict=True)) | _HORN[bold]


_WIDTHS = {False: _table_of(_W_REGULAR, False), True: _table_of(_W_BOLD, True)}


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of one line of `text` in Times New Roman."""
    table = _WIDTHS[bold]
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch not in table:
            # "ộ" → "o", "ớ" → "ơ": drop the tone and circumflex/breve marks, keep the horn
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[0] + ("\u031b" if "\u031b" in parts else ""))
            ch = base if base in table else "n"
        total += table.get(ch, 500)
    return total * size_pt / 1000


@dataclass(frozen=True)
class PageSetup:
    """A4 portrait; margins inside the Nghị định 30 ranges."""

    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    header_mm: float = 10  # page number sits in the top margin

    @property
    def text_width_pt(self) -> float:
        return (210 - self.left_mm - self.right_mm) * 72 / 25.4


@dataclass(frozen=True)
class Sizes:
    """Font sizes in pt (Phụ lục I ranges in comments)."""

    body: float = 14  # 13–14
    agency: float = 13  # 12–13, bold, upper case
    national: float = 12  # 12–13, bold, upper case
    motto: float = 13  # 13–14, bold
    number: float = 13  # 13
    place_date: float = 14  # 13–14, italic
    doc_type: float = 14  # 13–14, bold, upper case
    subject: float = 14  # 13–14, bold
    signature: float = 14  # 13–14, bold
    recipients_label: float = 12  # 12, bold italic
    recipients: float = 11  # 11
    page_number: float = 14  # 13–14
    table: float = 12


@dataclass(frozen=True)
class Format:
    page: PageSetup = PageSetup()
    sizes: Sizes = Sizes()
    first_line_indent_cm: float = 1.27  # 1 or 1.27
    space_after_pt: float = 6  # ≥ 6
    line_spacing: float = 1.15  # single to 1.5


ND30 = Format()


@dataclass
class Signature:
    """One signature block: upper-case authority/title lines, then the name."""

    lines: list[str]
    name: str = ""
    blank_lines: int = 4


@dataclass
class Header:
    agency_lines: list[str]  # e.g. ["ỦY BAN NHÂN DÂN", "XÃ BÌNH THANH"]
    number: str  # "Số: 03/BB-UBND"
    place_date: str  # "Bình Thanh, ngày 20 tháng 9 năm 2024"


# --- fonts and styles -----------------------------------------------------------


def set_fonts(rpr_parent) -> None:
    """Times New Roman in all four font slots; drop theme fonts that would win."""
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


# Run and paragraph properties are built once with python-docx and then
# copied as XML: setting them property by property is slow enough to matter
# for a 3-hour transcript appendix (thousands of paragraphs).
_RPR: dict[tuple, object] = {}
_PPR: dict[tuple, object] = {}


def _put_first(parent, element) -> None:
    old = parent.find(element.tag)
    if old is not None:
        parent.remove(old)
    parent.insert(0, element)


def style_run(run, size: float, bold: bool = False, italic: bool = False):
    """Times New Roman (all slots), black, `size` pt, bold/italic as given."""
    key = (size, bold, italic)
    if key not in _RPR:
        run.font.name = FONT
        set_fonts(run._r)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = BLACK
        _RPR[key] = copy.deepcopy(run._r.rPr)
    else:
        _put_first(run._r, copy.deepcopy(_RPR[key]))
    return run


def _defaults(doc: DocxDocument, fmt: Format) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            style.font.name = FONT
            set_fonts(style.element)
            style.font.color.rgb = BLACK
    normal = doc.styles["Normal"]
    normal.font.size = Pt(fmt.sizes.body)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(fmt.space_after_pt)
    pf.line_spacing = fmt.line_spacing
    body = doc.styles.add_style("ND30 Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(fmt.first_line_indent_cm)
    for name, size in (
        ("ND30 Header", None),
        ("ND30 Table", fmt.sizes.table),
        ("ND30 Recipients", fmt.sizes.recipients),
    ):
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.line_spacing = 1.0
        if size:
            st.font.size = Pt(size)


def _twips_up(mm: float) -> Twips:
    # DOCX stores margins in whole twips; rounding down would put 15 mm at 14.99 mm
    return Twips(math.ceil(mm * 1440 / 25.4))


def new_document(fmt: Format = ND30) -> DocxDocument:
    """An empty A4 portrait document with the Nghị định 30 set-up."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    p = fmt.page
    section.top_margin, section.bottom_margin = _twips_up(p.top_mm), _twips_up(p.bottom_mm)
    section.left_margin, section.right_margin = _twips_up(p.left_mm), _twips_up(p.right_mm)
    section.header_distance, section.footer_distance = Mm(p.header_mm), Mm(p.header_mm)
    _defaults(doc, fmt)
    doc.core_properties.language = "vi-VN"
    return doc


def properties(doc, title: str, agency_name: str) -> None:
    """File properties Word shows: title, author (the agency), a draft note."""
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = msg.AGENCY_FULL.format(name=agency_name).strip()
    props.comments = msg.DRAFT_NOTE


# --- paragraphs -------------------------------------------------------------------


def paragraph(
    container,
    text: str = "",
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after: float | None = None,
    style: str | None = None,
    fmt: Format = ND30,
    keep_next: bool = False,
):
    """One paragraph with one run; body paragraphs get the first-line indent."""
    style = style or ("ND30 Body" if indent else None)
    par = container.add_paragraph()
    key = (style, align, indent, after, keep_next, fmt)
    if key not in _PPR:
        ppr = par._p.get_or_add_pPr()
        if style:
            ppr.style = style.replace(" ", "")  # the style id python-docx gave it
        pf = par.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Cm(fmt.first_line_indent_cm) if indent else Cm(0)
        pf.space_after = Pt(fmt.space_after_pt if after is None else after)
        pf.line_spacing = fmt.line_spacing if style in (None, "ND30 Body") else 1.0
        if keep_next:
            pf.keep_with_next = True
        _PPR[key] = copy.deepcopy(ppr)
    else:
        _put_first(par._p, copy.deepcopy(_PPR[key]))
    if text:
        style_run(par.add_run(text), size, bold, italic)
    return par


def runs(par, parts: list[tuple[str, dict]], size: float):
    """Add runs with their own bold/italic to `par`: [("Địa điểm: ", {"bold": True}), …]."""
    for text, opts in parts:
        style_run(par.add_run(text), size, opts.get("bold", False), opts.get("italic", False))
    return par


def body(doc, text: str, fmt: Format = ND30, **kw):
    return paragraph(doc, text, size=fmt.sizes.body, indent=True, fmt=fmt, **kw)


# Elements that must follow w:pBdr inside w:pPr (schema order).
_PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _bottom_border(par) -> None:
    ppr = par._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.insert_element_before(borders, *_PPR_AFTER_BORDER)


def rule(container, width_pt: float, available_pt: float):
    """A centred solid horizontal rule `width_pt` long: an empty 1-pt paragraph
    with a bottom border, its indents leaving exactly that width."""
    side = max(0.0, (available_pt - width_pt) / 2)
    par = container.add_paragraph()
    pf = par.paragraph_format
    pf.left_indent, pf.right_indent = Pt(side), Pt(side)
    pf.first_line_indent = Pt(0)
    pf.space_before, pf.space_after = Pt(0), Pt(2)
    pf.line_spacing = Pt(1)
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bottom_border(par)
    return par


def short_rule(container, line: str, size: float, bold: bool, available_pt: float, ratio: float = 0.4):
    """Rule of `ratio` (1/3–1/2) of the printed length of `line`, centred under it."""
    width = min(text_width_pt(line, size, bold), available_pt) * ratio
    return rule(container, width, available_pt)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def title_block(doc, type_name: str, subject_lines: list[str], fmt: Format = ND30) -> None:
    """ "BIÊN BẢN" / "BÁO CÁO" centred bold upper case, the summary bold, a short rule."""
    s = fmt.sizes
    paragraph(
        doc, type_name, size=s.doc_type, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep_next=True
    ).paragraph_format.space_before = Pt(18)
    for line in subject_lines:
        paragraph(doc, line, size=s.subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, keep_next=True)
    avail = fmt.page.text_width_pt
    longest = max(subject_lines or [type_name], key=lambda t: text_width_pt(t, s.subject, True))
    rule(doc, min(text_width_pt(longest, s.subject, True), avail) * 0.4, avail).paragraph_format.space_after = Pt(12)


def page_numbers(doc, fmt: Format = ND30) -> None:
    """A PAGE field centred in the header; the first page has its own (empty) header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    par = header.paragraphs[0]
    par.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.space_after = Pt(0)

    def add(kind: str | None = None, instr: str | None = None, text: str | None = None):
        run = style_run(par.add_run(text or ""), fmt.sizes.page_number)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        if instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            run._r.append(it)

    add("begin")
    add(instr=" PAGE ")
    add("separate")
    add(text=msg.PAGE_PLACEHOLDER)
    add("end")


def recipients(container, names: list[str], archive: str, fmt: Format = ND30) -> None:
    """ "Nơi nhận:" 12 pt bold italic at the left margin, then "- …;" lines in 11 pt."""
    s = fmt.sizes
    label = paragraph(
        container,
        msg.RECIPIENTS_LABEL,
        size=s.recipients_label,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
        style="ND30 Recipients",
    )
    lines = [f"- {n.strip().rstrip(';.').strip()};" for n in names if n.strip()]
    lines.append(f"- {archive}")
    label.paragraph_format.keep_with_next = True
    for n, line in enumerate(lines, 1):
        # the block never splits across pages
        paragraph(
            container,
            line,
            size=s.recipients,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            after=0,
            style="ND30 Recipients",
            keep_next=n < len(lines),
        )
