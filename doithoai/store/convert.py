"""Stored rows ↔ the domain objects of minutes/: an item row and
minutes.items.Item, a meeting row and minutes.meeting.Meeting (its config
column is the meeting file's TOML text). The one place that knows both
field lists."""

from __future__ import annotations

import functools
import tomllib
from typing import Any

from doithoai.messages import meetings as msg
from doithoai.store.tables import ItemRow, MeetingRow
from minutes.bienban import deadline_of
from minutes.errors import MinutesError
from minutes.items import Item
from minutes.meeting import Meeting, meeting_from_dict
from pipeline.errors import UserError

# Fields an item row shares with minutes.items.Item (the row's `key` is the item's id).
ITEM_FIELDS = (
    "kind",
    "text",
    "summary",
    "topic",
    "unit",
    "asker",
    "hamlet",
    "start",
    "end",
    "answered",
    "answer",
    "answer_start",
    "answer_end",
    "outside_content",
    "confidence",
    "evidence",
    "status",
    "deadline",
)
REVIEWED = ("accepted", "added")  # review states a person gave


def item_from_row(row: ItemRow, meeting: Meeting | None = None) -> Item:
    """A stored item as the minutes Item the documents and exports print; a
    rejected one is "tu_choi". With `meeting`, a missing deadline is filled
    in as the documents compute it."""
    values: dict[str, Any] = {name: getattr(row, name) for name in ITEM_FIELDS}
    values.update(
        summary=row.summary or "",
        unit=row.unit or "",
        evidence=[str(e) for e in row.evidence or []],
        status="tu_choi" if row.review == "rejected" else row.status,
    )
    item = Item(id=row.key, reviewed=row.review in REVIEWED, **values)
    if meeting is not None and item.deadline is None:
        item.deadline = deadline_of(item, meeting)
    return item


def item_row(item: Item, meeting_id: int, review: str = "auto") -> ItemRow:
    """A new row for an extracted item."""
    return ItemRow(
        meeting_id=meeting_id, key=item.id, review=review, **{name: getattr(item, name) for name in ITEM_FIELDS}
    )


def parse_meeting_config(text: str) -> tuple[dict[str, Any], Meeting]:
    """Meeting-file TOML text → (raw dict, validated Meeting); any mistake is a UserError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(msg.bad_toml(exc)) from None
    return data, meeting_from_data(data)


def meeting_from_data(data: dict[str, Any]) -> Meeting:
    """A meeting file's parsed (or form-built) dict → validated Meeting."""
    extraction = data.get("extraction")
    if isinstance(extraction, dict) and "lexicon" in extraction:
        # A path on the server: set by whoever runs the server, not through a web form.
        raise UserError(msg.LEXICON_NOT_FROM_WEB)
    try:
        return meeting_from_dict(data)
    except MinutesError as exc:
        raise UserError(msg.meeting_invalid(str(exc))) from None


@functools.lru_cache(maxsize=128)
def meeting_file(config: str) -> Meeting:
    """The Meeting of a meeting file's text; a mistake is a UserError. Cached
    by text (Meeting is frozen): the follow-up and review pages read every
    listed meeting on every request."""
    return parse_meeting_config(config)[1]


def meeting_of(row: MeetingRow) -> Meeting:
    """The Meeting of a stored meeting (its config TOML)."""
    return meeting_file(row.config)
