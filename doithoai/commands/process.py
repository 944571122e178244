"""`doithoai process AUDIO --meeting FILE -o DIR`: the whole job in one go."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import documents as msg
from pipeline.progress import MODES, make_progress

LABELS = msg.OUTPUT_LABELS


@click.command("process")
@click.argument("audio", type=click.Path(path_type=Path))
@click.option("--meeting", "-m", required=True, type=click.Path(path_type=Path), help=help_msg.MEETING_HELP)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help=help_msg.OUT_DIR_HELP,
)
@click.option("--model", default=None, help=help_msg.PROCESS_MODEL_HELP)
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option(
    "--progress", "progress_mode", type=click.Choice(list(MODES)), default=None, help=help_msg.PROCESS_PROGRESS_HELP
)
def command(
    audio: Path, meeting: Path, out_dir: Path, model: str | None, device: str, progress_mode: str | None
) -> None:
    """Xử lý trọn một buổi đối thoại: gỡ băng AUDIO, trích xuất ý kiến của
    Nhân dân, lập dự thảo biên bản và báo cáo.

    Bị ngắt giữa chừng? Chạy lại đúng lệnh đó để làm tiếp.
    """
    from doithoai.services.process import process_recording  # lazy: imports faster-whisper; `--help` stays quick

    stream = sys.stdout if progress_mode == "json" else sys.stderr
    result = process_recording(
        audio, meeting, out_dir, model=model, device=device, progress=make_progress(progress_mode, stream)
    )
    for note in result.notes:
        click.echo(msg.note(note), err=True)
    t = result.transcription.transcript
    click.echo(msg.processed(t.source.name, t.duration / 60, len(t.segments), result.items))
    for key, path in result.outputs.items():
        click.echo(f"  {LABELS.get(key, key)}: {path}")
