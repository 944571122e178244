"""`doithoai questions`: the citizens' questions, requests and complaints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from doithoai import messages as msg
from pipeline.errors import BadInputError


def _open_lines(path: str):
    if path == "-":
        return sys.stdin
    p = Path(path)
    if not p.is_file():
        raise BadInputError(msg.input_not_found(p))
    try:
        return p.read_text(encoding="utf-8").splitlines()  # classify_lines drops a BOM (files and stdin)
    except UnicodeDecodeError:
        raise BadInputError(msg.input_not_utf8(p)) from None


@click.command(name="questions")
@click.argument("transcript", required=False, metavar="TRANSCRIPT.json")
@click.option("--meeting", "meeting_file", type=click.Path(dir_okay=False), help="Tệp cuộc họp (TOML): cán bộ, thôn, định tuyến.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Ghi ra .json, .csv hoặc .xlsx (với --from-text: .jsonl) (mặc định: JSON ra màn hình).")
@click.option("--from-text", "from_text", metavar="FILE.jsonl", help="Mỗi dòng {\"text\": …} là ý kiến của một người dân; '-' đọc từ stdin.")
@click.option("--lexicon", "lexicon_dir", type=click.Path(file_okay=False), help="Thư mục từ điển của xã (thay/bổ sung minutes/data).")
def command(transcript: str | None, meeting_file: str | None, output: str | None, from_text: str | None, lexicon_dir: str | None) -> None:
    """Trích xuất câu hỏi, kiến nghị, phản ánh của người dân.

    \b
    doithoai questions ban-ghi.json --meeting cuoc-hop.toml -o y-kien.xlsx
    doithoai questions --from-text y-kien.jsonl
    """
    from minutes.meeting import load_meeting
    from doithoai.services import items as svc

    meeting = load_meeting(meeting_file) if meeting_file else None
    if from_text is not None:
        if transcript:
            raise BadInputError(msg.TWO_INPUTS)
        results = svc.classify_lines(_open_lines(from_text), meeting, lexicon_dir)
        if output:
            click.echo(msg.lines_written(svc.export_lines(results, output), output), err=True)
            return
        for r in results:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if not transcript:
        raise BadInputError(msg.MISSING_INPUT)
    from minutes.items import items_to_json
    from pipeline.transcript import load_transcript

    items = svc.extract_items(load_transcript(transcript), meeting, lexicon_dir)
    if output:
        svc.export_items(items, output)
        answered = sum(1 for i in items if i.answered)
        click.echo(msg.items_written(len(items), answered, output), err=True)
    else:
        click.echo(items_to_json(items), nl=False)
