"""The results bulletin: the dialogue's results read on the loudspeakers.

The same facts as the posted notice, in the station's customary form
(opening "Đây là Đài truyền thanh xã …", "Xin thông báo lại", closing, as
broadcast/script.py builds any notice): what was held, who chaired, how many
came, how many opinions were raised, answered on the spot and referred, then
the answers grouped by hamlet so that listeners hear their own hamlet's
answers together, each hamlet named once as a heading. Long answers are cut
to a readable gist. The text keeps digits and abbreviations; the normaliser
turns them into words before synthesis, like every notice.

Plain typed input (`BulletinFacts`); the application converts its items.
`publish_plan` is the broadcast plan inside the publishing window (days after
the dialogue), `check_window` its rule (LeadTimeError, exit 3, unless forced).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.event import Station
from broadcast.messages import bulletin as B
from broadcast.messages import event as event_msg
from broadcast.messages import notice as M
from broadcast.script import MAX_CHARS, Script, closing, opening

SPOT, WRITTEN, OPEN = "tai_cho", "van_ban", "dang_giai_quyet"
GIST_WORDS = (30, 22, 15, 10)  # tried in turn until the longest reading fits MAX_CHARS


@dataclass(frozen=True)
class BulletinItem:
    """One accepted item as it is read out."""

    kind: str  # spoken label: "kiến nghị", "câu hỏi", "phản ánh"
    gist: str  # the citizen's point, reviewed wording
    state: str = OPEN  # SPOT (answered at the meeting), WRITTEN (answered in writing) or OPEN
    place: str = ""  # "thôn Phước Hòa", "Xóm Ba"; "" when not known
    asker: str = ""  # "" when names are not published or not known
    answer: str = ""
    unit: str = ""  # the unit that answers or handles it
    answered_on: dt.date | None = None  # the written answer's date
    deadline: dt.date | None = None  # still open: the written-answer deadline


@dataclass(frozen=True)
class BulletinFacts:
    organiser: str  # "Ủy ban nhân dân xã Bình Thanh"
    event: str  # "hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân …" (inside a sentence)
    date: dt.date
    start: dt.time
    venue: str
    chair: str = ""  # "Nguyễn Hồng Phước, Chủ tịch UBND xã"
    attendees: int | None = None
    items: tuple[BulletinItem, ...] = field(default_factory=tuple)


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text.rstrip(",;:") + "."


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[0].isupper() and not text[1].isupper() else text


def shorten(text: str, max_words: int) -> str:
    """A readable gist of at most `max_words` words: whole sentences while
    they fit, else the first sentence cut at a comma or a word that does not
    leave the phrase hanging. Always ends with a full stop."""
    text = " ".join(text.split())
    if len(text.split()) <= max_words:
        return _sentence(text)
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        if len(" ".join(kept + [sentence]).split()) > max_words:
            break
        kept.append(sentence)
    if kept:
        return _sentence(" ".join(kept))
    words = text.split()[:max_words]
    head = " ".join(words)
    comma = head.rfind(",")
    if comma > len(head) // 2:
        return _sentence(head[:comma])
    while len(words) > max_words // 2 and words[-1].strip(",;:").lower() in B.GIST_DANGLING_WORDS:
        words.pop()
    return _sentence(" ".join(words))


def when_phrase(start: dt.time, day: dt.date) -> str:
    """'8 giờ 00 phút, ngày 20 tháng 9 năm 2024' (written; normalised later)."""
    return B.BULLETIN_WHEN.format(hour=start.hour, minute=start.minute, date=date_phrase(day))


def date_phrase(day: dt.date) -> str:
    return B.BULLETIN_DATE.format(day=day.day, month=day.month, year=day.year)


def _answer(item: BulletinItem, max_words: int) -> str:
    if item.state == SPOT:
        if not item.answer.strip():
            return B.BULLETIN_ANSWER_SPOT_NO_TEXT
        return B.BULLETIN_ANSWER_SPOT.format(answer=shorten(item.answer, max_words))
    if item.state == WRITTEN:
        unit = item.unit or B.BULLETIN_WRITTEN_BY_DEFAULT
        date = f" {date_phrase(item.answered_on)}" if item.answered_on else ""
        if item.answer.strip():
            return B.BULLETIN_ANSWER_WRITTEN.format(unit=unit, date=date, answer=shorten(item.answer, max_words))
        return B.BULLETIN_ANSWER_WRITTEN_NO_TEXT.format(unit=unit, date=date)
    unit = f"{item.unit} " if item.unit else ""
    if item.deadline:
        return B.BULLETIN_ANSWER_OPEN.format(unit=unit, deadline=date_phrase(item.deadline))
    return B.BULLETIN_ANSWER_OPEN_NO_DEADLINE.format(unit=unit)


def _venue(venue: str) -> str:
    venue = venue.strip().rstrip(".")
    return venue[len(B.BULLETIN_AT) :] if venue.lower().startswith(B.BULLETIN_AT) else venue


def heading(place: str) -> str:
    """The hamlet as a heading line: "Thôn Phước Hòa."."""
    return _sentence(place) if place else B.BULLETIN_OTHERS_HEADING


def by_place(items: tuple[BulletinItem, ...]) -> list[tuple[str, list[BulletinItem]]]:
    """Items grouped by hamlet, hamlets in order of first appearance, unknown last."""
    groups: dict[str, list[BulletinItem]] = {}
    keys: dict[str, str] = {}
    for item in items:
        key = " ".join(item.place.split()).casefold()
        keys.setdefault(key, " ".join(item.place.split()))
        groups.setdefault(key, []).append(item)
    order = [k for k in groups if k] + ([""] if "" in groups else [])
    return [(keys[k], groups[k]) for k in order]


def counts_lines(facts: BulletinFacts) -> list[str]:
    items = facts.items
    if not items:
        return [B.BULLETIN_COUNTS_NONE]
    spot = sum(1 for i in items if i.state == SPOT)
    referred = len(items) - spot
    if not referred:
        return [B.BULLETIN_COUNTS_ALL_SPOT.format(total=len(items))]
    lines = [B.BULLETIN_COUNTS.format(total=len(items), spot=spot, referred=referred)]
    written = sum(1 for i in items if i.state == WRITTEN)
    if written == referred:
        lines.append(B.BULLETIN_WRITTEN_ALL.format(answered=written))
    elif written:
        lines.append(B.BULLETIN_WRITTEN_SO_FAR.format(answered=written, open=referred - written))
    return lines


def bulletin_body(facts: BulletinFacts, max_words: int = GIST_WORDS[0]) -> str:
    lines = [
        B.BULLETIN_FACTS.format(
            organiser=facts.organiser,
            event=_lower_first(facts.event).rstrip("."),
            when=when_phrase(facts.start, facts.date),
            venue=_venue(facts.venue),
        )
    ]
    if facts.chair:
        lines.append(B.BULLETIN_CHAIR.format(chair=B.BULLETIN_CHAIR_NAME.format(name=facts.chair.rstrip("."))))
    if facts.attendees is not None:
        lines.append(B.BULLETIN_ATTENDEES.format(count=facts.attendees))
    lines += counts_lines(facts)
    if facts.items:
        lines.append(B.BULLETIN_LEAD_IN)
    for place, items in by_place(facts.items):
        lines.append(heading(place))
        for item in items:
            gist = _lower_first(shorten(item.gist, max_words))
            kind = _sentence(item.kind).rstrip(".")
            asked = (
                B.BULLETIN_ASKED_BY.format(kind=kind, asker=item.asker, gist=gist)
                if item.asker
                else B.BULLETIN_ASKED_ANON.format(kind=kind, gist=gist)
            )
            lines.append(f"{asked} {_answer(item, max_words)}")
    lines.append(B.BULLETIN_WHERE_TO_READ)
    return "\n".join(lines)


def build_bulletin(station: Station, facts: BulletinFacts) -> Script:
    """The bulletin as an editable notice script; gists get shorter until the
    longest reading fits a loudspeaker notice (BroadcastError if it never does)."""
    start = opening(station, facts.organiser)
    end = closing(station, facts.organiser)
    for words in GIST_WORDS:
        body = bulletin_body(facts, words)
        if len(start) + len(body) + len(end) + 2 <= MAX_CHARS:
            return Script(opening=start, body=body, closing=end)
    raise BroadcastError(M.too_long(event_msg.FREE_TEXT, len(start) + len(body) + len(end) + 2, MAX_CHARS))


# --- the broadcast plan inside the publishing window ----------------------------------------------
@dataclass
class PublishPlan:
    broadcasts: tuple[dt.datetime, ...]  # local, naive, sorted
    held_on: dt.date  # the dialogue
    deadline: dt.date  # last day to publish
    window_days: int
    warnings: list[str] = field(default_factory=list)

    @property
    def late(self) -> tuple[dt.datetime, ...]:
        return tuple(t for t in self.broadcasts if t.date() > self.deadline)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({t.date() for t in self.broadcasts}))

    @property
    def slots(self) -> tuple[dt.time, ...]:
        return tuple(sorted({t.time() for t in self.broadcasts}))

    def describe(self) -> str:
        lines = [B.bulletin_plan_header(_day(self.deadline), self.window_days)]
        for i, at in enumerate(self.broadcasts, 1):
            lines.append(f"  {i:2d}. {_fmt(at)}")
        return "\n".join(lines)


def _day(day: dt.date) -> str:
    return f"{M.WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def _fmt(at: dt.datetime) -> str:
    return f"{at:%H:%M} {_day(at.date())}"


def publish_plan(
    held_on: dt.date,
    held_until: dt.time,
    window_days: int,
    slots: tuple[dt.time, ...],
    dates: tuple[dt.date, ...] = (),
    days: int = 3,
    today: dt.date | None = None,
) -> PublishPlan:
    """Explicit `dates` × `slots`, or `days` consecutive days from the day after
    the dialogue (or tomorrow, if later), kept inside the window when they can be."""
    if not slots:
        raise BroadcastError(B.BULLETIN_NO_SLOTS)
    if not 1 <= days <= 10:
        raise BroadcastError(B.BULLETIN_BAD_DAYS)
    deadline = held_on + dt.timedelta(days=window_days)
    if not dates:
        first = max(held_on, today or held_on) + dt.timedelta(days=1)
        chosen = [first + dt.timedelta(days=k) for k in range(days)]
        dates = tuple(d for d in chosen if d <= deadline) or tuple(chosen)
    times = tuple(sorted({dt.datetime.combine(d, s) for d in dates for s in slots}))
    early = [t for t in times if t <= dt.datetime.combine(held_on, held_until)]
    if early:
        raise BroadcastError(B.broadcast_before_dialogue(_fmt(early[0])))
    return PublishPlan(times, held_on, deadline, window_days)


def check_window(plan: PublishPlan, force: bool = False) -> PublishPlan:
    """LeadTimeError (exit 3) when a broadcast falls after the publishing
    deadline; with `force` a warning instead."""
    late = plan.late
    if not late:
        return plan
    if not force:
        raise LeadTimeError(B.publish_window_missed(_fmt(late[-1]), _day(plan.deadline), plan.window_days))
    plan.warnings.append(B.publish_window_forced(_fmt(late[-1]), _day(plan.deadline)))
    return plan
