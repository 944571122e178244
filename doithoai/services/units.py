"""The units an officer's account can belong to: the routing units of every
preset of minutes/routing.py, the commune's own units (the [routing.overrides]
of its meeting files) and the units accounts already have. An officer sees
the items assigned to his unit, so the two must be spelled alike: the admin
page picks the unit from this list instead of typing it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from doithoai.messages import admin as msg
from doithoai.store.convert import meeting_of
from doithoai.store.tables import MeetingRow, UserRow
from minutes.routing import Router, presets
from pipeline.errors import UserError


def unit_choices(db: DB) -> list[str]:
    """Every unit to choose from, each once, in alphabetical order."""
    units: list[str] = []
    for preset in presets():
        router = Router(preset)
        units += [*router.topics.values(), *(rule.unit for rule in router.rules)]
    for row in db.scalars(select(MeetingRow)):
        try:
            units += list(meeting_of(row).routing_overrides.values())
        except UserError:  # a meeting file that no longer reads adds nothing
            continue
    units += [u for u in db.scalars(select(UserRow.unit).distinct()) if u]
    return sorted({" ".join(u.split()) for u in units if u and u.strip()}, key=str.casefold)


def checked_unit(db: DB, unit: str) -> str:
    """`unit` cleaned, when it is in the list (or empty: not an officer)."""
    unit = " ".join((unit or "").split())
    if unit and unit not in unit_choices(db):
        raise UserError(msg.UNIT_NOT_IN_LIST)
    return unit
