"""The spoken notice in the station's customary form.

Opening ("Đây là Đài truyền thanh xã … Sau đây là thông báo của …"), the body
in notice phrasing, "Xin thông báo lại" and the repetition, closing. The
script is plain editable text (`Script.to_text` / `parse_script`): the radio
operator may rewrite any part and render the edited file. The written form
keeps digits and abbreviations; speech normalisation runs before synthesis.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from broadcast.errors import BroadcastError
from broadcast.event import Event, Station
from broadcast.messages import event as event_msg
from broadcast.messages import notice as M

MAX_CHARS = 6000  # about 8 minutes of speech read twice: longer is not a loudspeaker notice


@dataclass(frozen=True)
class Script:
    """A notice as four editable parts; the body is read `repeat` times."""

    opening: str
    body: str
    closing: str
    repeat_intro: str = M.REPEAT_INTRO

    def reading_parts(self, repeat: int) -> list[list[str]]:
        """The sections of each reading: opening + body, then "Xin thông báo
        lại" + body for every repetition; the closing follows the last one."""
        out = []
        for i in range(repeat):
            parts = [self.opening if i == 0 else self.repeat_intro, self.body]
            if i == repeat - 1:
                parts.append(self.closing)
            out.append([p for p in parts if p])
        return out

    def readings(self, repeat: int) -> Iterator[str]:
        """The text of each reading."""
        for parts in self.reading_parts(repeat):
            yield "\n".join(parts)

    def to_text(self) -> str:
        """The editable file: section headers in brackets, '#' lines are comments."""
        out = [M.SCRIPT_FILE_HEADER]
        for key, value in (
            ("opening", self.opening),
            ("body", self.body),
            ("repeat", self.repeat_intro),
            ("closing", self.closing),
        ):
            out += ["", f"[{M.SCRIPT_SECTIONS[key]}]", value]
        return "\n".join(out).rstrip() + "\n"


def parse_script(text: str) -> Script:
    """Read an edited script file; plain text without sections is the body."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").lstrip("\ufeff"))
    by_title = {v.lower(): k for k, v in M.SCRIPT_SECTIONS.items()}
    parts: dict[str, list[str]] = {}
    current = None
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        m = re.fullmatch(r"\[(.+)\]", stripped)
        if m:
            key = by_title.get(m.group(1).strip().lower())
            if key is None:
                raise BroadcastError(M.unknown_script_section(m.group(1), list(M.SCRIPT_SECTIONS.values())))
            current = key
            parts.setdefault(key, [])
            continue
        if current is None:
            if not stripped:
                continue
            current = "body"  # a plain text file without sections
        parts.setdefault(current, []).append(line.rstrip())
    joined = {k: "\n".join(v).strip() for k, v in parts.items()}
    script = Script(
        opening=joined.get("opening", ""),
        body=joined.get("body", ""),
        closing=joined.get("closing", ""),
        repeat_intro=joined.get("repeat", M.REPEAT_INTRO) or M.REPEAT_INTRO,
    )
    check_text(script.body, M.SCRIPT_SECTIONS["body"])
    return script


def check_text(text: str, what: str) -> str:
    """Reject text that cannot be a spoken notice (empty, binary, too long)."""
    if not text or not text.strip():
        raise BroadcastError(M.empty_text(what))
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t\r" for c in text):
        raise BroadcastError(M.control_chars(what))
    if not any(c.isalpha() for c in text):
        raise BroadcastError(M.no_words(what))
    if len(text) > MAX_CHARS:
        raise BroadcastError(M.too_long(what, len(text), MAX_CHARS))
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _lower_first(text: str) -> str:
    # "Hội nghị …" reads inside a sentence as "hội nghị …"; keep acronyms.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def audience_phrase(hamlets: tuple[str, ...]) -> str:
    """'toàn thể Nhân dân thôn A', '… các thôn A, B và C', or the whole commune."""
    if not hamlets:
        return M.AUDIENCE_ALL
    has_unit = [h.lower().startswith(M.UNIT_WORDS) for h in hamlets]
    if not any(has_unit):
        names = list(hamlets)
        prefix = M.HAMLET_ONE if len(names) == 1 else M.HAMLET_MANY
    else:
        names = [h if u else M.HAMLET_ONE + h for h, u in zip(hamlets, has_unit, strict=True)]
        prefix = ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + M.AND + names[-1]
    return f"{M.AUDIENCE_PREFIX} {prefix}{listed}"


def time_phrase(start: dt.time, day: dt.date) -> str:
    """'8 giờ 00 phút, thứ Sáu, ngày 20 tháng 9 năm 2024' (written; normalised later)."""
    return M.TIME_PHRASE.format(
        hour=start.hour,
        minute=start.minute,
        weekday=M.WEEKDAYS[day.weekday()],
        day=day.day,
        month=day.month,
        year=day.year,
    )


def opening(station: Station, organiser: str) -> str:
    parts = []
    if station.name:
        parts.append(M.OPENING_STATION.format(station=station.name))
    parts.append(M.OPENING_NOTICE.format(organiser=organiser) if organiser else M.OPENING_NOTICE_PLAIN)
    return " ".join(parts)


def closing(station: Station, organiser: str) -> str:
    first = (
        M.CLOSING_STATION.format(station=station.name, organiser=organiser or M.ORGANISER_FALLBACK)
        if station.name
        else M.CLOSING_PLAIN
    )
    return f"{first} {M.CLOSING_THANKS}"


def event_body(event: Event) -> str:
    """The notice body in the phrasing of real commune notices."""
    lines = [
        M.BODY_INVITE.format(
            organiser=event.organiser,
            audience=audience_phrase(event.audience),
            title=_lower_first(event.title).rstrip("."),
        ),
        M.BODY_TIME.format(when=time_phrase(event.start, event.date)),
        M.BODY_VENUE.format(venue=re.sub(M.VENUE_AT, "", event.venue.rstrip("."), flags=re.I)),
    ]
    if event.chair:
        lines.append(M.BODY_CHAIR.format(chair=event.chair.rstrip(".")))
    if event.content:
        points = [c.rstrip(".;") for c in event.content]
        if len(points) == 1:
            lines.append(M.BODY_CONTENT_ONE.format(point=_lower_first(points[0])))
        else:
            items = "; ".join(
                f"{M.ORDINALS[i] if i < len(M.ORDINALS) else ''} {_lower_first(p)}".strip()
                for i, p in enumerate(points)
            )
            lines.append(M.BODY_CONTENT_MANY.format(points=items))
    if event.note:
        lines.append(_sentence(event.note))
    lines.append(M.BODY_APPEAL)
    if event.contact:
        lines.append(M.BODY_CONTACT.format(contact=event.contact.rstrip(".")))
    return "\n".join(lines)


def build_script(station: Station, event: Event | None = None, text: str | None = None, organiser: str = "") -> Script:
    """The script for an event, or for a free-text notice (`text`)."""
    if text is not None:
        body = "\n".join(
            _sentence(line) for line in check_text(text, event_msg.FREE_TEXT).strip().splitlines() if line.strip()
        )
    elif event is not None:
        body = event_body(event)
        organiser = organiser or event.organiser
    else:
        raise BroadcastError(event_msg.NOTHING_TO_ANNOUNCE)
    return Script(opening=opening(station, organiser), body=body, closing=closing(station, organiser))
