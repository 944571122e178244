"""`doithoai minutes`: draft biên bản (Mẫu 1.9, Nghị định 30/2020) as DOCX.

`document_options` and `finish` are shared with `doithoai report`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from doithoai import messages as msg
from doithoai.services import documents


def document_options(default_name: str, what: str) -> Callable:
    """The arguments and options both document commands take."""

    def decorate(func: Callable) -> Callable:
        for option in reversed([
            click.argument("transcript", type=click.Path(path_type=str)),
            click.option("--meeting", "-m", "meeting", required=True, type=click.Path(path_type=str),
                         help="Tệp cuộc họp (TOML), ví dụ samples/binh-thanh.toml."),
            click.option("--items", "items", type=click.Path(path_type=str),
                         help="Tệp ý kiến đã rà soát (JSON); ý kiến đã sửa thay cho ý kiến trích tự động."),
            click.option("--output", "-o", type=click.Path(path_type=str),
                         help=f"Tệp {what} .docx (mặc định: {default_name} cạnh tệp bản ghi)."),
            click.option("--attendees", type=click.IntRange(min=0),
                         help="Số người dân tham dự (thay cho meeting.attendees)."),
            click.option("--pdf", is_flag=True, help="Xuất thêm tệp PDF (cần LibreOffice)."),
        ]):
            func = option(func)
        return func

    return decorate


def output_path(transcript: str, output: str | None, default_name: str) -> Path:
    return Path(output) if output else Path(transcript).with_name(default_name)


def finish(what: str, result: documents.DocumentResult, pdf: bool) -> None:
    """Print notes and the result line; export the PDF when asked."""
    for note in result.notes:
        click.echo(msg.note(note), err=True)
    click.echo(msg.document_made(what, result.path, result.items, result.on_spot, result.written))
    if pdf:
        click.echo(msg.pdf_exported(documents.export_pdf(result.path)))


@click.command("minutes")
@document_options("bien-ban.docx", msg.BIEN_BAN)
@click.option("--no-appendix", is_flag=True, help="Không kèm phụ lục (bảng ý kiến và bản ghi lời nói).")
def command(transcript: str, meeting: str, items: str | None, output: str | None, attendees: int | None,
            pdf: bool, no_appendix: bool) -> None:
    """Lập dự thảo biên bản hội nghị đối thoại từ bản ghi TRANSCRIPT.json."""
    out = output_path(transcript, output, "bien-ban.docx")
    result = documents.make_bien_ban(transcript, meeting, out, items, attendees=attendees, appendix=not no_appendix)
    finish(msg.BIEN_BAN, result, pdf)
