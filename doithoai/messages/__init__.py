"""User-facing text of the application: one module per area.

The CLI-wide names are re-exported here with the speech engine's
(`from doithoai import messages as msg; msg.NAME`); web areas are imported
by module (`from doithoai.messages import review as msg`).
"""

from __future__ import annotations

# Every public name is re-exported (and so "unused" here).
# ruff: noqa: F401, F403
from pipeline.messages import *
from doithoai.messages.documents import (
    BAO_CAO,
    BIEN_BAN,
    EXPORT_COLUMNS,
    EXPORT_NO,
    EXPORT_SHEET_TITLE,
    EXPORT_YES,
    MISSING_INPUT,
    OUTPUT_LABELS,
    PDF_NO_FILE,
    PDF_NO_LIBREOFFICE,
    TWO_INPUTS,
    document_made,
    dropped_duplicate,
    input_not_found,
    input_not_utf8,
    items_written,
    line_not_json,
    line_without_text,
    lines_written,
    note,
    output_is_folder,
    output_unwritable,
    output_wrong_suffix,
    pdf_exported,
    pdf_failed,
    processed,
    unsupported_export,
    unsupported_lines_export,
)
