"""Values typed into web forms, read the same way on every page."""

from __future__ import annotations

import datetime as dt

from pipeline.errors import UserError

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # the date picker's value, or a date typed the Vietnamese way


def form_date(value: str | dt.date | None, error: str) -> dt.date | None:
    """A date from a form field ("" → None); anything else is UserError(error)."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise UserError(error)
