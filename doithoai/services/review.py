"""The items under review: a meeting's items in recording order, their
counts per state and kind, the units to assign them to, default deadlines.

The changes reviewers make are in item_edits.py (accept, reject, edit, add,
assign, answer) and item_merge_split.py; the documents built from the
reviewed items are in review_docs.py.
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.messages.web import NOT_FOUND
from doithoai.services.lookup import get_or_404
from doithoai.store.tables import ItemRow, MeetingRow
from minutes.meeting import Meeting
from minutes.routing import Router

CLOSED = ("rejected", "merged")  # not printed, not followed up


def meeting_row(db: DB, meeting_id: int) -> MeetingRow:
    return get_or_404(db, MeetingRow, meeting_id, NOT_FOUND)


def item_of(db: DB, meeting_id: int, item_id: int) -> ItemRow:
    """An item of the meeting (an item id under another meeting's URL is not found)."""
    return get_or_404(db, ItemRow, item_id, NOT_FOUND, meeting_id=meeting_id)


def items_of(
    db: DB, meeting_id: int, kind: str | None = None, review: str | None = None, include_closed: bool = False
) -> list[ItemRow]:
    """Items of a meeting in recording order (hand-added without time last)."""
    q = select(ItemRow).where(ItemRow.meeting_id == meeting_id)
    if kind:
        q = q.where(ItemRow.kind == kind)
    if review:
        q = q.where(ItemRow.review == review)
    elif not include_closed:
        q = q.where(ItemRow.review != "merged")
    rows = list(db.scalars(q))
    return sorted(rows, key=lambda i: (i.start is None, i.start or 0.0, i.id))


def counts(db: DB, meeting_id: int) -> dict[str, int]:
    """Number of items per review state and per kind (merged ones not in kinds)."""
    out: dict[str, int] = {}
    rows = db.execute(
        select(ItemRow.review, ItemRow.kind, func.count(ItemRow.id))
        .where(ItemRow.meeting_id == meeting_id)
        .group_by(ItemRow.review, ItemRow.kind)
    )
    for state, kind, n in rows:
        out[state] = out.get(state, 0) + n
        if state not in CLOSED:
            out[kind] = out.get(kind, 0) + n
            out["open"] = out.get("open", 0) + n
    return out


def version(db: DB, meeting_id: int) -> tuple:
    """Changes whenever an item of the meeting is added, changed or deleted."""
    return tuple(
        db.execute(
            select(func.count(ItemRow.id), func.max(ItemRow.id), func.max(ItemRow.updated_at)).where(
                ItemRow.meeting_id == meeting_id
            )
        ).one()
    )


def units_for(meeting: Meeting) -> list[str]:
    """The units of the meeting's routing preset (topics, rules, overrides)."""
    return list(
        _units(meeting.routing_preset, tuple(sorted(meeting.routing_overrides.items())), meeting.extraction_lexicon)
    )


@functools.lru_cache(maxsize=32)
def _units(preset: str, overrides: tuple, lexicon) -> tuple[str, ...]:
    router = Router(preset, dict(overrides), lexicon)  # reads the routing data files: once per setting
    units = [*router.topics.values(), *(r.unit for r in router.rules), *router.overrides.values()]
    return tuple(dict.fromkeys(u for u in units if u))


def default_deadline(meeting: Meeting) -> dt.date:
    return meeting.date + dt.timedelta(days=meeting.deadlines.written_answer_days)
