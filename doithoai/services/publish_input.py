"""The typed input of `doithoai publish` and the web app's publish form: the
items file (with the follow-up's written answers) and the broadcast plan
(slots and dates as typed)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from doithoai.messages import publish as msg
from minutes.errors import MinutesError
from minutes.items import item_from_dict
from minutes.ketqua import Outcome
from pipeline.errors import BadInputError

DEFAULT_SLOTS = (dt.time(6, 0), dt.time(17, 0))


@dataclass
class PlanRequest:
    """When the bulletin goes on air: explicit dates × slots, or `days` days from the day after."""

    slots: tuple[dt.time, ...] = DEFAULT_SLOTS
    dates: tuple[dt.date, ...] = ()
    days: int = 3
    force: bool = False


def outcomes_from_json(data: Any) -> list[Outcome]:
    """The items file ({"items": [...]}, as `doithoai questions` and the review
    export write it); each item may also carry the written answer: "response"
    and "responded_at" (YYYY-MM-DD), as the follow-up records them."""
    raw = data.get("items") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise BadInputError(msg.ITEMS_NOT_A_LIST)
    out = []
    for i, d in enumerate(raw):
        where = f"items[{i}]"
        item = item_from_dict(d, where)
        response = d.get("response") or ""
        if not isinstance(response, str):
            raise BadInputError(msg.bad_response(where))
        day = d.get("responded_at")
        try:
            day = dt.date.fromisoformat(str(day)) if day else None
        except ValueError:
            raise BadInputError(msg.bad_response_date(where, day)) from None
        out.append(Outcome(item, response.strip(), day))
    return out


def read_outcomes(text: str) -> list[Outcome]:
    try:
        return outcomes_from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise BadInputError(msg.items_not_json(exc)) from None
    except MinutesError as exc:
        raise BadInputError(str(exc)) from None


def parse_slot(text: str) -> dt.time:
    """ "06:00", "6h", "17h30" → a time; BadInputError otherwise."""
    hour, _, minute = text.strip().lower().replace("h", ":").partition(":")
    try:
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        raise BadInputError(msg.bad_slot(text)) from None


def parse_day(text: str) -> dt.date:
    """ "2024-09-23" or "23/9/2024" → a date; BadInputError otherwise."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise BadInputError(msg.bad_broadcast_date(text))


def plan_from_text(slots: str, dates: str, force: bool = False, days: int = 3) -> PlanRequest:
    """A plan typed in a form: slots and dates separated by commas, spaces or new lines."""
    split = [t for t in slots.replace(";", ",").replace(",", " ").split() if t]
    day_texts = [t for t in dates.replace(";", ",").replace(",", " ").split() if t]
    return PlanRequest(
        slots=tuple(parse_slot(t) for t in split) or DEFAULT_SLOTS,
        dates=tuple(parse_day(t) for t in day_texts),
        days=days,
        force=force,
    )
