"""Tables in the Nghị định 30 layout: borderless layout tables, grid tables,
the two-column document header with its rules, and signature cells."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

from minutes.docblocks import rule, short_rule
from minutes.docformat import CELL_PAD_PT, ND30, Format, Header, Signature, paragraph
from minutes.glyph_widths import text_width_pt
from minutes.messages import documents as msg

# --- tables -------------------------------------------------------------------------
# Elements that must follow w:tblBorders inside w:tblPr (schema order).
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table_borders(table: Table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), value)
        if value != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def set_widths(table: Table, widths_pt: list[float]) -> None:
    table.autofit = False  # fixed layout: Word and LibreOffice keep these widths
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, w in zip(row.cells, widths_pt, strict=True):
            cell.width = Pt(w)
    for col, w in zip(table.columns, widths_pt, strict=True):
        col.width = Pt(w)


def borderless_table(doc, rows: int, widths_pt: list[float]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_pt))
    _table_borders(table, "nil")
    set_widths(table, widths_pt)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table


def grid_table(
    doc,
    columns: tuple[str, ...],
    rows: list[list[str]],
    widths_pt: list[float],
    fmt: Format = ND30,
    bold_last: bool = False,
    size: float | None = None,
    keep_together: bool = False,
) -> Table:
    """A ruled data table; the header row is bold and repeats on each page,
    rows never split, and a short table can be kept on one page."""
    size = size or fmt.sizes.table
    table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    _table_borders(table, "single")
    set_widths(table, widths_pt)
    header_row = table.rows[0]
    trpr = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for r, values in enumerate([list(columns), *rows]):
        bold = r == 0 or (bold_last and r == len(rows))
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            cell._tc.remove(cell._tc.p_lst[0])
            numeric = r == 0 or value.isdigit() or value == msg.NOT_GIVEN
            paragraph(
                cell,
                value,
                size=size,
                bold=bold,
                after=0,
                style="ND30 Table",
                fmt=fmt,
                align=WD_ALIGN_PARAGRAPH.CENTER if numeric else WD_ALIGN_PARAGRAPH.LEFT,
                keep_next=keep_together and r < len(rows),
            )
        cant_split = OxmlElement("w:cantSplit")
        table.rows[r]._tr.get_or_add_trPr().append(cant_split)
    return table


def _cell_pars(cell, lines: list[tuple[str, float, bool, bool]]):
    pars = []
    for text, size, bold, italic in lines:
        par = paragraph(
            cell,
            text,
            size=size,
            bold=bold,
            italic=italic,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=0,
            style="ND30 Header",
            keep_next=True,
        )
        pars.append(par)
    return pars


def header_table(doc, header: Header, fmt: Format = ND30) -> Table:
    """The borderless 2×2 header: agency | national title and motto, then
    number | place and date, so the two lower lines sit on one baseline."""
    s = fmt.sizes
    total = fmt.page.text_width_pt
    # the right column is as wide as its longest line (plus slack for font
    # differences) so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" never wraps
    right_need = (
        max(text_width_pt(msg.NATIONAL_TITLE, s.national, True), text_width_pt(header.place_date, s.place_date)) * 1.04
        + 2 * CELL_PAD_PT
        + 6
    )
    widths = [total - right_need, right_need]
    table = borderless_table(doc, 2, widths)
    left, right = table.rows[0].cells
    inner_left, inner_right = widths[0] - 2 * CELL_PAD_PT, widths[1] - 2 * CELL_PAD_PT
    _cell_pars(left, [(line, s.agency, True, False) for line in header.agency_lines])
    short_rule(left, header.agency_lines[-1], s.agency, True, inner_left)
    _cell_pars(right, [(msg.NATIONAL_TITLE, s.national, True, False), (msg.MOTTO, s.motto, True, False)])
    # the motto's rule is as long as the motto line itself
    rule(right, text_width_pt(msg.MOTTO, s.motto, True), inner_right)
    num_cell, date_cell = table.rows[1].cells
    for par in _cell_pars(num_cell, [(header.number, s.number, False, False)]):
        par.paragraph_format.space_before = Pt(6)
    for par in _cell_pars(date_cell, [(header.place_date, s.place_date, False, True)]):
        par.paragraph_format.space_before = Pt(6)
    return table


def signature_cell(cell, sig: Signature, fmt: Format = ND30) -> None:
    s = fmt.sizes
    _cell_pars(cell, [(line, s.signature, True, False) for line in sig.lines])
    for _ in range(sig.blank_lines):
        _cell_pars(cell, [("", s.signature, False, False)])
    if sig.name:
        _cell_pars(cell, [(sig.name, s.signature, True, False)])


def two_columns(doc, fmt: Format = ND30, left_ratio: float = 0.5, rows: int = 1) -> Table:
    """A borderless two-column table (signatures, Nơi nhận + signature); its
    rows never split and are kept on one page."""
    total = fmt.page.text_width_pt
    table = borderless_table(doc, rows, [total * left_ratio, total * (1 - left_ratio)])
    # no cell padding: "Nơi nhận" starts exactly at the left margin
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table
