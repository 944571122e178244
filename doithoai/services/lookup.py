"""The one way a service fetches a row by id: missing is NotFoundError (the
web answers 404, the CLI exits 2), with the message of the thing looked for."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session as DB

from doithoai.messages import meetings as meetings_msg
from doithoai.store.tables import MeetingRow
from pipeline.errors import NotFoundError

T = TypeVar("T")


def get_or_404(db: DB, table: type[T], row_id: int, message: str, *, meeting_id: int | None = None) -> T:
    """The row of `table` with `row_id`; with `meeting_id`, it must also
    belong to that meeting (an item id under another meeting's URL)."""
    row = db.get(table, row_id)
    if row is None or (meeting_id is not None and getattr(row, "meeting_id", None) != meeting_id):
        raise NotFoundError(message)
    return row


def get_meeting(db: DB, meeting_id: int) -> MeetingRow:
    return get_or_404(db, MeetingRow, meeting_id, meetings_msg.MEETING_NOT_FOUND)
