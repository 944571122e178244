"""Radio notices made in the web app: preview and render of the notice form
(doithoai.services.notice_form) through doithoai.services.broadcast, and the
NoticeRow rows with their files.

Plain functions over a SQLAlchemy Session, no web imports: the routes stay
thin and the tests can call them. Files go to settings.notices_dir/<id>/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.messages import notice as BM
from broadcast.messages import schedule as schedule_msg
from broadcast.schedule import Plan
from doithoai.messages import radio as msg
from doithoai.messages.web import NOT_FOUND
from doithoai.services import audit
from doithoai.services import broadcast as service
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_or_404
from doithoai.services.notice_form import EventForm, FormEvent, form_event
from doithoai.settings import Settings
from doithoai.store.tables import NoticeRow
from pipeline.errors import NotFoundError

MP3_NAME, ICS_NAME, SPOKEN_NAME = "thong-bao.mp3", "lich-phat.ics", "loi-doc.txt"
NOTICE_FIELDS = ("title", "mp3_path", "duration", "loudness", "engine", "warnings")


@dataclass
class Slot:
    at: dt.datetime
    label: str  # "06:00 thứ Hai 16/09/2024"
    ahead: str  # "trước 4 ngày"


@dataclass
class NoticePreview:
    toml: str
    digest: str
    title: str
    script: str  # the editable script, without the CLI's comment header
    spoken: list[str]  # normalised text of each reading
    slots: list[Slot]
    event_label: str
    lead_days: int
    violation: str | None  # the lead-time rule is broken: rendering needs force
    warnings: list[str] = field(default_factory=list)


# --- preview and render --------------------------------------------------------------------------
def digest(toml_text: str) -> str:
    return hashlib.sha256(toml_text.encode("utf-8")).hexdigest()[:32]


def _fmt(at: dt.datetime | None) -> str:
    return f"{at:%H:%M} {BM.WEEKDAYS[at.weekday()]} {at:%d/%m/%Y}" if at else ""


def _violation(plan: Plan) -> str:
    return (
        msg.ALL_PAST
        if plan.all_past
        else msg.lead_violation(_fmt(plan.first), _fmt(plan.event_at), plan.days_ahead or 0, plan.lead_days)
    )


def _forced_warning(plan: Plan) -> str:
    """The CLI's '--force' warning the service adds when the check is skipped."""
    return schedule_msg.lead_time_forced(0 if plan.all_past else plan.days_ahead or 0, plan.lead_days)


def _request(
    settings: Settings, form: EventForm, event: FormEvent, script: str | None, force: bool, output: Path | None = None
) -> service.AnnounceRequest:
    req = service.AnnounceRequest(
        output=output, event=event.event, force=force, cache_dir=settings.data_dir / "tts-cache"
    )
    if script is not None:
        req.script = script
    elif form.mode == "free":
        req.text = form.free_text
    return req


def _script_text(p: service.Prepared) -> str:
    lines = p.script.to_text().split("\n")
    return "\n".join(line for line in lines if not line.startswith("#")).strip() + "\n"


def preview_notice(settings: Settings, form: EventForm, script: str | None = None) -> NoticePreview:
    """The script, spoken text and schedule; a lead-time violation is reported,
    not raised. BroadcastError/UserError for bad input."""
    event = form_event(form, settings)
    req = _request(settings, form, event, script, force=False)
    violation = None
    try:
        p = service.preview(req)
    except LeadTimeError:
        p = service.preview(replace(req, force=True))
        violation = _violation(p.plan)
    plan = p.plan
    warnings = [w for w in p.warnings if not (violation and w == _forced_warning(plan))]
    slots = [
        Slot(at, _fmt(at), msg.days_before((plan.event_at.date() - at.date()).days) if plan.event_at else "")
        for at in plan.broadcasts
    ]
    return NoticePreview(
        event.toml,
        digest(event.toml),
        p.title,
        script if script is not None else _script_text(p),
        p.spoken,
        slots,
        _fmt(plan.event_at),
        plan.lead_days,
        violation,
        warnings,
    )


def _plan_json(plan: Plan, mode: str) -> dict[str, Any]:
    return {
        "mode": mode,
        "event_at": plan.event_at.isoformat() if plan.event_at else None,
        "lead_days": plan.lead_days,
        "days_ahead": plan.days_ahead,
        "broadcasts": [at.isoformat() for at in plan.broadcasts],
    }


def render_notice(db: DB, settings: Settings, actor: Actor, form: EventForm, script: str, force: bool) -> NoticeRow:
    """Render the edited script into settings.notices_dir/<id>/ and add the
    NoticeRow row and its audit entry. LeadTimeError without `force`; on any
    error nothing is left behind."""
    script = script.replace("\r\n", "\n")
    if not script.strip():
        raise BroadcastError(msg.NO_SCRIPT)
    event = form_event(form, settings)
    work = Path(tempfile.mkdtemp(prefix=".render-", dir=settings.notices_dir))
    try:
        req = _request(settings, form, event, script, force, output=work / MP3_NAME)
        prepared = service.preview(replace(req, output=None))  # the lead-time check, before minutes of work
        plan = prepared.plan
        req.spoken_out = work / SPOKEN_NAME
        req.ics = work / ICS_NAME if plan.broadcasts else None
        result = service.announce(req)
        warnings = [
            msg.lead_forced(actor.full_name or actor.username, plan.days_ahead or 0, plan.lead_days)
            if w == _forced_warning(result.plan)
            else w
            for w in result.warnings
        ]
        notice = NoticeRow(
            title=prepared.title[:500],
            event=event.toml,
            script=script,
            duration=result.duration,
            loudness=result.loudness,
            engine=result.engine[:30],
            plan=_plan_json(result.plan, form.mode),
            warnings=warnings,
            created_by=actor.id,
        )
        db.add(notice)
        db.flush()
        final = settings.notices_dir / str(notice.id)
        if final.exists():  # left by a failed commit earlier: no row owns it
            shutil.rmtree(final)
        os.replace(work, final)
        notice.mp3_path = str((final / MP3_NAME).relative_to(settings.data_dir))
        audit.record(
            db, actor, "notice", notice.id, "create", None, {**audit.snapshot(notice, NOTICE_FIELDS), "force": force}
        )
        return notice
    finally:
        shutil.rmtree(work, ignore_errors=True)


def get_notice(db: DB, notice_id: int) -> NoticeRow:
    return get_or_404(db, NoticeRow, notice_id, NOT_FOUND)


def notice_file(settings: Settings, notice: NoticeRow, name: str) -> Path | None:
    """A file of the notice (MP3, .ics, spoken text) if it exists, inside the data folder."""
    if not notice.mp3_path:
        return None
    folder = (settings.data_dir / notice.mp3_path).parent.resolve()
    path = folder / name
    if not folder.is_relative_to(settings.data_dir.resolve()) or not path.is_file():
        return None
    return path


def notice_file_or_404(settings: Settings, notice: NoticeRow, name: str, missing: str) -> Path:
    path = notice_file(settings, notice, name)
    if path is None:
        raise NotFoundError(missing)
    return path


def notice_view(settings: Settings, notice: NoticeRow) -> dict[str, Any]:
    """What the notice's page shows: its schedule, which files it has, the spoken text."""
    spoken_path = notice_file(settings, notice, SPOKEN_NAME)
    return {
        "notice": notice,
        "slots": plan_slots(notice),
        "event_label": event_label(notice),
        "has_mp3": notice_file(settings, notice, MP3_NAME) is not None,
        "has_ics": notice_file(settings, notice, ICS_NAME) is not None,
        "spoken": spoken_path.read_text(encoding="utf-8") if spoken_path else "",
    }


def history(db: DB, limit: int = 100) -> list[NoticeRow]:
    return list(db.scalars(select(NoticeRow).order_by(NoticeRow.created_at.desc(), NoticeRow.id.desc()).limit(limit)))


def plan_slots(notice: NoticeRow) -> list[Slot]:
    plan = notice.plan or {}
    event_at = dt.datetime.fromisoformat(plan["event_at"]) if plan.get("event_at") else None
    out = []
    for text in plan.get("broadcasts", []):
        at = dt.datetime.fromisoformat(text)
        out.append(Slot(at, _fmt(at), msg.days_before((event_at.date() - at.date()).days) if event_at else ""))
    return out


def event_label(notice: NoticeRow) -> str:
    plan = notice.plan or {}
    return _fmt(dt.datetime.fromisoformat(plan["event_at"])) if plan.get("event_at") else ""
