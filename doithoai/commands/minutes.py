"""`doithoai minutes`: draft biên bản (Mẫu 1.9, Nghị định 30/2020) as DOCX."""

from __future__ import annotations

import click

from doithoai.commands.common import document_options, finish, output_path
from doithoai.messages import cli as help_msg
from doithoai.messages import documents as msg
from doithoai.services import documents


@click.command("minutes")
@document_options("bien-ban.docx", msg.BIEN_BAN)
@click.option("--no-appendix", is_flag=True, help=help_msg.MINUTES_NO_APPENDIX_HELP)
def command(
    transcript: str,
    meeting: str,
    items: str | None,
    output: str | None,
    attendees: int | None,
    pdf: bool,
    no_appendix: bool,
) -> None:
    """Lập dự thảo biên bản hội nghị đối thoại từ bản ghi TRANSCRIPT.json."""
    out = output_path(transcript, output, "bien-ban.docx")
    result = documents.make_bien_ban(transcript, meeting, out, items, attendees=attendees, appendix=not no_appendix)
    finish(msg.BIEN_BAN, result, pdf)
