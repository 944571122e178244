"""`doithoai transcribe AUDIO`: gỡ băng ghi âm thành văn bản."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import recognition as msg
from pipeline.formats import FORMATS
from pipeline.progress import MODES, make_progress


@click.command("transcribe")
@click.argument("audio", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help=help_msg.OUT_DIR_HELP,
)
@click.option("--model", default=None, help=help_msg.TRANSCRIBE_MODEL_HELP)
@click.option("--meeting", type=click.Path(path_type=Path), default=None, help=help_msg.TRANSCRIBE_MEETING_HELP)
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True, help=help_msg.TRANSCRIBE_FORMAT_HELP)
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
@click.option(
    "--progress", "progress_mode", type=click.Choice(list(MODES)), default=None, help=help_msg.TRANSCRIBE_PROGRESS_HELP
)
@click.option("--speakers", default=None, metavar="N|auto", help=help_msg.TRANSCRIBE_SPEAKERS_HELP)
@click.option(
    "--review-threshold", "review", type=float, default=None, metavar="0..1", help=help_msg.TRANSCRIBE_REVIEW_HELP
)
def command(
    audio: Path,
    out_dir: Path,
    model: str | None,
    meeting: Path | None,
    formats: str,
    device: str,
    progress_mode: str | None,
    speakers: str | None,
    review: float | None,
) -> None:
    """Gỡ băng ghi âm AUDIO thành văn bản (JSON, SRT, VTT, TXT).

    Bị ngắt giữa chừng (Ctrl-C, mất điện)? Chạy lại đúng lệnh đó: công việc
    tiếp tục từ chỗ đã dừng.
    """
    from doithoai.services.recognition import transcribe_file  # lazy: imports faster-whisper; `--help` stays quick

    stream = sys.stdout if progress_mode == "json" else sys.stderr
    result = transcribe_file(
        audio,
        out_dir,
        model=model,
        meeting=meeting,
        formats=formats,
        device=device,
        progress=make_progress(progress_mode, stream),
        speakers=speakers,
        review=review,
    )
    if result.resumed_from > 0:
        click.echo(msg.resumed_from(result.resumed_from), err=True)
    t = result.transcript
    click.echo(msg.transcribed(t.source.name, len(t.segments), t.duration / 60, result.elapsed), err=True)
    for path in result.outputs.values():
        click.echo(f"  {path}", err=True)
