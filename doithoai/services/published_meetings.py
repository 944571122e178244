"""Publishing a stored meeting from the web app: the notice is kept for
download, the bulletin becomes a draft notice on the radio page, and the
audit log records each publication."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import publish as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.services.followup import meeting_of
from doithoai.services.lookup import get_meeting
from doithoai.services.publish import DOCX_NAME, Publication, event_toml, prepare, write_published
from doithoai.services.publish_input import PlanRequest
from doithoai.services.review import CLOSED, items_of
from doithoai.settings import Settings
from doithoai.store.convert import item_from_row
from doithoai.store.tables import AuditRow, NoticeRow
from minutes.ketqua import Outcome
from minutes.meeting import Meeting
from pipeline.errors import NotFoundError, UserError


def notice_path(settings: Settings, meeting_id: int) -> Path:
    """Where the published notice of a meeting is kept for download."""
    return settings.meetings_dir / str(meeting_id) / DOCX_NAME


def stored_outcomes(db: DB, meeting: Meeting, meeting_id: int) -> list[Outcome]:
    """The meeting's items as reviewed (rejected and merged ones left out) with their follow-up."""
    rows = [r for r in items_of(db, meeting_id, include_closed=True) if r.review not in CLOSED]
    return [Outcome(item_from_row(r, meeting), r.response or "", r.responded_at) for r in rows]


def _radio_plan(p: Publication) -> dict[str, Any]:
    """The plan in the shape the radio page stores (notices._plan_json): no event."""
    return {
        "mode": "free",
        "event_at": None,
        "lead_days": 0,
        "days_ahead": None,
        "broadcasts": [at.isoformat() for at in p.plan.broadcasts],
    }


def publish_meeting(
    db: DB, settings: Settings, actor: Actor, meeting_id: int, *, today: dt.date, plan: PlanRequest = PlanRequest()
) -> tuple[Publication, NoticeRow]:
    """Publish a stored meeting's results: the notice is written for download,
    the bulletin goes to the radio operator's page as a draft notice (no audio
    yet: the operator previews and renders it), and the audit log records it.
    LeadTimeError when the plan misses the window and is not forced."""
    row = get_meeting(db, meeting_id)
    meeting = meeting_of(row)
    p = prepare(meeting, stored_outcomes(db, meeting, meeting_id), date=today, plan=plan)
    path = notice_path(settings, meeting_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(msg.publish_cannot_write(path.parent, exc.strerror or exc)) from None
    script = "\n".join(line for line in p.script.to_text().split("\n") if not line.startswith("#")).strip() + "\n"
    notice = NoticeRow(
        title=msg.notice_title(row.title)[:500],
        event=event_toml(p),
        script=script,
        engine="",
        plan=_radio_plan(p),
        warnings=[msg.draft_for_radio(actor.username), *p.notes],
        created_by=actor.id,
    )
    db.add(notice)
    db.flush()
    write_published(path, p.docx, [])
    audit.record(
        db,
        actor,
        "meeting",
        meeting_id,
        "publish",
        None,
        {
            "notice_id": notice.id,
            "document": path.relative_to(settings.data_dir).as_posix(),
            "items": len(p.shown),
            "on_spot": p.on_spot,
            "referred": len(p.shown) - p.on_spot,
            "left_out": p.left_out,
            "date": today,
            "broadcasts": _radio_plan(p)["broadcasts"],
            "force": plan.force,
        },
        meeting_id=meeting_id,
    )
    return p, notice


def last_publication(db: DB, meeting_id: int) -> tuple[AuditRow, NoticeRow | None] | None:
    """The latest publication of a meeting (its audit entry and the bulletin draft), if any."""
    entry = db.scalars(
        select(AuditRow)
        .where(AuditRow.entity == "meeting", AuditRow.entity_id == meeting_id, AuditRow.action == "publish")
        .order_by(AuditRow.id.desc())
    ).first()
    if entry is None:
        return None
    notice_id = (entry.after or {}).get("notice_id")
    return entry, db.get(NoticeRow, notice_id) if notice_id else None


def published_notice(settings: Settings, meeting_id: int) -> Path:
    """The published notice's file, NotFoundError before the first publication."""
    path = notice_path(settings, meeting_id)
    if not path.is_file():
        raise NotFoundError(msg.PUBLISH_NOT_YET)
    return path
