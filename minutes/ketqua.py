"""Báo cáo kết quả giải quyết ý kiến, kiến nghị sau đối thoại (Nghị định 30/2020, Mẫu 1.4).

What the commune sends the higher level once the written answers are due:
header ("Số: …/BC-UBND"), "BÁO CÁO" + trích yếu, a recap of the dialogue
(items raised, answered on the spot, referred), how the referred items
stand (answered on time / late, still open, overdue), a table per unit, the
detailed table (STT, người nêu, thôn, nội dung tóm tắt, đơn vị xử lý, hạn,
trạng thái, kết quả), a proposal, then "Nơi nhận" beside the signature.

Plain data in, a python-docx Document out: the web app and the CLI both
call `build_ket_qua`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from minutes import docblocks
from minutes import docformat as df
from minutes import doctables as tables
from minutes import vntext as vn
from minutes.bienban import agency_name, deadline_of, document_items, header_of, known_names
from minutes.glyph_widths import text_width_pt
from minutes.items import Item
from minutes.meeting import Meeting
from minutes.messages import documents as msg
from minutes.messages import ketqua as kq
from minutes.messages.items import STATUS_LABELS

_MM = 72 / 25.4
ANSWERED = "da_tra_loi"


@dataclass(frozen=True)
class Outcome:
    """An item with how it was handled after the meeting (status is item.status)."""

    item: Item
    response: str = ""  # the written answer / result
    responded_at: dt.date | None = None


def overdue_days(deadline: dt.date | None, status: str, today: dt.date) -> int:
    """Days past the deadline of an item not answered yet; 0 when not overdue."""
    if deadline is None or status == ANSWERED or today <= deadline:
        return 0
    return (today - deadline).days


@dataclass(frozen=True)
class Progress:
    """The counts the report prints."""

    total: int  # items raised (rejected ones excluded)
    on_spot: int
    referred: int
    answered: int
    answered_late: int
    open: int
    overdue: int
    by_unit: dict[str, tuple[int, int, int, int]]  # unit -> (total, answered, open, overdue)

    @property
    def answered_on_time(self) -> int:
        return self.answered - self.answered_late

    @classmethod
    def of(cls, meeting: Meeting, outcomes: list[Outcome], today: dt.date) -> Progress:
        kept = [o for o in outcomes if o.item.status != "tu_choi"]
        referred = [o for o in kept if o.item.needs_written_answer]
        answered = late = still_open = overdue = 0
        units: dict[str, list[int]] = {}
        for o in referred:
            deadline = deadline_of(o.item, meeting)
            row = units.setdefault(o.item.unit or kq.UNIT_NOT_GIVEN, [0, 0, 0, 0])
            row[0] += 1
            if o.item.status == ANSWERED:
                answered += 1
                row[1] += 1
                if deadline and o.responded_at and o.responded_at > deadline:
                    late += 1
            else:
                still_open += 1
                row[2] += 1
                if overdue_days(deadline, o.item.status, today):
                    overdue += 1
                    row[3] += 1
        return cls(
            len(kept),
            len(kept) - len(referred),
            len(referred),
            answered,
            late,
            still_open,
            overdue,
            {u: (v[0], v[1], v[2], v[3]) for u, v in units.items()},
        )


def status_text(outcome: Outcome, meeting: Meeting, today: dt.date) -> str:
    """ "Đang xử lý", or "Đang xử lý, quá hạn 5 ngày"."""
    label = STATUS_LABELS.get(outcome.item.status, outcome.item.status)
    days = overdue_days(deadline_of(outcome.item, meeting), outcome.item.status, today)
    return kq.OVERDUE_STATUS.format(status=label, days=days) if days else label


def _result_text(outcome: Outcome) -> str:
    text = vn.sentence(outcome.response)
    if text and outcome.responded_at:
        return kq.RESULT_WITH_DATE.format(text=vn.strip_final_stop(text), date=vn.short_date(outcome.responded_at))
    return text or msg.NOT_GIVEN


def _event(meeting: Meeting) -> str:
    title = meeting.title.strip()
    return title[:1].lower() + title[1:] if title else title


def _detail_widths(size: float) -> list[float]:
    """STT and the date column just wide enough not to wrap; the rest shared by weight."""
    pad = 2 * df.CELL_PAD_PT + 2
    number = text_width_pt(kq.DETAIL_COLUMNS[0], size, True) + pad
    date = text_width_pt("30/09/2024", size) + pad
    rest = df.ND30.page.text_width_pt - number - date
    weights = (20, 16, 38, 21, 19, 23)  # người nêu, thôn, nội dung, đơn vị, trạng thái, kết quả
    shares = [rest * w / sum(weights) for w in weights]
    return [number, *shares[:4], date, *shares[4:]]


def build_ket_qua(
    meeting: Meeting, outcomes: list[Outcome], *, today: dt.date, number: int | None = None
) -> DocxDocument:
    """The results report as of `today` (its date, and the day overdue is counted to)."""
    s = df.ND30.sizes
    by_item = {id(o.item): o for o in outcomes}
    ordered = [by_item[id(i)] for i in document_items([o.item for o in outcomes])]
    progress = Progress.of(meeting, ordered, today)
    agency = msg.AGENCY_FULL.format(name=agency_name(meeting))

    doc = df.new_document()
    tables.header_table(doc, header_of(meeting, number, msg.TYPE_CODE_REPORT, today, blank_agency=True))
    docblocks.title_block(doc, msg.REPORT_TYPE, [kq.SUBJECT])
    df.properties(doc, kq.PROPERTIES_TITLE, agency_name(meeting))
    docblocks.page_numbers(doc)
    if meeting.agency.superior:
        df.paragraph(
            doc,
            msg.REPORT_TO.format(superior=meeting.agency.superior),
            size=s.body,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=12,
        )
    df.body(
        doc,
        kq.INTRO.format(
            event=_event(meeting), date=vn.short_date(meeting.date), agency=agency, today=vn.date_words(today)
        ),
    )

    df.body(doc, kq.PART_SUMMARY, bold=True, keep_next=True)
    df.body(doc, kq.MEETING_LINE.format(date=vn.date_words(meeting.date), venue=vn.strip_final_stop(meeting.venue)))
    df.body(
        doc,
        kq.ITEMS_LINE.format(
            total=vn.pad2(progress.total), spot=vn.pad2(progress.on_spot), referred=vn.pad2(progress.referred)
        )
        if progress.total
        else msg.REPORT_TOTAL_NONE,
    )

    df.body(doc, kq.PART_RESULTS, bold=True, keep_next=True)
    referred = [o for o in ordered if o.item.needs_written_answer]
    if not referred:
        df.body(doc, msg.REPORT_NO_REFERRED)
    else:
        df.body(doc, kq.SEC_OVERVIEW, bold=True, keep_next=True)
        df.body(
            doc,
            kq.OVERVIEW.format(
                referred=vn.pad2(progress.referred),
                answered=vn.pad2(progress.answered),
                on_time=vn.pad2(progress.answered_on_time),
                late=vn.pad2(progress.answered_late),
                open=vn.pad2(progress.open),
                overdue=vn.pad2(progress.overdue),
            ),
        )
        df.body(doc, kq.SEC_BY_UNIT, bold=True, keep_next=True)
        rows = [[unit, *(str(n) for n in counts)] for unit, counts in progress.by_unit.items()]
        rows.append(
            [msg.TOTAL_ROW, str(progress.referred), str(progress.answered), str(progress.open), str(progress.overdue)]
        )
        tables.grid_table(
            doc, kq.UNIT_COLUMNS, rows, [w * _MM for w in (61, 24, 26, 30, 24)], bold_last=True, keep_together=True
        )
        df.paragraph(doc, "", size=s.table, after=0)
        df.body(doc, kq.SEC_DETAIL, bold=True, keep_next=True)
        names = known_names(meeting, [o.item for o in referred])
        detail = []
        for n, o in enumerate(referred, 1):
            deadline = deadline_of(o.item, meeting)
            text = vn.restore_names(o.item.summary or o.item.text, names)
            detail.append(
                [
                    str(n),
                    o.item.asker or msg.NOT_GIVEN,
                    o.item.hamlet or msg.NOT_GIVEN,
                    vn.sentence(text),
                    o.item.unit or kq.UNIT_NOT_GIVEN,
                    vn.short_date(deadline) if deadline else msg.NOT_GIVEN,
                    status_text(o, meeting, today),
                    _result_text(o),
                ]
            )
        tables.grid_table(doc, kq.DETAIL_COLUMNS, detail, _detail_widths(s.recipients), size=s.recipients)
        df.paragraph(doc, "", size=s.table, after=0)

    df.body(doc, kq.PART_PROPOSALS, bold=True, keep_next=True)
    if progress.overdue:
        proposal = kq.PROPOSAL_OVERDUE.format(overdue=vn.pad2(progress.overdue), agency_name=agency_name(meeting))
    elif progress.open:
        proposal = kq.PROPOSAL_OPEN.format(open=vn.pad2(progress.open))
    else:
        proposal = kq.PROPOSAL_DONE
    df.body(doc, proposal)
    df.body(doc, kq.RESULTS_CLOSING.format(agency=agency))

    table = tables.two_columns(doc, left_ratio=0.45)
    left, right = table.rows[0].cells
    docblocks.recipients(left, list(meeting.report.recipients or meeting.recipients), msg.ARCHIVE_REPORT)
    signer = meeting.report.signer or meeting.chair.name
    tables.signature_cell(
        right, df.Signature([vn.upper(meeting.report.signer_authority), vn.upper(meeting.report.signer_title)], signer)
    )
    return doc
