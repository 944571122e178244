"""Broadcast plan: lead-time rule, automatic plans, .ics export read back."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.event import Event, PlanSpec
from broadcast.schedule import to_ics

EVENT = Event(
    organiser="Ủy ban nhân dân xã Tân Lập",
    title="Họp dân bàn việc làm đường bê tông thôn Hạ; góp ý, đề xuất",
    date=dt.date(2025, 3, 14),
    start=dt.time(14, 0),
    venue="Nhà văn hóa thôn Hạ",
)
SLOTS = (dt.time(5, 45), dt.time(17, 30))
NOW = dt.datetime(2025, 1, 2, 9, 0)  # plans are made well before the event unless a test says otherwise


def make_plan(spec, event, now=NOW):
    from broadcast.schedule import make_plan as make

    return make(spec, event, now=now)


def test_exactly_the_lead_time_is_allowed():
    plan = make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 11),), lead_days=3), EVENT)
    assert plan.days_ahead == 3
    assert plan.check_lead_time() is plan and plan.warnings == []


def test_one_day_short_is_a_lead_time_error_with_exit_3():
    plan = make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 12), dt.date(2025, 3, 13)), lead_days=3), EVENT)
    with pytest.raises(LeadTimeError) as exc:
        plan.check_lead_time()
    assert exc.value.exit_code == 3
    message = str(exc.value)
    assert "2 ngày" in message and "3 ngày" in message and "--force" in message
    assert "12/03/2025" in message and "14/03/2025" in message


def test_force_turns_the_violation_into_a_warning():
    plan = make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 13),), lead_days=3), EVENT).check_lead_time(
        force=True
    )
    assert len(plan.warnings) == 1 and "--force" in plan.warnings[0]


def test_seven_day_rule_is_a_setting():
    spec = PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 8),), lead_days=7)
    with pytest.raises(LeadTimeError):
        make_plan(spec, EVENT).check_lead_time()
    make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 7),), lead_days=7), EVENT).check_lead_time()


def test_automatic_plan_covers_each_day_before_the_event():
    plan = make_plan(PlanSpec(slots=SLOTS, days_before=4, lead_days=3), EVENT)
    days = sorted({b.date() for b in plan.broadcasts})
    assert days == [dt.date(2025, 3, d) for d in (10, 11, 12, 13)]
    assert len(plan.broadcasts) == 8
    assert plan.broadcasts[0] == dt.datetime(2025, 3, 10, 5, 45)
    assert plan.broadcasts == tuple(sorted(plan.broadcasts))


def test_default_automatic_plan_starts_exactly_at_the_lead_time():
    plan = make_plan(PlanSpec(slots=SLOTS, lead_days=5), EVENT)
    assert plan.days_ahead == 5
    plan.check_lead_time()


def test_too_short_automatic_plan_violates_the_rule():
    with pytest.raises(LeadTimeError):
        make_plan(PlanSpec(slots=SLOTS, days_before=2, lead_days=3), EVENT).check_lead_time()


def test_a_broadcast_after_the_event_starts_is_bad_input():
    with pytest.raises(BroadcastError) as exc:
        make_plan(PlanSpec(slots=(dt.time(15, 0),), dates=(dt.date(2025, 3, 14),), lead_days=0), EVENT)
    assert exc.value.exit_code == 2


def test_describe_lists_every_broadcast_with_its_weekday():
    text = make_plan(PlanSpec(slots=SLOTS, days_before=3, lead_days=3), EVENT).describe()
    assert "05:45 thứ Ba 11/03/2025" in text and "17:30 thứ Năm 13/03/2025" in text
    assert text.count("\n") == 6


def _unfold(ics: str) -> list[str]:
    assert "\n" not in ics.replace("\r\n", "")  # CRLF only
    return ics.replace("\r\n ", "").split("\r\n")


def _unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def test_ics_is_valid_and_times_are_local():
    plan = make_plan(PlanSpec(slots=SLOTS, days_before=2, lead_days=2), EVENT)
    ics = to_ics(
        plan,
        EVENT.title,
        "Đài truyền thanh xã Tân Lập",
        "thong-bao.mp3",
        duration=125.0,
        now=dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.timezone.utc),
    )
    for physical in ics.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")  # no character split by folding
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 4
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and ":" in line and not line.startswith(("BEGIN:VALARM", "END:VALARM")):
            name, value = line.split(":", 1)
            current.setdefault(name, value)
    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    starts = [
        dt.datetime.strptime(e["DTSTART;TZID=Asia/Ho_Chi_Minh"], "%Y%m%dT%H%M%S").replace(tzinfo=tz) for e in events
    ]
    assert [s.astimezone(dt.timezone.utc).strftime("%d %H:%M") for s in starts] == [
        "11 22:45",
        "12 10:30",
        "12 22:45",
        "13 10:30",
    ]
    ends = [dt.datetime.strptime(e["DTEND;TZID=Asia/Ho_Chi_Minh"], "%Y%m%dT%H%M%S").replace(tzinfo=tz) for e in events]
    assert all((e - s) == dt.timedelta(minutes=3) for s, e in zip(starts, ends))  # 125 s rounds up to 3 min
    assert len({e["UID"] for e in events}) == 4
    assert all(e["DTSTAMP"] == "20250301T080000Z" for e in events)
    # the title's ';' and ',' are escaped and come back intact
    assert _unescape(events[0]["SUMMARY"]).startswith("Phát thông báo: " + EVENT.title)
    assert "\\;" in events[0]["SUMMARY"] and "\\," in events[0]["SUMMARY"]


def test_ics_without_a_plan_is_an_error():
    with pytest.raises(BroadcastError):
        to_ics(make_plan(PlanSpec(), None), "x")


def test_past_broadcasts_are_dropped_and_the_rest_checked():
    spec = PlanSpec(slots=SLOTS, days_before=5, lead_days=3)
    on_time = make_plan(spec, EVENT, now=dt.datetime(2025, 3, 10, 12, 0))  # 9/3 and the morning of 10/3 are past
    assert on_time.broadcasts[0] == dt.datetime(2025, 3, 10, 17, 30)
    assert len(on_time.broadcasts) == 7 and "3 buổi phát" in on_time.warnings[0]
    on_time.check_lead_time()  # 10/3 is still 4 days before 14/3
    late = make_plan(spec, EVENT, now=dt.datetime(2025, 3, 12, 6, 0))  # the operator starts late
    with pytest.raises(LeadTimeError, match="2 ngày"):
        late.check_lead_time()


def test_every_broadcast_past_before_the_event_is_a_lead_time_error():
    plan = make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 1),)), EVENT, now=dt.datetime(2025, 3, 13, 9, 0))
    assert plan.broadcasts == ()
    with pytest.raises(LeadTimeError, match="đã qua"):
        plan.check_lead_time()
    assert "--force" not in plan.check_lead_time(force=True).describe()


def test_a_past_event_keeps_its_plan_with_a_note():
    plan = make_plan(PlanSpec(slots=SLOTS, dates=(dt.date(2025, 3, 10),)), EVENT, now=dt.datetime(2026, 1, 1))
    assert len(plan.broadcasts) == 2 and "đã diễn ra" in plan.warnings[0]
