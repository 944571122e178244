"""Nghị định 30/2020 blocks of a document: horizontal rules, the document
type and summary with its short rule, page numbers in the top margin from
page 2, and "Nơi nhận"."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from minutes.docformat import ND30, Format, paragraph, style_run
from minutes.glyph_widths import text_width_pt
from minutes.messages import documents as msg

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
