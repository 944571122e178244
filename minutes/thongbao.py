"""Thông báo kết quả đối thoại: the public notice of the dialogue's results
(Nghị định 30/2020, Mẫu 1.4: a document with a type name).

What the commune posts at its office and sends to the hamlet heads within
[deadlines] publish_days of the dialogue: header ("Số: 05/TB-UBND"),
"THÔNG BÁO" + trích yếu, the facts (time, venue, chair, attendance when
recorded), the counts (by kind and by topic, on the spot vs. referred), then
each accepted item in plain words: who raised it (the name only when the
meeting file's [publish] names allows), the gist, the answer given on the
spot or in writing and by which unit, or its status and deadline while
still open. Only items a reviewer accepted (`Item.reviewed`) and did not
reject are printed. Plain data in, a python-docx Document out.
"""

from __future__ import annotations

import datetime as dt
import re

from docx.document import Document as DocxDocument

from minutes import docblocks
from minutes import docformat as df
from minutes import doctables as tables
from minutes import vntext as vn
from minutes.baocao import Tally, count_table, subject_from_title, when_and_who
from minutes.bienban import deadline_of, document_items, header_of, known_names
from minutes.items import Item
from minutes.ketqua import ANSWERED, Outcome
from minutes.meeting import Meeting
from minutes.messages import documents as msg
from minutes.messages import meeting as meeting_msg
from minutes.messages import thongbao as tb
from minutes.messages.items import KIND_LABELS, TOPIC_LABELS


def public_outcomes(outcomes: list[Outcome]) -> list[Outcome]:
    """The items the notice prints: accepted at review, not rejected, in recording order."""
    by_item = {id(o.item): o for o in outcomes}
    return [by_item[id(i)] for i in document_items([o.item for o in outcomes]) if i.reviewed]


def place_of(hamlet: str | None) -> str:
    """ "thôn Phước Hòa"; "Xóm Ba" and "tổ dân phố 3" stay as they are."""
    if not hamlet or not hamlet.strip():
        return ""
    hamlet = hamlet.strip()
    return hamlet if hamlet.lower().startswith(tb.HAMLET_UNIT_WORDS) else meeting_msg.HAMLET_TERM.format(hamlet=hamlet)


def who_raised(item: Item, names: bool) -> str:
    """ "Ông (bà) X, thôn Y"; only "Một người dân thôn Y" when names are not published."""
    place = place_of(item.hamlet)
    if names and item.asker:
        return (
            tb.NOTICE_WHO_NAME_PLACE.format(name=item.asker, place=place)
            if place
            else msg.ASKER.format(name=item.asker)
        )
    return tb.NOTICE_WHO_PLACE.format(place=place) if place else tb.NOTICE_WHO_UNKNOWN


def without_name(text: str, item: Item, publish_names: bool) -> str:
    """The asker's full name taken out of the text ("tôi tên là …") when names are not published."""
    if publish_names or not item.asker or not item.asker.strip():
        return text
    pattern = re.compile(rf"(?<!\w){re.escape(vn.nfc(item.asker.strip()))}(?!\w)", re.IGNORECASE)
    return pattern.sub(tb.NOTICE_NAME_HIDDEN, vn.nfc(text))


def public_text(text: str, item: Item, names: list[str], publish_names: bool) -> str:
    """Text that goes public: names respelt, the asker's name taken out when
    names are not published, one sentence."""
    return vn.sentence(without_name(vn.restore_names(text, names), item, publish_names))


def gist(item: Item, names: list[str], publish_names: bool = True) -> str:
    """The reviewed wording: the edited summary, else the citizen's text (also
    when the summary is only the extractor's cut of it, ending in "…")."""
    summary = item.summary.strip()
    text = item.text if not summary or (summary.endswith("…") and item.text.strip()) else summary
    return public_text(text, item, names, publish_names)


def answer_line(outcome: Outcome, meeting: Meeting, names: list[str]) -> str:
    """The answer on the spot or in writing (with its unit), or the status and deadline."""
    item = outcome.item
    unit = tb.NOTICE_UNIT.format(unit=item.unit) if item.unit else ""
    if not item.needs_written_answer:
        answer = public_text(item.answer or "", item, names, meeting.publish.names)
        return (
            tb.NOTICE_ANSWER_SPOT.format(unit=unit, answer=answer)
            if answer
            else tb.NOTICE_ANSWER_SPOT_NO_TEXT.format(unit=unit)
        )
    if item.status == ANSWERED:
        date = tb.NOTICE_ANSWER_DATE.format(date=vn.short_date(outcome.responded_at)) if outcome.responded_at else ""
        answer = public_text(outcome.response, item, names, meeting.publish.names)
        return (
            tb.NOTICE_ANSWER_WRITTEN.format(unit=unit, date=date, answer=answer)
            if answer
            else tb.NOTICE_ANSWER_WRITTEN_NO_TEXT.format(unit=unit, date=date)
        )
    status = tb.NOTICE_OPEN_STATUS.get(item.status, tb.NOTICE_OPEN_STATUS["moi"])
    deadline = deadline_of(item, meeting)
    if deadline is None:
        return tb.NOTICE_ANSWER_OPEN_NO_DEADLINE.format(status=status, unit=unit)
    return tb.NOTICE_ANSWER_OPEN.format(status=status, unit=unit, deadline=vn.short_date(deadline))


def event_of(meeting: Meeting) -> str:
    """The meeting title inside a sentence: "hội nghị đối thoại giữa …"."""
    title = vn.strip_final_stop(meeting.title.strip())
    return title[:1].lower() + title[1:]


def build_thong_bao(
    meeting: Meeting, outcomes: list[Outcome], *, date: dt.date, attendees: int | None = None
) -> DocxDocument:
    """The public notice dated `date` (answers in writing counted up to it)."""
    shown = public_outcomes(outcomes)
    items = [o.item for o in shown]
    tally = Tally.of(items)
    header = header_of(meeting, meeting.publish.number, tb.TYPE_CODE_NOTICE, date)  # MinutesError without agency.name
    agency = msg.AGENCY_FULL.format(name=meeting.agency.name)
    names = known_names(meeting, items)

    doc = df.new_document()
    tables.header_table(doc, header)
    subject = subject_from_title(meeting.title)
    docblocks.title_block(doc, tb.NOTICE_TYPE, [subject])
    df.properties(doc, tb.NOTICE_PROPERTIES_TITLE, meeting.agency.name)
    docblocks.page_numbers(doc)
    df.body(doc, tb.NOTICE_INTRO.format(date=vn.short_date(meeting.date), agency=agency, event=event_of(meeting)))

    df.body(doc, tb.NOTICE_PART_FACTS, bold=True, keep_next=True)
    when_and_who(doc, meeting)
    count = attendees if attendees is not None else meeting.attendees
    if count is not None:
        df.body(doc, msg.REPORT_ATTENDEES.format(count=vn.pad2(count)))

    df.body(doc, tb.NOTICE_PART_COUNTS, bold=True, keep_next=True)
    if not items:
        df.body(doc, msg.REPORT_TOTAL_NONE)
    else:
        df.body(
            doc,
            tb.NOTICE_COUNTS.format(
                total=vn.pad2(tally.total), spot=vn.pad2(tally.on_spot), referred=vn.pad2(tally.referred)
            ),
        )
        if tally.referred:
            answered = sum(1 for o in shown if o.item.needs_written_answer and o.item.status == ANSWERED)
            df.body(
                doc,
                tb.NOTICE_WRITTEN_PROGRESS.format(
                    referred=vn.pad2(tally.referred),
                    date=vn.date_words(date),
                    answered=vn.pad2(answered),
                    open=vn.pad2(tally.referred - answered),
                ),
            )
        df.body(doc, msg.REPORT_BY_KIND, keep_next=True)
        count_table(doc, msg.KIND_COLUMNS, tally.by_kind, KIND_LABELS)
        df.body(doc, msg.REPORT_BY_TOPIC, keep_next=True)
        count_table(doc, msg.TOPIC_COLUMNS, tally.by_topic, TOPIC_LABELS)

        df.body(doc, tb.NOTICE_PART_ITEMS, bold=True, keep_next=True)
        for n, o in enumerate(shown, 1):
            item = o.item
            head = tb.NOTICE_ITEM_HEAD.format(
                n=n,
                who=who_raised(item, meeting.publish.names),
                kind=KIND_LABELS.get(item.kind, item.kind).lower(),
                topic=TOPIC_LABELS.get(item.topic, item.topic).lower(),
            )
            df.body(doc, head, bold=True, keep_next=True)
            df.body(doc, tb.NOTICE_CONTENT.format(text=gist(item, names, meeting.publish.names)), keep_next=True)
            df.body(doc, answer_line(o, meeting, names))

    df.body(doc, tb.NOTICE_CLOSING.format(agency=agency))
    table = tables.two_columns(doc, left_ratio=0.45)
    left, right = table.rows[0].cells
    docblocks.recipients(left, list(meeting.publish.recipients or tb.NOTICE_RECIPIENTS), msg.ARCHIVE_REPORT)
    signer = meeting.report.signer or meeting.chair.name
    tables.signature_cell(
        right, df.Signature([vn.upper(meeting.report.signer_authority), vn.upper(meeting.report.signer_title)], signer)
    )
    return doc
