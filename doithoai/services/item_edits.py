"""Changes a reviewer makes to one item: accept, reject, edit, add by hand,
assign a unit and deadline, mark answered at the meeting or needing a
written answer. Every change writes an audit entry (before → after).

Plain functions over a SQLAlchemy session, shared by the web app and tests.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import review as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.formvalues import form_date
from doithoai.services.review import default_deadline, meeting_row
from doithoai.store.convert import ITEM_FIELDS
from doithoai.store.tables import ItemRow
from minutes.items import KINDS, TOPICS
from minutes.meeting import Meeting
from pipeline.errors import UserError

# What the audit log keeps of an item: its key, the fields it shares with a minutes Item
# (store.convert.ITEM_FIELDS, the one list) less the machine's own numbers, and its review state.
FIELDS = (
    "key",
    *(f for f in ITEM_FIELDS if f not in ("answer_start", "answer_end", "confidence")),
    "review",
)


# -- parsing form values -------------------------------------------------


def parse_time(value: str | None) -> float | None:
    """ "75", "1:15", "1:01:15" → seconds; "" → None."""
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"\d+(\.\d+)?|\d+(:\d{1,2}){1,2}", value):
        raise UserError(msg.TIME_INVALID)
    if ":" not in value:
        return float(value)
    seconds = 0
    for part in value.split(":"):
        seconds = seconds * 60 + int(part)
    return float(seconds)


def parse_date(value: str | None) -> dt.date | None:
    return form_date(value, msg.DEADLINE_INVALID)


def _checked(kind: str, topic: str, text: str) -> str:
    if kind not in KINDS:
        raise UserError(msg.KIND_INVALID)
    if topic not in TOPICS:
        raise UserError(msg.TOPIC_INVALID)
    text = text.strip()
    if not text:
        raise UserError(msg.ITEM_TEXT_EMPTY)
    return text


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


# -- changes ------------------------------------------------------------


def audit_item_change(db: DB, actor: Actor | None, item: ItemRow, action: str, before: dict[str, Any]) -> None:
    old, new = audit.changes(before, audit.snapshot(item, FIELDS))
    if new:
        audit.record(db, actor, "item", item.id, action, old, new, meeting_id=item.meeting_id)


def set_review(db: DB, actor: Actor | None, item: ItemRow, state: str) -> None:
    """accept → "accepted" (a rejected or hand-added item too: the badge shows
    what the reviewer decided; the key "tay-N" still tells a hand-added one),
    reject → "rejected"."""
    before = audit.snapshot(item, FIELDS)
    if state == "accepted":
        item.review = "accepted"
        if item.status == "tu_choi":
            item.status = "da_phan_cong" if item.unit else "moi"
    elif state == "rejected":
        item.review = "rejected"
        item.status = "tu_choi"
    else:
        raise ValueError(state)
    audit_item_change(db, actor, item, "accept" if state == "accepted" else "reject", before)


def edit(
    db: DB,
    actor: Actor | None,
    item: ItemRow,
    *,
    kind: str,
    text: str,
    summary: str = "",
    topic: str = "khac",
    asker: str | None = None,
    hamlet: str | None = None,
    unit: str = "",
    answered: bool = False,
    answer: str | None = None,
    outside_content: bool = False,
) -> None:
    """Replace the editable fields; checked first, nothing changed on error."""
    text = _checked(kind, topic, text)
    before = audit.snapshot(item, FIELDS)
    item.kind, item.text, item.summary, item.topic = kind, text, summary.strip(), topic
    item.asker, item.hamlet, item.unit = _opt(asker), _opt(hamlet), unit.strip()
    item.answered, item.answer, item.outside_content = answered, _opt(answer), outside_content
    if item.review == "auto":
        item.review = "accepted"
    if item.unit and item.status == "moi":
        item.status = "da_phan_cong"
    audit_item_change(db, actor, item, "edit", before)


def _next_hand_key(db: DB, meeting_id: int) -> str:
    keys = db.scalars(select(ItemRow.key).where(ItemRow.meeting_id == meeting_id, ItemRow.key.like("tay-%")))
    numbers = [int(k[4:]) for k in keys if k[4:].isdigit()]
    return f"tay-{max(numbers, default=0) + 1}"


def add(
    db: DB,
    actor: Actor | None,
    meeting_id: int,
    *,
    kind: str,
    text: str,
    summary: str = "",
    topic: str = "khac",
    asker: str | None = None,
    hamlet: str | None = None,
    unit: str = "",
    start: str = "",
    end: str = "",
) -> ItemRow:
    """An item a person adds (review "added", key "tay-N"), with an optional time."""
    meeting_row(db, meeting_id)
    text = _checked(kind, topic, text)
    t0, t1 = parse_time(start), parse_time(end)
    if t0 is not None and t1 is not None and t1 <= t0:
        raise UserError(msg.TIME_ORDER)
    item = ItemRow(
        meeting_id=meeting_id,
        key=_next_hand_key(db, meeting_id),
        kind=kind,
        text=text,
        summary=summary.strip(),
        topic=topic,
        asker=_opt(asker),
        hamlet=_opt(hamlet),
        unit=unit.strip(),
        start=t0,
        end=t1 if t1 is not None else t0,
        answered=False,
        outside_content=False,
        confidence=1.0,
        evidence=[],
        review="added",
        status="da_phan_cong" if unit.strip() else "moi",
    )
    db.add(item)
    db.flush()
    audit.record(db, actor, "item", item.id, "add", None, audit.snapshot(item, FIELDS), meeting_id=meeting_id)
    return item


def assign(db: DB, actor: Actor | None, item: ItemRow, meeting: Meeting, unit: str, deadline: str = "") -> None:
    """Set the responsible unit and deadline (default: meeting date +
    written_answer_days); a new item becomes "đã phân công"."""
    unit = unit.strip()
    if not unit:
        raise UserError(msg.UNIT_EMPTY)
    due = parse_date(deadline) or default_deadline(meeting)
    before = audit.snapshot(item, FIELDS)
    item.unit, item.deadline = unit, due
    if item.status == "moi":
        item.status = "da_phan_cong"
    audit_item_change(db, actor, item, "assign", before)


def mark_answer(
    db: DB,
    actor: Actor | None,
    item: ItemRow,
    meeting: Meeting,
    mode: str,
    answer: str = "",
    outside_content: bool = False,
) -> None:
    """mode "answered": answered at the meeting (no written answer needed);
    "written": needs a written answer, with a deadline if none yet."""
    if mode not in ("answered", "written"):
        raise UserError(msg.ANSWER_MODE_INVALID)
    before = audit.snapshot(item, FIELDS)
    if mode == "answered":
        item.answered, item.outside_content = True, False
        if answer.strip():
            item.answer = answer.strip()
    else:
        item.answered, item.outside_content = False, outside_content
        if item.deadline is None:
            item.deadline = default_deadline(meeting)
    audit_item_change(db, actor, item, "answer", before)
