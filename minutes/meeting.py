"""The meeting file (TOML): who, when, where, and the commune's settings.

One file describes one dialogue. It feeds the ASR vocabulary (names,
hamlets, terms), item extraction (officials, hamlets, routing) and the
documents (agency, numbers, people). See docs/meeting-file.md.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from minutes.errors import MinutesError
from minutes.messages import documents as doc_msg
from minutes.messages import extract as extract_msg
from minutes.messages import meeting as msg
from minutes.routing import presets


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""


@dataclass(frozen=True)
class Official(Person):
    """Someone who speaks for the authorities at the meeting."""

    unit: str = ""


@dataclass(frozen=True)
class Agency:
    parent: str = msg.AGENCY_PARENT  # first header line (upper case in documents)
    name: str = ""  # e.g. "xã Bình Thanh"
    place: str = ""  # place in the date line: "Bình Thanh, ngày …"
    superior: str = ""  # the body that receives the report, e.g. "UBND huyện Bình Sơn"
    code: str = "UBND"  # issuer code in document numbers: "Số: 03/BB-UBND"


MAX_DEADLINE_DAYS = 366


@dataclass(frozen=True)
class Deadlines:
    written_answer_days: int = 10
    result_report_days: int = 20
    publish_days: int = 10


@dataclass(frozen=True)
class ReportSettings:
    """[documents] settings of the báo cáo (Mẫu 1.4); all optional."""

    date: dt.date | None = None  # date of the report; default: the meeting date
    subject: str = ""  # trích yếu; default "Kết quả " + meeting title without "Hội nghị"
    basis: str = ""  # "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND xã …"
    recipients: tuple[str, ...] = ()  # default: documents.recipients
    signer: str = ""  # default: the chair
    signer_authority: str = doc_msg.SIGN_AUTHORITY
    signer_title: str = doc_msg.SIGN_TITLE


@dataclass(frozen=True)
class PublishSettings:
    """[publish] settings of the public notice of the results (minutes/thongbao.py)."""

    number: int | None = None  # "Số: 05/TB-UBND"; blank when absent
    names: bool = True  # false: the notice and the bulletin name only the hamlet, not the citizen
    recipients: tuple[str, ...] = ()  # "Nơi nhận"; default: the hamlets, the radio, the notice board


@dataclass(frozen=True)
class Meeting:
    title: str
    date: dt.date
    start: dt.time
    venue: str
    agency: Agency
    chair: Person
    secretary: Person
    end: dt.time | None = None
    co_chairs: tuple[Person, ...] = ()
    participants: tuple[str, ...] = ()
    hamlets: tuple[str, ...] = ()
    officials: tuple[Official, ...] = ()
    announced_content: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    minutes_number: int | None = None
    report_number: int | None = None
    recipients: tuple[str, ...] = ()
    routing_preset: str = "tu-2025-07"
    routing_overrides: dict[str, str] = field(default_factory=dict)
    deadlines: Deadlines = Deadlines()
    source: Path | None = None
    attendees: int | None = None  # citizens present, for the report
    opening_summary: str = ""  # [minutes] summary of the opening report
    conclusion: str = ""  # [minutes] the chair's conclusion
    report: ReportSettings = ReportSettings()
    speakers: dict[str, str] = field(default_factory=dict)  # [speakers] diarization label -> name
    extraction_lexicon: Path | None = None  # [extraction] lexicon: the commune's lexicon folder
    publish: PublishSettings = PublishSettings()  # [publish]: the public notice of the results
    review_threshold: float | None = None  # [transcription]: words under it are marked for checking

    def asr_vocabulary(self) -> list[str]:
        """Names and terms the recogniser should favour, most specific first."""
        words: list[str] = []
        for person in (self.chair, self.secretary, *self.co_chairs, *self.officials):
            words.append(person.name)
        words += [msg.HAMLET_TERM.format(hamlet=h) for h in self.hamlets]
        words += list(self.terms)
        if self.agency.name:
            words.append(self.agency.name)
        return list(dict.fromkeys(w for w in words if w))  # first of each, in order

    def initial_prompt(self, max_chars: int = 400) -> str:
        """A short Vietnamese prompt in meeting style that carries the vocabulary."""
        text = f"{self.title}. " + ", ".join(self.asr_vocabulary()) + "."
        return text[:max_chars]


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _req(table: dict, key: str, where: str) -> Any:
    if key not in table or table[key] in ("", None):
        raise MinutesError(msg.missing_key(f"{where}{key}"))
    return table[key]


def _time(value: Any, key: str) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = value.strip().lower().replace(msg.HOUR_WORD, ":").replace("h", ":").replace(" ", "")
        parts = [p for p in text.split(":") if p != ""]
        try:
            hour = int(parts[0])
            minute = int(parts[1]) if len(parts) > 1 else 0
            return dt.time(hour, minute)
        except (ValueError, IndexError):
            pass
    raise MinutesError(msg.bad_time(key, value))


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                pass
    raise MinutesError(msg.bad_date(key, value))


def _person(value: Any, key: str) -> Person:
    if isinstance(value, str):
        return Person(name=_nfc(value))
    if isinstance(value, dict) and value.get("name"):
        return Person(name=_text(value, "name", f"{key}."), title=_text(value, "title", f"{key}."))
    raise MinutesError(msg.person_without_name(key))


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise MinutesError(msg.not_string_list(key))
    return tuple(_nfc(v) for v in value)


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MinutesError(msg.not_table(key))
    return value


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise MinutesError(msg.not_quoted_string(f"{where}{key}"))
    return _nfc(value.strip())


def _report_settings(docs: dict) -> ReportSettings:
    date = _date(docs["report_date"], "documents.report_date") if docs.get("report_date") else None
    defaults = ReportSettings()
    return ReportSettings(
        date=date,
        subject=_text(docs, "report_subject", "documents."),
        basis=_text(docs, "report_basis", "documents."),
        recipients=_strings(docs.get("report_recipients"), "documents.report_recipients"),
        signer=_text(docs, "signer", "documents."),
        signer_authority=_text(docs, "signer_authority", "documents.") or defaults.signer_authority,
        signer_title=_text(docs, "signer_title", "documents.") or defaults.signer_title,
    )


def _publish_settings(data: dict) -> PublishSettings:
    pub = _table(data, "publish")
    number = pub.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
        raise MinutesError(msg.not_positive("publish.number"))
    names = pub.get("names", True)
    if not isinstance(names, bool):
        raise MinutesError(msg.PUBLISH_NAMES_NOT_BOOL)
    return PublishSettings(number=number, names=names, recipients=_strings(pub.get("recipients"), "publish.recipients"))


def _review_threshold(data: dict) -> float | None:
    value = _table(data, "transcription").get("review_threshold")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise MinutesError(msg.bad_review_threshold(value))
    return float(value)


def meeting_from_dict(data: dict[str, Any], source: Path | None = None) -> Meeting:
    """Build a Meeting from parsed TOML; raises MinutesError on bad fields."""
    m = _req(data, "meeting", "")
    if not isinstance(m, dict):
        raise MinutesError(msg.MEETING_NOT_TABLE)
    agency_t = _table(data, "agency")
    people = _table(data, "people")
    docs = _table(data, "documents")
    routing = _table(data, "routing")
    deadlines_t = _table(data, "deadlines")
    minutes_t = _table(data, "minutes")
    for key in ("title", "venue"):
        if not isinstance(m.get(key, ""), str):
            raise MinutesError(msg.not_string(f"meeting.{key}"))
    for key, value in agency_t.items():
        if not isinstance(value, str):
            raise MinutesError(msg.not_string(f"agency.{key}"))
    if not isinstance(data.get("officials", []), list):
        raise MinutesError(msg.OFFICIALS_NOT_LIST)
    if not isinstance(people.get("co_chairs", []), list):
        raise MinutesError(msg.CO_CHAIRS_NOT_LIST)
    extraction_t = data.get("extraction", {})
    lexicon = extraction_t.get("lexicon") if isinstance(extraction_t, dict) else None
    if lexicon is not None and (not isinstance(lexicon, str) or not lexicon.strip()):
        raise MinutesError(msg.LEXICON_NOT_PATH)
    lexicon_path = None
    if lexicon:
        lexicon_path = Path(lexicon).expanduser()
        if not lexicon_path.is_absolute() and source is not None:
            lexicon_path = source.parent / lexicon_path
        if not lexicon_path.is_dir():
            raise MinutesError(msg.lexicon_folder_missing(lexicon_path))
    speakers_t = data.get("speakers", {})
    if not isinstance(speakers_t, dict) or not all(isinstance(v, str) and v.strip() for v in speakers_t.values()):
        raise MinutesError(msg.SPEAKERS_NOT_NAMES)
    attendees = m.get("attendees")
    if attendees is not None and (not isinstance(attendees, int) or isinstance(attendees, bool) or attendees < 0):
        raise MinutesError(msg.ATTENDEES_INVALID)

    officials = []
    for i, o in enumerate(data.get("officials", [])):
        if not isinstance(o, dict) or not o.get("name"):
            raise MinutesError(msg.official_without_name(i))
        where = f"officials[{i}]."
        title = _text(o, "title", where) or _text(o, "role", where)
        officials.append(Official(name=_text(o, "name", where), title=title, unit=_text(o, "unit", where)))

    preset = routing.get("preset", "tu-2025-07")
    # the presets are data (minutes/data/routing.toml, or the commune's lexicon)
    known_presets = presets(lexicon_path)
    if preset not in known_presets:
        raise MinutesError(extract_msg.ROUTING_BAD_PRESET.format(preset=preset, presets=", ".join(known_presets)))
    overrides = routing.get("overrides", {})
    if not isinstance(overrides, dict):
        raise MinutesError(msg.OVERRIDES_NOT_TABLE)

    try:
        deadlines = Deadlines(**{k: int(v) for k, v in deadlines_t.items()})
    except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: int(inf)
        raise MinutesError(msg.bad_deadlines(exc)) from None
    for key, days in asdict(deadlines).items():
        if not 0 <= days <= MAX_DEADLINE_DAYS:  # a date that far off cannot be computed, nor meant
            raise MinutesError(msg.deadline_out_of_range(key, days, MAX_DEADLINE_DAYS))

    def _num(key: str) -> int | None:
        v = docs.get(key)
        if v is None:
            return None
        if not isinstance(v, int) or v < 1:
            raise MinutesError(msg.not_positive(f"documents.{key}"))
        return v

    chair = _person(_req(people, "chair", "people."), "people.chair")
    secretary = _person(_req(people, "secretary", "people."), "people.secretary")
    start = _time(_req(m, "start", "meeting."), "meeting.start")
    end = _time(m["end"], "meeting.end") if m.get("end") else None
    return Meeting(
        title=_nfc(_req(m, "title", "meeting.")),
        date=_date(_req(m, "date", "meeting."), "meeting.date"),
        start=start,
        end=end,
        venue=_nfc(_req(m, "venue", "meeting.")),
        agency=Agency(**{k: _nfc(v) for k, v in agency_t.items() if k in Agency.__dataclass_fields__}),
        chair=chair,
        secretary=secretary,
        co_chairs=tuple(_person(p, "people.co_chairs") for p in people.get("co_chairs", [])),
        participants=_strings(people.get("participants"), "people.participants"),
        hamlets=_strings(m.get("hamlets"), "meeting.hamlets"),
        officials=tuple(officials),
        announced_content=_strings(m.get("announced_content"), "meeting.announced_content"),
        terms=_strings(m.get("terms"), "meeting.terms"),
        minutes_number=_num("minutes_number"),
        report_number=_num("report_number"),
        recipients=_strings(docs.get("recipients"), "documents.recipients"),
        routing_preset=preset,
        routing_overrides={str(k): _nfc(str(v)) for k, v in overrides.items()},
        deadlines=deadlines,
        source=source,
        attendees=attendees,
        opening_summary=_text(minutes_t, "opening_summary", "minutes."),
        conclusion=_text(minutes_t, "conclusion", "minutes."),
        report=_report_settings(docs),
        speakers={str(k): _nfc(v.strip()) for k, v in speakers_t.items()},
        extraction_lexicon=lexicon_path,
        publish=_publish_settings(data),
        review_threshold=_review_threshold(data),
    )


def load_meeting(path: str | Path) -> Meeting:
    """Read and validate a meeting TOML file."""
    path = Path(path)
    if not path.is_file():
        raise MinutesError(msg.meeting_file_not_found(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise MinutesError(msg.meeting_file_not_utf8(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise MinutesError(msg.meeting_file_bad_toml(path, exc)) from None
    return meeting_from_dict(data, source=path)
