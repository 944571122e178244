"""`doithoai minutes`: draft biên bản (Mẫu 1.9, Nghị định 30/2020) as DOCX."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.services import documents


def echo_result(kind: str, result: documents.DocumentResult) -> None:
    for note in result.notes:
        click.echo(f"Lưu ý: {note}", err=True)
    click.echo(
        f"Đã lập {kind}: {result.path} ({result.items} ý kiến: {result.on_spot} trả lời tại hội nghị, "
        f"{result.written} trả lời bằng văn bản)."
    )


def default_output(transcript: str, name: str) -> Path:
    return Path(transcript).with_name(name)


@click.command("minutes")
@click.argument("transcript", type=click.Path(path_type=str))
@click.option("--meeting", "-m", "meeting", required=True, type=click.Path(path_type=str),
              help="Tệp cuộc họp (TOML), ví dụ samples/binh-thanh.toml.")
@click.option("--items", "items", type=click.Path(path_type=str),
              help="Tệp ý kiến đã rà soát (JSON); ý kiến đã sửa thay cho ý kiến trích tự động.")
@click.option("--output", "-o", type=click.Path(path_type=str),
              help="Tệp biên bản .docx (mặc định: bien-ban.docx cạnh tệp bản ghi).")
@click.option("--attendees", type=click.IntRange(min=0), help="Số người dân tham dự (thay cho meeting.attendees).")
@click.option("--no-appendix", is_flag=True, help="Không kèm phụ lục (bảng ý kiến và bản ghi lời nói).")
@click.option("--pdf", is_flag=True, help="Xuất thêm tệp PDF (cần LibreOffice).")
def command(transcript: str, meeting: str, items: str | None, output: str | None, attendees: int | None,
            no_appendix: bool, pdf: bool) -> None:
    """Lập dự thảo biên bản hội nghị đối thoại từ bản ghi TRANSCRIPT.json."""
    out = output or default_output(transcript, "bien-ban.docx")
    result = documents.make_bien_ban(transcript, meeting, out, items, attendees=attendees, appendix=not no_appendix)
    echo_result("biên bản", result)
    if pdf:
        click.echo(f"Đã xuất PDF: {documents.export_pdf(result.path)}")
