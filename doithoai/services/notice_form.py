"""The radio notice form of the web app: what the operator typed (EventForm),
checked as an event (broadcast.event.EventFile) with the event file's TOML
text kept with the notice, and the form prefilled back from a stored event
file (the chosen notice, the last one, or the sample event).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from broadcast.errors import BroadcastError
from broadcast.event import EventFile, event_from_dict, station_name_for
from broadcast.script import parse_script
from doithoai.messages import radio as msg
from doithoai.services.voices import engines_for, piper_voice, voices_for
from doithoai.settings import Settings
from doithoai.store.tables import NoticeRow
from doithoai.tomlwrite import dump_toml

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "thong-bao-doi-thoai.toml"


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
