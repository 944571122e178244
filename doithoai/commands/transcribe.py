"""`doithoai transcribe AUDIO`: gỡ băng ghi âm thành văn bản."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from doithoai import messages as msg
from pipeline.formats import FORMATS
from pipeline.progress import MODES, make_progress


@click.command("transcribe")
@click.argument("audio", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Thư mục ghi kết quả. / Output directory.")
@click.option("--model", default=None, help="Tên hoặc đường dẫn mô hình (mặc định whisper-base). / Model name or path.")
@click.option("--meeting", type=click.Path(path_type=Path), default=None,
              help="Tệp cuộc họp (TOML): tên người, thôn, thuật ngữ giúp nhận dạng đúng. / Meeting file.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Các định dạng, cách nhau bởi dấu phẩy: json,srt,vtt,txt. / Output formats.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option("--progress", "progress_mode", type=click.Choice(list(MODES)), default=None,
              help="bar (thanh tiến độ), json (cho ứng dụng web), none. Mặc định: bar nếu là terminal.")
@click.option("--engine", type=click.Choice(["whisper", "vietasr"]), default="whisper", show_default=True,
              help="Bộ nhận dạng. / Recognition engine.")
@click.option("--speakers", default=None, metavar="N|auto",
              help="Phân biệt người nói: auto hoặc số người (cần gói doithoai[speakers]). / Speaker diarization.")
def command(audio: Path, out_dir: Path, model: str | None, meeting: Path | None, formats: str, device: str,
            progress_mode: str | None, engine: str, speakers: str | None) -> None:
    """Gỡ băng ghi âm AUDIO thành văn bản (JSON, SRT, VTT, TXT).

    Bị ngắt giữa chừng (Ctrl-C, mất điện)? Chạy lại đúng lệnh đó: công việc
    tiếp tục từ chỗ đã dừng.
    """
    from doithoai.services.recognition import transcribe_file

    stream = sys.stdout if progress_mode == "json" else sys.stderr
    result = transcribe_file(audio, out_dir, model=model, meeting=meeting, formats=formats, device=device,
                             progress=make_progress(progress_mode, stream), engine=engine, speakers=speakers)
    if result.resumed_from > 0:
        click.echo(msg.resumed_from(result.resumed_from), err=True)
    t = result.transcript
    click.echo(msg.transcribed(t.source.name, len(t.segments), t.duration / 60, result.elapsed), err=True)
    for path in result.outputs.values():
        click.echo(f"  {path}", err=True)
