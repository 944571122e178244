"""The broadcast plan: when the notice goes on air, the lead-time rule, .ics export.

Lead time is counted in calendar days between the first broadcast and the
event day, as the commune plan words it ("chậm nhất 03 ngày trước ngày tiếp
xúc, đối thoại"): a first broadcast on the 17th for an event on the 20th is
3 days. All times are local (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.event import Event, PlanSpec
from broadcast.messages import notice as notice_msg
from broadcast.messages import schedule as M

TZID = "Asia/Ho_Chi_Minh"
UTC_OFFSET = dt.timedelta(hours=7)


@dataclass(frozen=True)
class Plan:
    broadcasts: tuple[dt.datetime, ...]  # local, naive, sorted
    lead_days: int
    event_at: dt.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    all_past: bool = False  # every planned broadcast has passed, the event has not
    dropped: tuple[dt.datetime, ...] = ()  # planned broadcasts already past

    @property
    def first(self) -> dt.datetime | None:
        return self.broadcasts[0] if self.broadcasts else None

    @property
    def days_ahead(self) -> int | None:
        """Calendar days between the first broadcast and the event day."""
        if self.first is None or self.event_at is None:
            return None
        return (self.event_at.date() - self.first.date()).days

    def check_lead_time(self, force: bool = False) -> Plan:
        """LeadTimeError (exit 3) if the first broadcast is too late; with
        `force` a warning instead."""
        if self.all_past:
            if not force:
                raise LeadTimeError(M.NO_BROADCAST_LEFT)
            self.warnings.append(M.lead_time_forced(0, self.lead_days))
            return self
        days = self.days_ahead
        if days is None or days >= self.lead_days:
            return self
        if not force:
            dropped = [M.broadcasts_past(len(self.dropped), _fmt(self.dropped[-1]))] if self.dropped else []
            # what was dropped as past explains why the first broadcast is so late
            raise LeadTimeError(
                "\n".join(
                    [*dropped, M.lead_time_violation(_fmt(self.first), _fmt(self.event_at), days, self.lead_days)]
                )
            )
        self.warnings.append(M.lead_time_forced(days, self.lead_days))
        return self

    def describe(self) -> str:
        """The plan as printed for the operator."""
        if not self.broadcasts:
            return M.PLAN_EMPTY
        head = f"{M.PLAN_TITLE}"
        if self.event_at is not None:
            head += M.PLAN_EVENT.format(event=_fmt(self.event_at), lead=self.lead_days)
        lines = [head + ":"]
        for i, at in enumerate(self.broadcasts, 1):
            ahead = M.PLAN_AHEAD.format(days=(self.event_at.date() - at.date()).days) if self.event_at else ""
            lines.append(f"  {i:2d}. {_fmt(at)}{ahead}")
        return "\n".join(lines)


def _fmt(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    return f"{at:%H:%M} {notice_msg.WEEKDAYS[at.weekday()]} {at:%d/%m/%Y}"


def local_now() -> dt.datetime:
    """Now in Vietnam (UTC+7 all year), naive like the plan's times."""
    return (dt.datetime.now(dt.UTC) + UTC_OFFSET).replace(tzinfo=None)


def make_plan(spec: PlanSpec, event: Event | None = None, now: dt.datetime | None = None) -> Plan:
    """Explicit dates × slots, or every day from `days_before` days before the
    event to the day before it. Without either, an event gets the automatic
    plan starting exactly `lead_days` before it.

    For an event still ahead, broadcasts already past are dropped with a
    warning, so the lead time is checked on what can still go on air (an
    operator who starts late is told so). A past event keeps its plan as
    written (re-rendering an old notice)."""
    event_at = event.start_at if event else None
    if spec.dates:
        times = {dt.datetime.combine(d, s) for d in spec.dates for s in spec.slots}
    elif event is not None:
        n = spec.days_before if spec.days_before is not None else max(spec.lead_days, 1)
        days = [event.date - dt.timedelta(days=k) for k in range(n, 0, -1)]
        times = {dt.datetime.combine(d, s) for d in days for s in spec.slots}
    elif spec.days_before is not None:
        raise BroadcastError(M.PLAN_NEEDS_EVENT)
    else:
        times = set()
    broadcasts = tuple(sorted(times))
    warnings: list[str] = []
    dropped: tuple[dt.datetime, ...] = ()
    if event_at is not None:
        late = [t for t in broadcasts if t >= event_at]
        if late:
            raise BroadcastError(M.broadcast_after_event(_fmt(late[0])))
        now = now or local_now()
        past = [t for t in broadcasts if t < now]
        if past and event_at > now:
            warnings.append(M.broadcasts_past(len(past), _fmt(past[-1])))
            broadcasts, dropped = tuple(t for t in broadcasts if t >= now), tuple(past)
        elif event_at <= now:
            warnings.append(M.event_past(_fmt(event_at)))
    return Plan(
        broadcasts=broadcasts,
        lead_days=spec.lead_days,
        event_at=event_at,
        warnings=warnings,
        all_past=bool(times) and not broadcasts,
        dropped=dropped,
    )


# --- iCalendar (RFC 5545), written by hand: no dependency for 40 lines ----------------------
def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF + one space, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with the space
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _local(at: dt.datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%S")


def to_ics(
    plan: Plan,
    title: str,
    station: str = "",
    audio_name: str = "",
    duration: float = 180.0,
    now: dt.datetime | None = None,
) -> str:
    """The plan as an iCalendar file; each broadcast is an event in local time
    with a 10-minute reminder. `duration` is the audio length in seconds."""
    if not plan.broadcasts:
        raise BroadcastError(M.ICS_NO_PLAN)
    now = now or dt.datetime.now(dt.UTC)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    minutes = max(1, int(-(-duration // 60)))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//doithoai//announce//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(M.PLAN_TITLE + ': ' + title)}",
        f"X-WR-TIMEZONE:{TZID}",
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        "BEGIN:STANDARD",
        "DTSTART:19750613T000000",
        "TZOFFSETFROM:+0700",
        "TZOFFSETTO:+0700",
        "TZNAME:+07",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    for i, at in enumerate(plan.broadcasts, 1):
        uid = hashlib.sha256(f"{title}|{station}|{at.isoformat()}".encode()).hexdigest()[:24]
        summary = M.ICS_SUMMARY.format(title=title)
        description = M.ICS_DESCRIPTION.format(
            station=station or M.ICS_STATION_FALLBACK, when=_fmt(at), audio=audio_name or "-"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@doithoai",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{_local(at)}",
            f"DTEND;TZID={TZID}:{_local(at + dt.timedelta(minutes=minutes))}",
            f"SUMMARY:{_escape(f'{summary} ({i}/{len(plan.broadcasts)})')}",
            f"DESCRIPTION:{_escape(description)}",
        ]
        if station:
            lines.append(f"LOCATION:{_escape(station)}")
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            "TRIGGER:-PT10M",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
