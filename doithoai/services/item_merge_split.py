"""Merging several items into one (and undoing the last merge) and splitting
an item in two; audited like the other review changes (item_edits.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import review as msg
from doithoai.messages.web import NOT_FOUND
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.item_edits import FIELDS, audit_item_change
from doithoai.services.lookup import get_or_404
from doithoai.services.review import CLOSED, item_of
from doithoai.store.tables import AuditRow, ItemRow
from pipeline.errors import UserError


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
    audit_item_change(db, actor, target, "merge", before)
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
    audit_item_change(db, actor, item, "split", before)
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
