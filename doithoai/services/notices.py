"""Radio notices made in the web app: the event form as a checked event
(broadcast.event.EventFile) and the event file's TOML text kept with the
notice, preview and render through doithoai.services.broadcast, and the
NoticeRow rows.

Plain functions over a SQLAlchemy Session, no web imports: the routes stay
thin and the tests can call them. Files go to settings.notices_dir/<id>/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.event import EventFile, event_from_dict, station_name_for
from broadcast.messages import notice as BM
from broadcast.messages import schedule as schedule_msg
from broadcast.schedule import Plan
from broadcast.script import parse_script
from doithoai.messages import radio as msg
from doithoai.messages.web import NOT_FOUND
from doithoai.services import audit
from doithoai.services import broadcast as service
from doithoai.services.actors import Actor
from doithoai.services.lookup import get_or_404
from doithoai.services.voices import engines_for, piper_voice, voices_for
from doithoai.settings import Settings
from doithoai.store.tables import NoticeRow
from doithoai.tomlwrite import dump_toml
from pipeline.errors import NotFoundError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "thong-bao-doi-thoai.toml"
MP3_NAME, ICS_NAME, SPOKEN_NAME = "thong-bao.mp3", "lich-phat.ics", "loi-doc.txt"
NOTICE_FIELDS = ("title", "mp3_path", "duration", "loudness", "engine", "warnings")


@dataclass
class EventForm:
    """The broadcast form as typed (all text); lists are one entry a line."""

    mode: str = "event"  # "event" or "free" (văn bản tự do)
    station: str = ""
    organiser: str = ""
    title: str = ""
    date: str = ""
    start: str = ""
    end: str = ""
    venue: str = ""
    audience: str = ""
    chair: str = ""
    content: str = ""
    note: str = ""
    contact: str = ""
    free_text: str = ""
    lead_days: str = "3"
    plan_kind: str = "days_before"  # or "dates"
    days_before: str = ""
    dates: str = ""
    slots: str = "06:00, 17:00"
    engine: str = "espeak-ng"
    voice: str = ""  # a piper voice by name in the model store ("" = the default voice)
    repeat: str = "2"
    speed: str = "1.0"

    @classmethod
    def from_mapping(cls, data: Any) -> EventForm:
        names = {f.name for f in fields(cls)}
        values = {k: str(data.get(k) or "").replace("\r\n", "\n").strip() for k in names if data.get(k) is not None}
        return replace(cls(), **values)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


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


# --- the form as an event file -------------------------------------------------------------------
def _number(text: str) -> int | float | str:
    """A number as typed; anything else stays text so the event checks name the field."""
    t = text.strip().replace(",", ".")
    for kind in (int, float):
        try:
            return kind(t)
        except ValueError:
            pass
    return text


def _lines(text: str, sep: str = r"\n") -> list[str]:
    return [p.strip() for p in re.split(sep, text) if p.strip()]


@dataclass(frozen=True)
class FormEvent:
    """The event of the form: checked, and as the event file's TOML text
    (kept with the notice, and what the preview's digest is taken of)."""

    event: EventFile
    toml: str


def form_event(form: EventForm, settings: Settings) -> FormEvent:
    """The form's event; BroadcastError names a field that is wrong."""
    data = event_data(form, settings)
    return FormEvent(event_from_dict(data), dump_toml(data))


def event_data(form: EventForm, settings: Settings) -> dict[str, Any]:
    """The event file's tables for the form (no jingle or dictionary paths,
    piper's voice only from the server's settings)."""
    if form.mode not in ("event", "free"):
        raise BroadcastError(msg.MODE_UNKNOWN)
    if form.engine not in engines_for(settings):
        raise BroadcastError(msg.ENGINE_UNKNOWN)
    sections: dict[str, dict[str, Any]] = {"station": {}, "event": {}, "schedule": {}, "audio": {}}
    station = form.station or station_name_for(form.organiser)
    if station:
        sections["station"]["name"] = station
    if form.mode == "free":
        if form.organiser:
            sections["station"]["organiser"] = form.organiser
    else:
        ev = sections["event"]
        for key in ("organiser", "title", "date", "start", "end", "venue", "chair", "note", "contact"):
            if getattr(form, key):
                ev[key] = getattr(form, key)
        ev["audience"] = _lines(form.audience, r"[\n,;]")
        ev["content"] = _lines(form.content)
        ev = {k: v for k, v in ev.items() if v != []}
        sections["event"] = ev or {"title": ""}  # an emptied form is still an event: "missing title"
    sc = sections["schedule"]
    if form.lead_days:
        sc["lead_days"] = _number(form.lead_days)
    if form.plan_kind == "dates" and form.dates:
        sc["dates"] = _lines(form.dates, r"[\s,;]+")
    elif form.plan_kind != "dates" and form.days_before and form.mode == "event":
        sc["days_before"] = _number(form.days_before)
    if form.slots:
        sc["slots"] = _lines(form.slots, r"[\s,;]+")
    au = sections["audio"]
    au["engine"], au["fallback"] = form.engine, ["espeak-ng"]
    for key in ("speed", "repeat"):
        if getattr(form, key):
            au[key] = _number(getattr(form, key))
    if form.engine == "piper":
        installed = voices_for()
        if form.voice and form.voice not in installed:
            raise BroadcastError(msg.VOICE_UNKNOWN)
        if form.voice or installed:
            au["voice"] = form.voice or installed[0]  # by name: the notice's event file says which voice
        else:
            sections["tts"] = {"piper": {"voice": piper_voice(settings)}}
    return {name: table for name, table in sections.items() if table or name == "station"}


def _vn(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _hm(value: Any) -> str:
    return value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)


def from_toml(text: str, script: str = "") -> EventForm:
    """The form of a stored event file (prefill from the last notice or the sample)."""
    data = tomllib.loads(text)
    st, ev, sc, au = (data.get(k, {}) for k in ("station", "event", "schedule", "audio"))
    date = ev.get("date", "")
    form = EventForm(
        mode="event" if ev else "free",
        station=st.get("name", ""),
        organiser=ev.get("organiser") or st.get("organiser", ""),
        title=ev.get("title", ""),
        date=date.isoformat() if isinstance(date, dt.date) else str(date),
        start=_hm(ev.get("start", "")),
        end=_hm(ev.get("end", "")),
        venue=ev.get("venue", ""),
        audience="\n".join(ev.get("audience", [])),
        chair=ev.get("chair", ""),
        content="\n".join(ev.get("content", [])),
        note=ev.get("note", ""),
        contact=ev.get("contact", ""),
        lead_days=str(sc.get("lead_days", 3)),
        plan_kind="dates" if sc.get("dates") else "days_before",
        days_before=str(sc.get("days_before", "")),
        dates=", ".join(_vn(d) for d in sc.get("dates", [])),
        slots=", ".join(_hm(s) for s in sc.get("slots", ["06:00", "17:00"])),
        engine=au.get("engine", "espeak-ng"),
        voice=au.get("voice", ""),
        repeat=str(au.get("repeat", 2)),
        speed=str(au.get("speed", 1.0)),
    )
    if form.mode == "free" and script:
        form.free_text = parse_script(script).body
    return form


def default_form(db: DB, settings: Settings, notice_id: int | None = None) -> EventForm:
    """Prefill: the chosen notice, else the last one, else the sample event."""
    notice = (
        db.get(NoticeRow, notice_id)
        if notice_id
        else db.scalars(select(NoticeRow).order_by(NoticeRow.id.desc())).first()
    )
    try:
        if notice is not None:
            form = from_toml(notice.event, notice.script)
        elif SAMPLE.is_file():
            form = from_toml(SAMPLE.read_text(encoding="utf-8"))
        else:
            return EventForm()
    except (tomllib.TOMLDecodeError, BroadcastError, OSError):
        return EventForm()
    return form if form.engine in engines_for(settings) else replace(form, engine="espeak-ng")


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
