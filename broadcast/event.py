"""The event file (TOML): what is announced, by which station, when it is
broadcast and how it is rendered. See docs/broadcast.md for every field.

Every section except [station] is optional, so one file can describe a full
dialogue notice or only the station settings for a free-text notice.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from broadcast.errors import BroadcastError
from broadcast.messages import event as M


@dataclass(frozen=True)
class Event:
    """The announced event."""

    organiser: str  # "Ủy ban nhân dân xã Bình Thanh"
    title: str
    date: dt.date
    start: dt.time
    venue: str
    audience: tuple[str, ...] = ()  # hamlets ("Phước Hòa" or "tổ dân phố 3")
    content: tuple[str, ...] = ()  # content points
    contact: str = ""
    chair: str = ""  # who chairs, as it should be read
    end: dt.time | None = None
    note: str = ""  # an extra closing sentence of the body

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)


@dataclass(frozen=True)
class Station:
    name: str = ""  # "Đài truyền thanh xã Bình Thanh"
    organiser: str = ""  # the authority it speaks for; the default for [event] organiser
    jingle: Path | None = None  # the station's own jingle, replaces the tones
    dictionary: Path | None = None  # the commune's own abbreviations (docs/normalisation.md)


@dataclass(frozen=True)
class PlanSpec:
    """Broadcast plan: explicit dates × slots, or every day from `days_before`
    days before the event up to the day before, in `slots`."""

    slots: tuple[dt.time, ...] = (dt.time(6, 0), dt.time(17, 0))
    dates: tuple[dt.date, ...] = ()
    days_before: int | None = None
    lead_days: int = 3


@dataclass(frozen=True)
class AudioSettings:
    # "auto": the application's default chain (gtts, then the installed piper
    # voice, then the fallback); doithoai/services/voices.py expands it
    engine: str = "auto"
    fallback: tuple[str, ...] = ("espeak-ng",)
    voice: str = ""  # a piper voice by its name in the model store (`doithoai models list`)
    speed: float = 1.0
    repeat: int = 2
    target_lufs: float = -16.0
    true_peak: float = -1.0
    pause: float = 2.5  # seconds of silence between readings
    engines: dict[str, dict[str, Any]] = field(default_factory=dict)  # [tts.<engine>] tables


@dataclass(frozen=True)
class EventFile:
    station: Station
    event: Event | None = None
    plan: PlanSpec = PlanSpec()
    audio: AudioSettings = AudioSettings()
    source: Path | None = None


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _text(table: dict, key: str, where: str, required: bool = False) -> str:
    value = table.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise BroadcastError(M.missing_field(f"{where}.{key}"))
        return ""
    if not isinstance(value, str):
        raise BroadcastError(M.bad_field(f"{where}.{key}", M.EXPECT_TEXT))
    return _nfc(value)


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BroadcastError(M.bad_field(f"{where}.{key}", M.EXPECT_TEXT_LIST))
    return tuple(_nfc(v) for v in value if v.strip())


_TIME = re.compile(M.TIME_PATTERN)


def parse_time(value: Any, where: str) -> dt.time:
    """A time as TOML time or text: "08:00", "7h30", "14 giờ 00"."""
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        m = _TIME.match(value)
        if m:
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    raise BroadcastError(M.bad_field(where, M.EXPECT_TIME, value))


def parse_date(value: Any, where: str) -> dt.date:
    """A date as TOML date or text: "2024-09-20", "20/9/2024"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                pass
    raise BroadcastError(M.bad_field(where, M.EXPECT_DATE, value))


def _number(table: dict, key: str, where: str, default: float, lo: float, hi: float, integer: bool = False) -> Any:
    value = table.get(key, default)
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or not lo <= value <= hi:
        raise BroadcastError(M.bad_number(f"{where}.{key}", value, lo, hi))
    return int(value) if integer else float(value)


def section_table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise BroadcastError(M.bad_field(f"[{key}]", M.EXPECT_TABLE))
    return value


KNOWN_SECTIONS = {"event", "station", "schedule", "audio", "tts"}
KNOWN_KEYS = {
    "station": {"name", "organiser", "jingle", "dictionary"},
    "event": {"organiser", "title", "date", "start", "end", "venue", "audience", "content", "contact", "chair", "note"},
    "schedule": {"lead_days", "slots", "dates", "days_before"},
    "audio": {"engine", "fallback", "voice", "speed", "repeat", "target_lufs", "true_peak", "pause"},
}
# Other names people write for the same field.
ALIASES = {
    "event": {
        "organizer": "organiser",
        "time": "start",
        "hamlets": "audience",
        "location": "venue",
        "points": "content",
        "announced_content": "content",
    },
    "station": {"station": "name", "organizer": "organiser"},
    "schedule": {"times": "slots", "lead_time_days": "lead_days"},
}
_STATION_FROM_ORGANISER = re.compile(M.ORGANISER_PATTERN, re.IGNORECASE)


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """Apply aliases and refuse keys nobody reads (a typo must not pass silently)."""
    out = dict(data)
    for section, keys in KNOWN_KEYS.items():
        table = out.get(section)
        if not isinstance(table, dict):
            continue
        table = {ALIASES.get(section, {}).get(k, k): v for k, v in table.items()}
        unknown = sorted(set(table) - keys)
        if unknown:
            raise BroadcastError(M.unknown_keys(section, unknown, sorted(keys)))
        out[section] = table
    return out


def station_name_for(organiser: str) -> str:
    """'Ủy ban nhân dân xã Bình Thanh' → 'Đài truyền thanh xã Bình Thanh'."""
    m = _STATION_FROM_ORGANISER.match(organiser.strip())
    return M.STATION_OF_AREA.format(area=m.group(1)) if m else ""


def _file(table: dict[str, Any], key: str, base_dir: Path | None) -> Path | None:
    """An optional file named in [station], relative to the event file."""
    name = _text(table, key, "station")
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise BroadcastError(M.file_not_found(path, f"station.{key}"))
    return path


def event_from_dict(data: dict[str, Any], base_dir: Path | None = None) -> EventFile:
    """Build an EventFile from parsed TOML; BroadcastError on bad fields."""
    unknown = sorted(set(data) - KNOWN_SECTIONS)
    if unknown:
        raise BroadcastError(M.unknown_sections(unknown, sorted(KNOWN_SECTIONS)))
    data = _canonical(data)
    st = section_table(data, "station")
    station = Station(
        name=_text(st, "name", "station"),
        organiser=_text(st, "organiser", "station"),
        jingle=_file(st, "jingle", base_dir),
        dictionary=_file(st, "dictionary", base_dir),
    )

    event = None
    ev = section_table(data, "event")
    if ev:
        when = ev.get("date") or _missing("event.date")
        if isinstance(when, dt.datetime) and not ev.get("start"):
            ev = {**ev, "start": when.time()}  # date = 2024-09-20T08:00:00
        event = Event(
            organiser=_text(ev, "organiser", "event", required=not station.organiser) or station.organiser,
            title=_text(ev, "title", "event", required=True),
            date=parse_date(when, "event.date"),
            start=parse_time(ev.get("start") or _missing("event.start"), "event.start"),
            end=parse_time(ev["end"], "event.end") if ev.get("end") else None,
            venue=_text(ev, "venue", "event", required=True),
            audience=_strings(ev, "audience", "event"),
            content=_strings(ev, "content", "event"),
            contact=_text(ev, "contact", "event"),
            chair=_text(ev, "chair", "event"),
            note=_text(ev, "note", "event"),
        )
        if event.end is not None and event.end <= event.start:
            raise BroadcastError(M.END_BEFORE_START)
        if not station.name:
            derived = station_name_for(event.organiser)
            if not derived:
                raise BroadcastError(M.missing_field("station.name"))
            station = replace(station, name=derived)

    sc = section_table(data, "schedule")
    plan = PlanSpec(lead_days=_number(sc, "lead_days", "schedule", 3, 0, 60, integer=True))
    if "slots" in sc:
        slots = sc["slots"] if isinstance(sc["slots"], list) else [sc["slots"]]
        if not slots:
            raise BroadcastError(M.bad_field("schedule.slots", M.EXPECT_TIME_LIST))
        plan = replace(plan, slots=tuple(parse_time(s, "schedule.slots") for s in slots))
    if "dates" in sc:
        dates = sc["dates"] if isinstance(sc["dates"], list) else [sc["dates"]]
        plan = replace(plan, dates=tuple(parse_date(d, "schedule.dates") for d in dates))
    if "days_before" in sc:
        plan = replace(plan, days_before=_number(sc, "days_before", "schedule", 3, 1, 60, integer=True))
    if plan.dates and plan.days_before is not None:
        raise BroadcastError(M.DATES_AND_DAYS_BEFORE)

    au = section_table(data, "audio")
    engine = _text(au, "engine", "audio") or AudioSettings.engine
    fallback = _strings(au, "fallback", "audio") if "fallback" in au else AudioSettings.fallback
    tts = section_table(data, "tts")
    for name, table in tts.items():
        if not isinstance(table, dict):
            raise BroadcastError(M.bad_field(f"[tts.{name}]", M.EXPECT_TABLE))
    audio = AudioSettings(
        engine=engine,
        fallback=fallback,
        voice=_text(au, "voice", "audio"),
        speed=_number(au, "speed", "audio", 1.0, 0.5, 2.0),
        repeat=_number(au, "repeat", "audio", 2, 1, 5, integer=True),
        target_lufs=_number(au, "target_lufs", "audio", -16.0, -30.0, -9.0),
        true_peak=_number(au, "true_peak", "audio", -1.0, -6.0, 0.0),
        pause=_number(au, "pause", "audio", 2.5, 0.5, 10.0),
        engines={str(k): dict(v) for k, v in tts.items()},
    )
    return EventFile(station=station, event=event, plan=plan, audio=audio)


def _missing(key: str) -> Any:
    raise BroadcastError(M.missing_field(key))


def load_event(path: str | Path) -> EventFile:
    """Read and validate an event TOML file."""
    path = Path(path)
    if not path.is_file():
        raise BroadcastError(M.file_not_found(path, M.EVENT_FILE))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BroadcastError(M.not_utf8(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise BroadcastError(M.bad_toml(path, exc)) from None
    return replace(event_from_dict(data, base_dir=path.parent), source=path)
