"""`doithoai report`: draft báo cáo kết quả đối thoại (Mẫu 1.4) as DOCX."""

from __future__ import annotations

import click

from doithoai.commands.common import document_options, finish, output_path
from doithoai.messages import documents as msg
from doithoai.services import documents


@click.command("report")
@document_options("bao-cao.docx", msg.BAO_CAO)
def command(
    transcript: str, meeting: str, items: str | None, output: str | None, attendees: int | None, pdf: bool
) -> None:
    """Lập dự thảo báo cáo kết quả đối thoại từ bản ghi TRANSCRIPT.json."""
    out = output_path(transcript, output, "bao-cao.docx")
    result = documents.make_bao_cao(transcript, meeting, out, items, attendees=attendees)
    finish(msg.BAO_CAO, result, pdf)
