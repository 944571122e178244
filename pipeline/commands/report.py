"""`doithoai report`: draft báo cáo kết quả đối thoại (Mẫu 1.4) as DOCX."""

from __future__ import annotations

import click

from pipeline.commands.minutes import default_output, echo_result
from pipeline.services import documents


@click.command("report")
@click.argument("transcript", type=click.Path(path_type=str))
@click.option("--meeting", "-m", "meeting", required=True, type=click.Path(path_type=str),
              help="Tệp cuộc họp (TOML), ví dụ samples/binh-thanh.toml.")
@click.option("--items", "items", type=click.Path(path_type=str),
              help="Tệp ý kiến đã rà soát (JSON); ý kiến đã sửa thay cho ý kiến trích tự động.")
@click.option("--output", "-o", type=click.Path(path_type=str),
              help="Tệp báo cáo .docx (mặc định: bao-cao.docx cạnh tệp bản ghi).")
@click.option("--attendees", type=click.IntRange(min=0), help="Số người dân tham dự (thay cho meeting.attendees).")
@click.option("--pdf", is_flag=True, help="Xuất thêm tệp PDF (cần LibreOffice).")
def command(transcript: str, meeting: str, items: str | None, output: str | None, attendees: int | None,
            pdf: bool) -> None:
    """Lập dự thảo báo cáo kết quả đối thoại từ bản ghi TRANSCRIPT.json."""
    out = output or default_output(transcript, "bao-cao.docx")
    result = documents.make_bao_cao(transcript, meeting, out, items, attendees=attendees)
    echo_result("báo cáo", result)
    if pdf:
        click.echo(f"Đã xuất PDF: {documents.export_pdf(result.path)}")
