"""The meeting file of the web app: built from the meeting form's fields (or
uploaded as TOML), checked with minutes.meeting, and read back into the
form's fields for editing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any

from doithoai.messages import meetings as msg
from doithoai.store.convert import meeting_from_data, parse_meeting_config
from doithoai.tomlwrite import dump_toml
from minutes.meeting import Meeting
from pipeline.errors import UserError


@dataclass(frozen=True)
class MeetingConfig:
    """A checked meeting file: the TOML text that is stored and its Meeting."""

    text: str
    meeting: Meeting


def config_from_text(text: str) -> MeetingConfig:
    """An uploaded meeting file; any mistake is a UserError."""
    return MeetingConfig(text, parse_meeting_config(text)[1])


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _int(form: dict[str, str], name: str, label: str) -> int | None:
    text = (form.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UserError(msg.NOT_A_NUMBER.format(label=label)) from None


def _date_value(text: str) -> dt.date | str:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    return text.strip()  # meeting_from_dict says what is wrong with it


def _split(line: str, parts: int) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    return (cells + [""] * parts)[:parts]


def _person(name: str, title: str) -> dict[str, str] | str:
    name, title = name.strip(), title.strip()
    return {"name": name, "title": title} if title else name


def _set(table: dict[str, Any], key: str, value: Any) -> None:
    """Set, or drop the key when the form field was left empty."""
    if value in (None, "", [], {}):
        table.pop(key, None)
    else:
        table[key] = value


def _config_data(form: dict[str, str], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The meeting-file dict from the form fields, over `base` (the stored file
    when editing) so that keys the form does not show are kept."""
    data: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in (base or {}).items()}
    m = data.setdefault("meeting", {})
    _set(m, "title", (form.get("title") or "").strip())
    _set(m, "date", _date_value(form.get("date") or ""))
    _set(m, "start", (form.get("start") or "").strip())
    _set(m, "end", (form.get("end") or "").strip())
    _set(m, "venue", (form.get("venue") or "").strip())
    for key in ("hamlets", "announced_content", "terms"):
        _set(m, key, _lines(form.get(key)))
    _set(m, "attendees", _int(form, "attendees", msg.LABEL_ATTENDEES))

    agency = data.setdefault("agency", {})
    for key in ("name", "place", "superior"):
        _set(agency, key, (form.get(f"agency_{key}") or "").strip())

    people = data.setdefault("people", {})
    _set(people, "chair", _person(form.get("chair_name", ""), form.get("chair_title", "")) or "")
    _set(people, "secretary", _person(form.get("secretary_name", ""), form.get("secretary_title", "")) or "")
    co_chairs = []
    for n, line in enumerate(_lines(form.get("co_chairs")), 1):
        name, title = _split(line, 2)
        if not name:
            raise UserError(msg.CO_CHAIR_LINE.format(n=n))
        co_chairs.append({"name": name, "title": title})
    _set(people, "co_chairs", co_chairs)
    _set(people, "participants", _lines(form.get("participants")))

    officials = []
    for n, line in enumerate(_lines(form.get("officials")), 1):
        name, title, unit = _split(line, 3)
        if not name:
            raise UserError(msg.OFFICIAL_LINE.format(n=n))
        officials.append({k: v for k, v in (("name", name), ("title", title), ("unit", unit)) if v})
    _set(data, "officials", officials)

    routing = data.setdefault("routing", {})
    _set(routing, "preset", (form.get("routing_preset") or "").strip())
    deadlines = data.setdefault("deadlines", {})
    _set(deadlines, "written_answer_days", _int(form, "written_answer_days", msg.LABEL_WRITTEN_ANSWER_DAYS))
    _set(deadlines, "result_report_days", _int(form, "result_report_days", msg.LABEL_RESULT_REPORT_DAYS))
    docs = data.setdefault("documents", {})
    _set(docs, "minutes_number", _int(form, "minutes_number", msg.LABEL_MINUTES_NUMBER))
    _set(docs, "report_number", _int(form, "report_number", msg.LABEL_REPORT_NUMBER))
    for key in [k for k, v in data.items() if v == {} and k != "meeting"]:
        del data[key]
    return data


def form_from_config(text: str) -> dict[str, str]:
    """Form field values of a stored meeting file (for the edit form)."""
    data = tomllib.loads(text)
    m, agency, people = data.get("meeting", {}), data.get("agency", {}), data.get("people", {})
    docs, deadlines, routing = data.get("documents", {}), data.get("deadlines", {}), data.get("routing", {})

    def person(value: Any) -> tuple[str, str]:
        if isinstance(value, dict):
            return str(value.get("name", "")), str(value.get("title", ""))
        return str(value or ""), ""

    def text_of(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    chair, secretary = person(people.get("chair")), person(people.get("secretary"))
    return {
        "title": text_of(m.get("title")),
        "date": text_of(m.get("date")),
        "start": text_of(m.get("start")),
        "end": text_of(m.get("end")),
        "venue": text_of(m.get("venue")),
        "hamlets": "\n".join(m.get("hamlets", [])),
        "announced_content": "\n".join(m.get("announced_content", [])),
        "terms": "\n".join(m.get("terms", [])),
        "attendees": text_of(m.get("attendees")),
        "agency_name": text_of(agency.get("name")),
        "agency_place": text_of(agency.get("place")),
        "agency_superior": text_of(agency.get("superior")),
        "chair_name": chair[0],
        "chair_title": chair[1],
        "secretary_name": secretary[0],
        "secretary_title": secretary[1],
        "co_chairs": "\n".join(" | ".join(person(p)).rstrip(" |") for p in people.get("co_chairs", [])),
        "participants": "\n".join(people.get("participants", [])),
        "officials": "\n".join(
            " | ".join(
                [str(o.get("name", "")), str(o.get("title") or o.get("role") or ""), str(o.get("unit", ""))]
            ).rstrip(" |")
            for o in data.get("officials", [])
            if isinstance(o, dict)
        ),
        "routing_preset": text_of(routing.get("preset", "tu-2025-07")),
        "written_answer_days": text_of(deadlines.get("written_answer_days")),
        "result_report_days": text_of(deadlines.get("result_report_days")),
        "minutes_number": text_of(docs.get("minutes_number")),
        "report_number": text_of(docs.get("report_number")),
    }


def config_from_form(form: dict[str, str], base_text: str | None = None) -> MeetingConfig:
    """The meeting file of the form fields, checked; when editing, over the
    stored file (`base_text`) so that keys the form does not show are kept."""
    data = _config_data(form, tomllib.loads(base_text) if base_text else None)
    meeting = meeting_from_data(data)
    return MeetingConfig(dump_toml(data), meeting)
