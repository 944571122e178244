"""Nghị định 30/2020/NĐ-CP (Phụ lục I) primitives on python-docx.

Page set-up, Times New Roman everywhere (including the East-Asian and
complex-script font slots, so Word never falls back to a theme font),
paragraph styles and paragraphs, and the header and signature data. Rules,
the title block, page numbers and "Nơi nhận" are in docblocks.py, tables in
doctables.py, text widths in glyph_widths.py. The builders (bienban.py,
baocao.py, ...) only call these.
"""

from __future__ import annotations

import copy
import math
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


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
