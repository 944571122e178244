"""Spreadsheet exports never carry a formula from user text (OWASP "CSV
injection"): item text comes from speech recognition, typing or an imported
transcript, and `=HYPERLINK(…)` or `@SUM(…)` would run when the file is
opened. Every CSV and XLSX writer goes through these helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# What Excel, LibreOffice and Google Sheets read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_field(value: Any) -> Any:
    """A CSV field: text that would start a formula gets a leading '."""
    return "'" + value if risky(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_field(v) for v in values]


def xlsx_append(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every formula-like text kept as text: a
    string cell (openpyxl makes "=…" a formula) with Excel's quote prefix,
    so editing the cell does not turn it into one either."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if risky(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
