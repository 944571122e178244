"""Biên bản hội nghị đối thoại: Mẫu 1.9, Phụ lục III, Nghị định 30/2020.

`build_bien_ban` lays out, in the form's order: header, "BIÊN BẢN" + meeting
name, the six fields, the content as it happened (opening report, each
citizen's item with its answer or the promise of a written answer, the
chair's conclusion), the closing line, the signatures THƯ KÝ / CHỦ TỌA and
"Nơi nhận". An appendix lists the items in a table and the timestamped
transcript. The result is a draft the secretary checks and signs.
"""

from __future__ import annotations

import datetime as dt
import io

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from minutes import docblocks
from minutes import docformat as df
from minutes import doctables as tables
from minutes import vntext as vn
from minutes.errors import MinutesError
from minutes.items import Item
from minutes.meeting import Meeting, Person
from minutes.messages import documents as msg
from minutes.messages.items import KIND_LABELS, TOPIC_LABELS
from minutes.types import Utterance


def document_items(items: list[Item]) -> list[Item]:
    """The items a document prints: rejected ones dropped, in recording order."""
    kept = [i for i in items if i.status != "tu_choi"]
    return sorted(kept, key=lambda i: (i.start is None, i.start or 0.0))


def deadline_of(item: Item, meeting: Meeting) -> dt.date | None:
    """The written-answer deadline: the item's own, else meeting date + the
    meeting file's written_answer_days. None for items answered on the spot."""
    if not item.needs_written_answer:
        return None
    return item.deadline or meeting.date + dt.timedelta(days=meeting.deadlines.written_answer_days)


def agency_name(meeting: Meeting) -> str:
    """The agency's name («Tên cơ quan»); without one, a blank to fill in by
    hand ("xã ………"): the biên bản and báo cáo are drafts the secretary prints."""
    return meeting.agency.name or msg.AGENCY_NAME_BLANK


def header_of(
    meeting: Meeting, number: int | None, type_code: str, date: dt.date, *, blank_agency: bool = False
) -> df.Header:
    """The document header; without an agency name a MinutesError, or with
    `blank_agency` a blank to fill in (agency_name)."""
    agency = meeting.agency
    if not agency.name and not blank_agency:
        raise MinutesError(msg.AGENCY_NAME_MISSING)
    name = agency_name(meeting)
    place = agency.place or _place_from_name(name)
    return df.Header(
        agency_lines=[vn.upper(agency.parent), vn.upper(name)],
        number=vn.doc_number(number, type_code, agency.code or "UBND"),
        place_date=vn.place_date(place, date),
    )


def _place_from_name(name: str) -> str:
    for prefix in msg.COMMUNE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :]
    return name


def person_line(person: Person) -> str:
    who = msg.COMRADE.format(name=person.name)
    return msg.PERSON_WITH_TITLE.format(name=who, title=person.title) if person.title else who


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _answerer(item: Item, meeting: Meeting, utterances: list[Utterance]) -> str | None:
    """Who answered: the speaker of the utterance at the answer's start, if that
    speaker is one of the meeting's officials (labels like SPEAKER_01 are not)."""
    if item.answer_start is None:
        return None
    people = {p.name.casefold(): p for p in (meeting.chair, *meeting.co_chairs, *meeting.officials)}
    for u in utterances:
        if u.speaker and u.start - 0.5 <= item.answer_start <= u.end + 0.5:
            person = people.get(u.speaker.strip().casefold())
            if person:
                return person_line(person)
    return None


def _field(doc, label: str, value: str = "") -> None:
    par = df.paragraph(doc, size=df.ND30.sizes.body, indent=True)
    df.runs(par, [(f"{label}: ", {"bold": True}), (value, {})], df.ND30.sizes.body)


def _asker(item: Item) -> str:
    who = msg.ASKER.format(name=item.asker) if item.asker else msg.ASKER_UNKNOWN
    return msg.ASKER_HAMLET.format(who=who, hamlet=item.hamlet) if item.hamlet else who


def known_names(meeting: Meeting, items: list[Item]) -> list[str]:
    """Proper names to restore in raw ASR text: people, hamlets, askers."""
    people = (meeting.chair, meeting.secretary, *meeting.co_chairs, *meeting.officials)
    names = [p.name for p in people] + list(meeting.hamlets)
    names += [i.asker for i in items if i.asker] + [i.hamlet for i in items if i.hamlet]
    return names


def _item_paragraphs(doc, n: int, item: Item, meeting: Meeting, utterances: list[Utterance], names: list[str]) -> None:
    size = df.ND30.sizes.body
    kind = KIND_LABELS.get(item.kind, item.kind).lower()
    topic = TOPIC_LABELS.get(item.topic, item.topic).lower()
    if item.start is not None:
        head = msg.ITEM_HEADING.format(n=n, who=_asker(item), kind=kind, topic=topic, time=vn.timestamp(item.start))
    else:
        head = msg.ITEM_HEADING_NO_TIME.format(n=n, who=_asker(item), kind=kind, topic=topic)
    df.body(doc, head, bold=True, keep_next=True)
    df.body(doc, vn.sentence(vn.restore_names(item.text, names)))
    if item.answered and item.answer:
        who = _answerer(item, meeting, utterances)
        answer = vn.sentence(vn.restore_names(item.answer, names))
        text = msg.ANSWER_BY.format(who=who, answer=answer) if who else msg.ANSWER_ANON.format(answer=answer)
        par = df.paragraph(doc, size=size, indent=True)
        label, _, rest = text.partition(": ")
        df.runs(par, [(label + ": ", {"italic": True}), (rest, {})], size)
    if item.outside_content:
        df.body(doc, msg.OUTSIDE_CONTENT, italic=True)
    if item.needs_written_answer:
        deadline = deadline_of(item, meeting)
        df.body(
            doc,
            msg.WRITTEN_ANSWER.format(
                unit=msg.WRITTEN_UNIT.format(unit=item.unit) if item.unit else "",
                deadline=msg.WRITTEN_DEADLINE.format(date=vn.short_date(deadline)) if deadline else "",
            ),
            italic=True,
        )


def _appendix(doc, meeting: Meeting, items: list[Item], utterances: list[Utterance], number: str) -> None:
    s = df.ND30.sizes
    df.page_break(doc)
    df.paragraph(doc, msg.APPENDIX_TITLE, size=s.doc_type, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    num = number.removeprefix(msg.NUMBER_LABEL).strip()
    num = msg.APPENDIX_NUMBER.format(number=num) if not num.startswith("/") else ""
    df.paragraph(
        doc,
        msg.APPENDIX_SUBTITLE.format(number=num, date=vn.short_date(meeting.date)),
        size=s.body,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
    )
    df.paragraph(doc, msg.APPENDIX_ITEMS, size=s.body, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    rows = []
    names = known_names(meeting, items)
    for n, item in enumerate(items, 1):
        deadline = deadline_of(item, meeting)
        rows.append(
            [
                str(n),
                item.asker or msg.NOT_GIVEN,
                item.hamlet or msg.NOT_GIVEN,
                vn.sentence(vn.restore_names(item.summary or item.text, names)),
                TOPIC_LABELS.get(item.topic, item.topic),
                item.unit or msg.NOT_GIVEN,
                msg.FORM_WRITTEN if item.needs_written_answer else msg.FORM_ON_SPOT,
                vn.short_date(deadline) if deadline else msg.NOT_GIVEN,
            ]
        )
    mm = 72 / 25.4
    tables.grid_table(
        doc, msg.ITEMS_COLUMNS, rows, [w * mm for w in (12, 22, 17, 40, 17, 20, 16, 21)], size=s.recipients
    )
    df.paragraph(doc, "", size=s.body)
    df.paragraph(doc, msg.APPENDIX_TRANSCRIPT, size=s.body, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    if not utterances:
        df.paragraph(doc, msg.APPENDIX_NO_TRANSCRIPT, size=s.table, italic=True)
    if any(u.review for u in utterances):
        df.paragraph(doc, msg.APPENDIX_REVIEW_NOTE, size=s.table, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=4)
    for u in utterances:
        who = f"{u.speaker}: " if u.speaker else ""
        par = df.paragraph(doc, size=s.table, align=WD_ALIGN_PARAGRAPH.LEFT, after=2)
        df.runs(par, [(f"[{vn.timestamp(u.start)}] ", {"bold": True}), (who, {"italic": True})], s.table)
        _marked_text(par, u, s.table)


def _marked_text(par, u: Utterance, size: float) -> None:
    """The utterance text; words the recogniser was unsure of underlined."""
    marked = set(u.review)
    pieces: list[list] = []  # [text, underlined], neighbours of one kind joined
    for i, tok in enumerate(u.text.split()):
        for text, under in (((" ", False),) if i else ()) + ((tok, i in marked),):
            if pieces and pieces[-1][1] == under:
                pieces[-1][0] += text
            else:
                pieces.append([text, under])
    for text, under in pieces:
        df.runs(par, [(text, {})], size)
        if under:
            par.runs[-1].font.underline = True


def build_bien_ban(
    meeting: Meeting,
    items: list[Item],
    utterances: list[Utterance],
    *,
    opening_summary: str | None = None,
    conclusion: str | None = None,
    end_time: dt.time | None = None,
    attendees: int | None = None,
    appendix: bool = True,
) -> DocxDocument:
    """The draft biên bản as a python-docx Document (see `to_bytes`)."""
    s = df.ND30.sizes
    items = document_items(items)
    doc = df.new_document()
    header = header_of(meeting, meeting.minutes_number, msg.TYPE_CODE_MINUTES, meeting.date, blank_agency=True)
    tables.header_table(doc, header)
    docblocks.title_block(doc, msg.MINUTES_TYPE, [meeting.title])
    df.properties(doc, f"{msg.MINUTES_TYPE.capitalize()} {meeting.title}", agency_name(meeting))
    docblocks.page_numbers(doc)

    _field(doc, msg.FIELD_START, f"{vn.time_words(meeting.start)}, {vn.date_words(meeting.date)}.")
    _field(doc, msg.FIELD_VENUE, vn.sentence(meeting.venue))
    _field(doc, msg.FIELD_PARTICIPANTS)
    attendees = attendees if attendees is not None else meeting.attendees
    lines = list(meeting.participants)
    if attendees is not None:
        lines.append(msg.ATTENDEES_LINE.format(count=vn.pad2(attendees)))
    for i, line in enumerate(lines):
        df.body(doc, f"- {vn.strip_final_stop(line)}{'.' if i == len(lines) - 1 else ';'}")
    chairs = [person_line(meeting.chair), *(_lower_first(person_line(p)) for p in meeting.co_chairs)]
    _field(doc, msg.FIELD_CHAIR, "; ".join(chairs) + ".")
    _field(doc, msg.FIELD_SECRETARY, person_line(meeting.secretary) + ".")
    _field(doc, msg.FIELD_CONTENT)

    chair = person_line(meeting.chair)
    df.body(doc, msg.SECTION_OPENING, bold=True, keep_next=True)
    contents = "; ".join(vn.strip_final_stop(c) for c in meeting.announced_content)
    opening = (
        opening_summary
        or meeting.opening_summary
        or msg.OPENING_DEFAULT.format(
            chair=chair, contents=msg.OPENING_CONTENTS.format(contents=contents) if contents else ""
        )
    )
    for block in opening.split("\n\n"):
        df.body(doc, vn.sentence(block))
    df.body(doc, msg.SECTION_ITEMS, bold=True, keep_next=True)
    if not items:
        df.body(doc, msg.NO_ITEMS)
    names = known_names(meeting, items)
    for n, item in enumerate(items, 1):
        _item_paragraphs(doc, n, item, meeting, utterances, names)
    df.body(doc, msg.SECTION_CONCLUSION, bold=True, keep_next=True)
    text = (
        conclusion
        or meeting.conclusion
        or msg.CONCLUSION_DEFAULT.format(chair=chair, days=meeting.deadlines.written_answer_days)
    )
    for block in text.split("\n\n"):
        df.body(doc, vn.sentence(block))

    end = end_time or meeting.end
    if end is None:
        raise MinutesError(msg.END_TIME_MISSING)
    df.body(doc, msg.CLOSING.format(time=vn.time_words(end), date=vn.date_words(meeting.date)), keep_next=True)

    # signatures, then "Nơi nhận" in the left cell of a second row: one table
    # whose rows are kept together, so the recipients never sit alone on a page
    table = tables.two_columns(doc, rows=2)
    left, right = table.rows[0].cells
    tables.signature_cell(left, df.Signature([msg.SIGN_SECRETARY], meeting.secretary.name))
    tables.signature_cell(right, df.Signature([msg.SIGN_CHAIR], meeting.chair.name))
    below, empty = table.rows[1].cells
    df.paragraph(below, "", size=s.body, after=0, style="ND30 Header", keep_next=True)
    docblocks.recipients(below, list(meeting.recipients), msg.ARCHIVE_MINUTES)
    df.paragraph(empty, "", size=s.body, after=0, style="ND30 Header")

    if appendix:
        _appendix(doc, meeting, items, utterances, header.number)
    return doc


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
