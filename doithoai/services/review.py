"""Review of extracted items: accept, reject, edit, merge, split, add by hand,
assign a unit and deadline, mark answered at the meeting or needing a
written answer. Every change writes an audit entry (before → after).

Plain functions over a SQLAlchemy session, shared by the web app and tests;
the documents built from the reviewed items are in review_docs.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.messages import review as msg
from doithoai.messages.web import NOT_FOUND
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.formvalues import form_date
from doithoai.services.lookup import get_or_404
from doithoai.store.tables import AuditRow, ItemRow, MeetingRow
from minutes.items import KINDS, TOPICS
from minutes.meeting import Meeting
from minutes.routing import Router
from pipeline.errors import UserError

FIELDS = (
    "key",
    "kind",
    "text",
    "summary",
    "topic",
    "unit",
    "asker",
    "hamlet",
    "start",
    "end",
    "answered",
    "answer",
    "outside_content",
    "evidence",
    "review",
    "status",
    "deadline",
)
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


def _audited(db: DB, actor: Actor | None, item: ItemRow, action: str, before: dict[str, Any]) -> None:
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
    _audited(db, actor, item, "accept" if state == "accepted" else "reject", before)


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
    _audited(db, actor, item, "edit", before)


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


def merge(db: DB, actor: Actor | None, meeting_id: int, item_ids: list[int]) -> ItemRow:
    """Several items → one: texts joined in recording order, earliest start,
    latest end, evidence union. The first in order keeps the result; the
    others stay (review "merged") for the audit trail."""
    ids = list(dict.fromkeys(item_ids))
    if len(ids) < 2:
        raise UserError(msg.MERGE_TOO_FEW)
    items = [get_or_404(db, ItemRow, i, NOT_FOUND) for i in ids]
    if any(i.meeting_id != meeting_id for i in items):
        raise UserError(msg.MERGE_OTHER_MEETING)
    if any(i.review in CLOSED for i in items):
        raise UserError(msg.MERGE_CLOSED)
    items.sort(key=lambda i: (i.start is None, i.start or 0.0, i.id))
    target, others = items[0], items[1:]
    before = audit.snapshot(target, FIELDS)
    target.text = "\n".join(i.text.strip() for i in items)
    starts = [i.start for i in items if i.start is not None]
    ends = [i.end if i.end is not None else i.start for i in items if i.start is not None]
    target.start = min(starts) if starts else None
    target.end = max(ends) if ends else None
    target.evidence = list(dict.fromkeys(e for i in items for e in (i.evidence or [])))
    target.summary = "; ".join(s for s in dict.fromkeys(i.summary.strip() for i in items) if s)
    if target.review == "auto":
        target.review = "accepted"
    _audited(db, actor, target, "merge", before)
    for other in others:
        b = audit.snapshot(other, FIELDS)
        other.review = "merged"
        old, new = audit.changes(b, audit.snapshot(other, FIELDS))
        audit.record(
            db, actor, "item", other.id, "merge", old, {**new, "merged_into": target.id}, meeting_id=meeting_id
        )
    return target


def _merge_entries(db: DB, meeting_id: int) -> tuple[AuditRow, list[AuditRow]] | None:
    """The audit entries of the meeting's last merge (target's, others'), or
    None when the last merge or unmerge of the meeting was an unmerge."""
    rows = list(
        db.scalars(
            select(AuditRow)
            .where(
                AuditRow.meeting_id == meeting_id, AuditRow.entity == "item", AuditRow.action.in_(("merge", "unmerge"))
            )
            .order_by(AuditRow.id.desc())
            .limit(200)
        )
    )
    if not rows or rows[0].action != "merge":
        return None
    last = rows[0]
    target_id = (last.after or {}).get("merged_into", last.entity_id)
    others, target = [], None
    for row in rows:
        if row.action != "merge":
            break
        into = (row.after or {}).get("merged_into")
        if into == target_id:
            others.append(row)
        elif into is None and row.entity_id == target_id:
            target = row
            break
    return (target, others) if target is not None and others else None


def last_merge(db: DB, meeting_id: int) -> int | None:
    """The id of the item the meeting's last merge kept, while it can be undone."""
    entries = _merge_entries(db, meeting_id)
    return entries[0].entity_id if entries else None


def undo_merge(db: DB, actor: Actor | None, meeting_id: int) -> ItemRow:
    """Undo the meeting's last merge: the kept item gets back its fields, the
    others come back with their review state; audited as "unmerge". Refused
    when the kept item was changed after the merge (its changes would be lost)."""
    entries = _merge_entries(db, meeting_id)
    if entries is None:
        raise UserError(msg.UNMERGE_NOTHING)
    target_entry, other_entries = entries
    target = item_of(db, meeting_id, target_entry.entity_id or 0)  # no id: not found
    now = audit.snapshot(target, FIELDS)
    if any(now.get(k) != v for k, v in (target_entry.after or {}).items()):
        raise UserError(msg.UNMERGE_CHANGED)
    others = [item_of(db, meeting_id, e.entity_id or 0) for e in other_entries]
    if any(o.review != "merged" for o in others):
        raise UserError(msg.UNMERGE_CHANGED)
    for name, value in (target_entry.before or {}).items():
        setattr(target, name, dt.date.fromisoformat(value) if name == "deadline" and value else value)
    audit.record(
        db, actor, "item", target.id, "unmerge", target_entry.after, target_entry.before, meeting_id=meeting_id
    )
    for other, entry in zip(others, other_entries, strict=True):
        other.review = (entry.before or {}).get("review", "auto")
        audit.record(
            db,
            actor,
            "item",
            other.id,
            "unmerge",
            {"review": "merged"},
            {"review": other.review},
            meeting_id=meeting_id,
        )
    db.flush()
    return target


def split(db: DB, actor: Actor | None, item: ItemRow, marked_text: str) -> ItemRow:
    """Split at the marker "||" in the item's (possibly edited) text: the first
    part stays, the second becomes a new item with the same fields. Times are
    shared out by the length of each part."""
    parts = marked_text.split(msg.SPLIT_MARKER)
    if len(parts) != 2:
        raise UserError(msg.SPLIT_NO_MARKER)
    first, second = parts[0].strip(), parts[1].strip()
    if not first or not second:
        raise UserError(msg.SPLIT_EMPTY_PART)
    before = audit.snapshot(item, FIELDS)
    cut = None
    if item.start is not None and item.end is not None and item.end > item.start:
        cut = round(item.start + (item.end - item.start) * len(first) / (len(first) + len(second)), 2)
    new = ItemRow(
        meeting_id=item.meeting_id,
        key=_split_key(db, item),
        kind=item.kind,
        text=second,
        summary="",
        topic=item.topic,
        unit=item.unit,
        asker=item.asker,
        hamlet=item.hamlet,
        start=cut if cut is not None else item.start,
        end=item.end,
        answered=item.answered,
        answer=item.answer,
        answer_start=item.answer_start,
        answer_end=item.answer_end,
        outside_content=item.outside_content,
        confidence=item.confidence,
        evidence=list(item.evidence or []),
        review="added" if item.review == "added" else "accepted",
        status=item.status,
        deadline=item.deadline,
    )
    item.text = first
    if cut is not None:
        item.end = cut
    if item.review == "auto":
        item.review = "accepted"
    _audited(db, actor, item, "split", before)
    db.add(new)
    db.flush()
    audit.record(
        db,
        actor,
        "item",
        new.id,
        "split",
        {"split_from": item.id},
        audit.snapshot(new, FIELDS),
        meeting_id=item.meeting_id,
    )
    return new


def _split_key(db: DB, item: ItemRow) -> str:
    taken = set(db.scalars(select(ItemRow.key).where(ItemRow.meeting_id == item.meeting_id)))
    n = 2
    while f"{item.key}.{n}" in taken:
        n += 1
    return f"{item.key}.{n}"


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
    _audited(db, actor, item, "assign", before)


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
    _audited(db, actor, item, "answer", before)
