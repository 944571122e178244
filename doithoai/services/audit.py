"""The audit log: every change to an item, a transcript segment, a speaker
name, a meeting or an account is recorded with who, when and before → after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import audit as msg
from doithoai.services.actors import Actor
from doithoai.store.tables import AuditRow


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def snapshot(row: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {f: _plain(getattr(row, f)) for f in fields}


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    db: DB,
    user: Actor | None,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    meeting_id: int | None = None,
) -> AuditRow:
    entry = AuditRow(
        user_id=user.id if user else None,
        username=user.username if user else msg.SYSTEM_USER,
        entity=entity,
        entity_id=entity_id,
        meeting_id=meeting_id,
        action=action,
        before={k: _plain(v) for k, v in (before or {}).items()} or None,
        after={k: _plain(v) for k, v in (after or {}).items()} or None,
    )
    db.add(entry)
    return entry


def history(
    db: DB, entity: str | None = None, entity_id: int | None = None, meeting_id: int | None = None, limit: int = 200
) -> list[AuditRow]:
    q = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
    if entity:
        q = q.where(AuditRow.entity == entity)
    if entity_id is not None:
        q = q.where(AuditRow.entity_id == entity_id)
    if meeting_id is not None:
        q = q.where(AuditRow.meeting_id == meeting_id)
    return list(db.scalars(q))
