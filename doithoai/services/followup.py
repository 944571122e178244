"""Follow-up of the items referred for a written answer, until answered.

Statuses go mới → đã phân công → đang xử lý → đã trả lời. An item is
followed up when it was kept at review (not rejected or merged), is not
"không phải kiến nghị" and needs a written answer (not answered on the
spot). Its deadline is its own, else the meeting date + the meeting file's
written_answer_days (as minutes.bienban.deadline_of and the report).

A cán bộ xử lý sees and updates only the items of his unit: the scope is
applied here, not in the templates. Every function that depends on the day
takes `today` so tests can fix it.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session as DB

from doithoai.messages import followup as msg
from doithoai.services import audit, cells
from doithoai.services.actors import Actor, Role
from doithoai.services.formvalues import form_date
from doithoai.services.lookup import get_meeting, get_or_404
from doithoai.services.review import CLOSED
from doithoai.services.view_cache import CACHE
from doithoai.store.convert import item_from_row, meeting_file
from doithoai.store.tables import ItemRow, MeetingRow
from minutes.errors import MinutesError
from minutes.ketqua import Outcome, build_ket_qua
from minutes.meeting import Deadlines
from minutes.meeting import Meeting as MinutesMeeting
from minutes.messages.items import STATUS_LABELS
from pipeline.errors import NotFoundError, UserError

CHAIN = ("moi", "da_phan_cong", "dang_xu_ly", "da_tra_loi")
OPEN = CHAIN[:-1]
ANSWERED = CHAIN[-1]
HIDDEN_REVIEW = CLOSED  # rejected or merged at review
AUDITED = ("status", "response", "responded_at")
MAX_RESPONSE = 5000


class Forbidden(UserError):
    """The user may not see or change this item (another unit's)."""

    http_status = 403


def unit_key(unit: str | None) -> str:
    """Units compare without case, spacing or Unicode-form differences."""
    return " ".join(unicodedata.normalize("NFC", unit or "").casefold().split())


def restricted_unit(actor: Actor) -> str | None:
    """The only unit `actor` may see (a cán bộ xử lý), or None for everyone."""
    return actor.unit if actor.role == Role.OFFICER else None


def may_see(actor: Actor, unit: str | None) -> bool:
    own = restricted_unit(actor)
    return own is None or (bool(unit_key(own)) and unit_key(own) == unit_key(unit))


def meeting_of(row: MeetingRow) -> MinutesMeeting:
    """The meeting file of a stored meeting; a broken file is a clear error."""
    try:
        return meeting_file(row.config)
    except UserError as exc:
        raise UserError(msg.meeting_file_broken(row.title, str(exc))) from None


def is_followed(row: ItemRow) -> bool:
    return row.review not in HIDDEN_REVIEW and row.status != "tu_choi" and (row.outside_content or not row.answered)


@dataclass(frozen=True)
class Row:
    """One followed-up item as the pages show it."""

    id: int
    meeting_id: int
    meeting_title: str
    summary: str
    text: str
    asker: str | None
    hamlet: str | None
    unit: str
    status: str
    deadline: dt.date | None
    days_left: int | None  # None: no deadline; negative: overdue
    response: str
    responded_at: dt.date | None
    report_due: dt.date  # the meeting's results report: meeting date + result_report_days

    @property
    def overdue(self) -> int:
        """Days overdue (0 when on time, answered or without a deadline)."""
        return max(0, -self.days_left) if self.days_left is not None and self.status != ANSWERED else 0

    @property
    def is_open(self) -> bool:
        return self.status != ANSWERED


@dataclass(frozen=True)
class Filters:
    status: str = ""  # "": open ones; "tat_ca": all; else one status
    unit: str = ""
    meeting_id: int | None = None
    overdue_only: bool = False


@dataclass
class Overview:
    rows: list[Row]
    by_status: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # unit -> (open, overdue, answered)
    units: list[str] = field(default_factory=list)
    meetings: list[tuple[int, str, dt.date]] = field(default_factory=list)  # id, title, report due
    own_unit: str | None = None


def _deadlines(db: DB, meeting_ids: set[int]) -> dict[int, tuple[str, MinutesMeeting | None, dt.date]]:
    out = {}
    for m in db.scalars(select(MeetingRow).where(MeetingRow.id.in_(meeting_ids))):
        try:
            parsed = meeting_of(m)
        except UserError:
            parsed = None  # a broken meeting file must not hide the items: default deadlines
        out[m.id] = (m.title, parsed, m.date)
    return out


def _row(item: ItemRow, meetings: dict, today: dt.date) -> Row:
    title, parsed, date = meetings[item.meeting_id]
    days_of = parsed.deadlines if parsed is not None else Deadlines()  # broken file: the defaults
    date = parsed.date if parsed is not None else date
    deadline = item.deadline or date + dt.timedelta(days=days_of.written_answer_days)
    days = (deadline - today).days
    return Row(
        item.id,
        item.meeting_id,
        title,
        item.summary or "",
        item.text,
        item.asker,
        item.hamlet,
        item.unit or "",
        item.status,
        deadline,
        days,
        item.response or "",
        item.responded_at,
        date + dt.timedelta(days=days_of.result_report_days),
    )


def followed_rows(db: DB, actor: Actor, today: dt.date, meeting_id: int | None = None) -> list[Row]:
    """Every followed-up item `actor` may see, oldest meeting first."""
    q = select(ItemRow).where(
        ItemRow.review.not_in(HIDDEN_REVIEW),
        ItemRow.status != "tu_choi",
        or_(ItemRow.outside_content.is_(True), ItemRow.answered.is_(False)),
    )
    if meeting_id is not None:
        q = q.where(ItemRow.meeting_id == meeting_id)
    items = [
        i for i in db.scalars(q.order_by(ItemRow.meeting_id, ItemRow.start, ItemRow.id)) if may_see(actor, i.unit)
    ]  # the query above is is_followed()
    meetings = _deadlines(db, {i.meeting_id for i in items})
    return [_row(i, meetings, today) for i in items]


def _matches(row: Row, f: Filters) -> bool:
    if f.status == "" and not row.is_open:
        return False
    if f.status not in ("", "tat_ca") and row.status != f.status:
        return False
    if f.unit and unit_key(row.unit) != unit_key(f.unit):
        return False
    if f.meeting_id is not None and row.meeting_id != f.meeting_id:
        return False
    return not (f.overdue_only and not row.overdue)


def check_filters(f: Filters) -> None:
    if f.status not in ("", "tat_ca", *CHAIN):
        raise UserError(msg.BAD_STATUS)


def version(db: DB) -> tuple:
    """Changes whenever any item or meeting is added, changed or deleted."""
    items = db.execute(select(func.count(ItemRow.id), func.max(ItemRow.id), func.max(ItemRow.updated_at))).one()
    meetings = db.execute(
        select(func.count(MeetingRow.id), func.max(MeetingRow.id), func.max(MeetingRow.updated_at))
    ).one()
    return (*items, *meetings)


def cached_overview(db: DB, actor: Actor, f: Filters = Filters()) -> Overview:
    """overview() for today, the same for everyone with the same view (a cán
    bộ: his unit) until an item or meeting changes (doithoai/services/cache.py)."""
    today = dt.date.today()
    key = ("followup", restricted_unit(actor), f, today, version(db))
    return CACHE.get(key, lambda: overview(db, actor, today, f))


def overview(db: DB, actor: Actor, today: dt.date, f: Filters = Filters()) -> Overview:
    """The follow-up list with `f` applied, and counts over all that `actor` may see."""
    check_filters(f)
    if restricted_unit(actor) is not None:
        f = replace(f, unit="")  # a cán bộ always sees his own unit, whatever he asks for
    everything = followed_rows(db, actor, today)
    rows = sorted(
        (r for r in everything if _matches(r, f)),
        key=lambda r: (not r.is_open, r.days_left if r.days_left is not None else 10**6, r.id),
    )
    by_status = Counter(r.status for r in everything)
    by_unit: dict[str, list[int]] = {}
    labels: dict[str, str] = {}  # spellings of one unit count together, under the first seen
    for r in everything:
        label = labels.setdefault(unit_key(r.unit), r.unit or msg.NO_UNIT)
        counts = by_unit.setdefault(label, [0, 0, 0])
        if r.is_open:
            counts[0] += 1
            counts[1] += 1 if r.overdue else 0
        else:
            counts[2] += 1
    meetings = sorted({(r.meeting_id, r.meeting_title, r.report_due) for r in everything})
    return Overview(
        rows,
        {s: by_status.get(s, 0) for s in CHAIN},
        {u: (c[0], c[1], c[2]) for u, c in sorted(by_unit.items())},
        sorted((u for u in labels.values() if u != msg.NO_UNIT), key=unit_key),
        meetings,
        restricted_unit(actor),
    )


def unit_rows(db: DB, actor: Actor, unit: str, today: dt.date, include_answered: bool = False) -> list[Row]:
    """The printable list of one unit; a cán bộ may ask only for his own."""
    if not may_see(actor, unit):
        raise Forbidden(msg.OTHER_UNIT)
    rows = [
        r
        for r in followed_rows(db, actor, today)
        if unit_key(r.unit) == unit_key(unit) and (include_answered or r.is_open)
    ]
    return sorted(rows, key=lambda r: (r.days_left if r.days_left is not None else 10**6, r.id))


def parse_date(value: str | dt.date | None) -> dt.date | None:
    return form_date(value, msg.BAD_DATE)


def choices(status: str) -> tuple[str, ...]:
    """The statuses an item in `status` may be given: one step back, or any forward."""
    if status not in CHAIN:
        return ()
    return CHAIN[max(0, CHAIN.index(status) - 1) :]


def check_transition(old: str, new: str, reason: str) -> None:
    """Forward along the chain (steps may be skipped), or back exactly one
    step with a reason; the same status keeps only the other changes."""
    if new not in CHAIN:
        raise UserError(msg.BAD_STATUS)
    if old not in CHAIN:
        raise UserError(msg.NOT_FOLLOWED)
    step = CHAIN.index(new) - CHAIN.index(old)
    if step < -1:
        raise UserError(msg.back_too_far(old, new))
    if step == -1 and not reason.strip():
        raise UserError(msg.REASON_NEEDED)


def update_item(
    db: DB,
    actor: Actor,
    item_id: int,
    *,
    status: str,
    response: str = "",
    responded_at: str | dt.date | None = None,
    reason: str = "",
    today: dt.date,
) -> tuple[ItemRow, bool]:
    """Change an item's follow-up: status, response, response date. Checks
    everything before touching the row; audits before → after. Returns the
    item and whether anything changed."""
    item = get_or_404(db, ItemRow, item_id, msg.ITEM_NOT_FOUND)
    if not is_followed(item):
        raise NotFoundError(msg.ITEM_NOT_FOUND)
    if not may_see(actor, item.unit):
        raise Forbidden(msg.OTHER_UNIT)
    status, response, reason = (status or "").strip(), (response or "").strip(), (reason or "").strip()
    check_transition(item.status, status, reason)
    if len(response) > MAX_RESPONSE or len(reason) > MAX_RESPONSE:
        raise UserError(msg.TOO_LONG.format(limit=MAX_RESPONSE))
    if status != "moi" and not (item.unit or "").strip():
        raise UserError(msg.UNIT_NEEDED)
    day = parse_date(responded_at)
    if status == ANSWERED:
        if not response:
            raise UserError(msg.RESPONSE_NEEDED)
        day = day or item.responded_at or today
        meeting = db.get(MeetingRow, item.meeting_id)
        if day > today:
            raise UserError(msg.DATE_IN_FUTURE)
        if meeting is not None and day < meeting.date:
            raise UserError(msg.DATE_BEFORE_MEETING)
    else:
        day = None  # only an answered item has a response date

    before = audit.snapshot(item, AUDITED)
    item.status, item.response, item.responded_at = status, response, day
    old, new = audit.changes(before, audit.snapshot(item, AUDITED))
    if not new:
        return item, False
    if reason:
        new["reason"] = reason
    audit.record(db, actor, "item", item.id, "followup", old, new, meeting_id=item.meeting_id)
    db.flush()
    return item, True


def report_document(db: DB, actor: Actor, meeting_id: int, today: dt.date):
    """The results report of one meeting (python-docx Document) and its title.
    Covers every unit's items, so a cán bộ xử lý may not produce it."""
    if restricted_unit(actor) is not None:
        raise Forbidden(msg.REPORT_NOT_FOR_OFFICER)
    row = get_meeting(db, meeting_id)
    meeting = meeting_of(row)
    items = db.scalars(
        select(ItemRow)
        .where(ItemRow.meeting_id == meeting_id, ItemRow.review.not_in(HIDDEN_REVIEW))
        .order_by(ItemRow.start, ItemRow.id)
    )
    outcomes = [Outcome(item_from_row(i), i.response or "", i.responded_at) for i in items]
    try:
        return build_ket_qua(meeting, outcomes, today=today), row.title
    except MinutesError as exc:
        raise UserError(str(exc)) from None


XLSX_WIDTHS = (5, 30, 18, 14, 50, 22, 12, 16, 14, 40, 12)


def overview_xlsx(db: DB, actor: Actor, today: dt.date, f: Filters = Filters()) -> bytes:
    """The follow-up list with `f` applied, as an Excel workbook."""
    from openpyxl import Workbook  # lazy: openpyxl takes a while to import, only this download needs it

    data = overview(db, actor, today, f)
    book = Workbook()
    sheet = book.active
    sheet.title = msg.XLSX_SHEET_TITLE
    sheet.append(list(msg.XLSX_HEADINGS))
    for n, r in enumerate(data.rows, 1):
        cells.xlsx_append(
            sheet,
            [
                n,
                r.meeting_title,
                r.asker or "",
                r.hamlet or "",
                r.summary or r.text,
                r.unit,
                r.deadline,
                msg.days_left(r.days_left) if r.is_open else "",
                STATUS_LABELS.get(r.status, r.status),
                r.response,
                r.responded_at,
            ],
        )
    for col, width in zip("ABCDEFGHIJK", XLSX_WIDTHS, strict=True):
        sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
