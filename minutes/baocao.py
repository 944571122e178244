"""Báo cáo kết quả đối thoại: Mẫu 1.4 (văn bản có tên loại), Nghị định 30/2020.

Header ("Số: 15/BC-UBND"), "BÁO CÁO" + trích yếu, how the dialogue was
organised (time, venue, chair, participants, attendees), the items by kind
and by topic, how many were answered on the spot and how many referred
("giải trình tại chỗ 10 ý kiến, ghi nhận chuyển cơ quan chức năng 05 ý
kiến"), the referred items with their unit and deadline, the closing
sentence, then "Nơi nhận" beside the signature "TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from minutes import docblocks
from minutes import docformat as df
from minutes import doctables as tables
from minutes import vntext as vn
from minutes.bienban import agency_name, deadline_of, document_items, header_of, known_names
from minutes.items import KINDS, TOPICS, Item
from minutes.meeting import Meeting
from minutes.messages import documents as msg
from minutes.messages.items import KIND_LABELS, TOPIC_LABELS

_MM = 72 / 25.4


@dataclass(frozen=True)
class Tally:
    """Counts the report prints: per kind and topic, on the spot vs. referred."""

    total: int
    on_spot: int
    referred: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (on the spot, referred)
    by_topic: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, items: list[Item]) -> Tally:
        spot = Counter((i.kind, i.topic) for i in items if not i.needs_written_answer)
        ref = Counter((i.kind, i.topic) for i in items if i.needs_written_answer)

        def split(pos: int, keys: tuple[str, ...]) -> dict[str, tuple[int, int]]:
            out = {}
            for key in keys:
                a = sum(n for k, n in spot.items() if k[pos] == key)
                b = sum(n for k, n in ref.items() if k[pos] == key)
                if a or b:
                    out[key] = (a, b)
            return out

        on_spot, referred = sum(spot.values()), sum(ref.values())
        return cls(on_spot + referred, on_spot, referred, split(0, KINDS), split(1, TOPICS))


def subject_of(meeting: Meeting) -> str:
    """Trích yếu: "Kết quả đối thoại giữa …" from the meeting title unless set."""
    return meeting.report.subject or subject_from_title(meeting.title)


def subject_from_title(title: str) -> str:
    """ "Kết quả đối thoại giữa …": the title without "Hội nghị"."""
    title = title.strip()
    for prefix in msg.SUBJECT_DROP_PREFIXES:
        if title.lower().startswith(prefix.lower()):
            title = title[len(prefix) :]
            break
    return msg.REPORT_SUBJECT_PREFIX + title[:1].lower() + title[1:]


def when_and_who(doc: DocxDocument, meeting: Meeting) -> None:
    """The dialogue's time, place and chair, as the report and the public notice state them."""
    df.body(
        doc,
        msg.REPORT_TIME_VENUE.format(
            time=vn.time_words(meeting.start),
            date=vn.date_words(meeting.date),
            venue=vn.strip_final_stop(meeting.venue),
        ),
    )
    chairs = [f"{p.name}, {p.title}" if p.title else p.name for p in (meeting.chair, *meeting.co_chairs)]
    df.body(doc, msg.REPORT_CHAIR.format(chair="; ".join(chairs)))


def count_table(doc, columns, rows: dict[str, tuple[int, int]], labels: dict[str, str]) -> None:
    """Rows of (at the meeting, in writing) counts with their sum and a total row."""
    data = [[labels.get(k, k), str(a + b), str(a), str(b)] for k, (a, b) in rows.items()]
    ta, tb = sum(a for a, _ in rows.values()), sum(b for _, b in rows.values())
    data.append([msg.TOTAL_ROW, str(ta + tb), str(ta), str(tb)])
    tables.grid_table(doc, columns, data, [w * _MM for w in (65, 30, 32, 38)], bold_last=True, keep_together=True)
    df.paragraph(doc, "", size=df.ND30.sizes.table, after=0)


def _answers_sentence(t: Tally) -> str:
    if t.referred == 0:
        return msg.REPORT_ANSWERS_ALL_SPOT.format(spot=vn.pad2(t.on_spot))
    if t.on_spot == 0:
        return msg.REPORT_ANSWERS_NONE_SPOT.format(referred=vn.pad2(t.referred))
    return msg.REPORT_ANSWERS.format(spot=vn.pad2(t.on_spot), referred=vn.pad2(t.referred))


def build_bao_cao(meeting: Meeting, items: list[Item], *, attendees: int | None = None) -> DocxDocument:
    """The draft report (Mẫu 1.4) as a python-docx Document."""
    s = df.ND30.sizes
    items = document_items(items)
    tally = Tally.of(items)
    report_date = meeting.report.date or meeting.date
    doc = df.new_document()
    tables.header_table(
        doc, header_of(meeting, meeting.report_number, msg.TYPE_CODE_REPORT, report_date, blank_agency=True)
    )
    subject = subject_of(meeting)
    docblocks.title_block(doc, msg.REPORT_TYPE, [subject])
    df.properties(doc, f"{msg.REPORT_TYPE.capitalize()} {subject[:1].lower()}{subject[1:]}", agency_name(meeting))
    docblocks.page_numbers(doc)
    if meeting.agency.superior:
        df.paragraph(
            doc,
            msg.REPORT_TO.format(superior=meeting.agency.superior),
            size=s.body,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=12,
        )

    agency = msg.AGENCY_FULL.format(name=agency_name(meeting))
    event = subject[len(msg.REPORT_SUBJECT_PREFIX) :] if subject.startswith(msg.REPORT_SUBJECT_PREFIX) else subject
    basis = vn.strip_final_stop(meeting.report.basis)
    intro = (
        msg.REPORT_INTRO_BASIS.format(basis=basis, agency=agency, event=event)
        if basis
        else msg.REPORT_INTRO.format(agency=agency, event=event)
    )
    df.body(doc, intro)

    df.body(doc, msg.REPORT_PART_ORG, bold=True, keep_next=True)
    when_and_who(doc, meeting)
    if meeting.participants:
        df.body(
            doc,
            msg.REPORT_PARTICIPANTS.format(
                participants="; ".join(vn.strip_final_stop(p) for p in meeting.participants)
            ),
        )
    count = attendees if attendees is not None else meeting.attendees
    df.body(
        doc, msg.REPORT_ATTENDEES.format(count=vn.pad2(count)) if count is not None else msg.REPORT_ATTENDEES_UNKNOWN
    )

    df.body(doc, msg.REPORT_PART_RESULTS, bold=True, keep_next=True)
    df.body(doc, msg.REPORT_SEC_TOTAL, bold=True, keep_next=True)
    if tally.total == 0:
        df.body(doc, msg.REPORT_TOTAL_NONE)
    else:
        parts = [
            msg.REPORT_KIND_PART.format(count=vn.pad2(a + b), label=KIND_LABELS[k].lower())
            for k, (a, b) in tally.by_kind.items()
        ]
        df.body(doc, msg.REPORT_TOTAL.format(total=vn.pad2(tally.total), parts=", ".join(parts)))
        df.body(doc, msg.REPORT_BY_KIND, keep_next=True)
        count_table(doc, msg.KIND_COLUMNS, tally.by_kind, KIND_LABELS)
        df.body(doc, msg.REPORT_BY_TOPIC, keep_next=True)
        count_table(doc, msg.TOPIC_COLUMNS, tally.by_topic, TOPIC_LABELS)

        df.body(doc, msg.REPORT_SEC_ANSWERS, bold=True, keep_next=True)
        df.body(doc, _answers_sentence(tally))

        df.body(doc, msg.REPORT_SEC_REFERRED, bold=True, keep_next=True)
        referred = [i for i in items if i.needs_written_answer]
        if not referred:
            df.body(doc, msg.REPORT_NO_REFERRED)
        else:
            rows = []
            for n, item in enumerate(referred, 1):
                who = item.asker or msg.NOT_GIVEN
                if item.hamlet:
                    who = msg.ASKER_HAMLET.format(who=who, hamlet=item.hamlet)
                deadline = deadline_of(item, meeting)
                text = vn.restore_names(item.summary or item.text, known_names(meeting, referred))
                rows.append(
                    [
                        str(n),
                        who,
                        vn.sentence(text),
                        item.unit or msg.NOT_GIVEN,
                        vn.short_date(deadline) if deadline else msg.NOT_GIVEN,
                    ]
                )
            tables.grid_table(
                doc, msg.REFERRED_COLUMNS, rows, [w * _MM for w in (12, 32, 60, 37, 24)], size=s.recipients
            )
            df.paragraph(doc, "", size=s.table, after=0)

    df.body(doc, msg.REPORT_CLOSING.format(event=event, agency=agency))

    table = tables.two_columns(doc, left_ratio=0.45)
    left, right = table.rows[0].cells
    recipients = list(meeting.report.recipients or meeting.recipients)
    docblocks.recipients(left, recipients, msg.ARCHIVE_REPORT)
    signer = meeting.report.signer or meeting.chair.name
    tables.signature_cell(
        right, df.Signature([vn.upper(meeting.report.signer_authority), vn.upper(meeting.report.signer_title)], signer)
    )
    return doc
