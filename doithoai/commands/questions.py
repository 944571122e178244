"""`doithoai questions`: the citizens' questions, requests and complaints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import documents as msg
from doithoai.services import items as svc
from minutes.items import items_to_json
from minutes.meeting import load_meeting
from pipeline.errors import BadInputError
from pipeline.transcript import load_transcript


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
@click.option("--meeting", "meeting_file", type=click.Path(dir_okay=False), help=help_msg.QUESTIONS_MEETING_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=help_msg.QUESTIONS_OUTPUT_HELP)
@click.option("--from-text", "from_text", metavar="FILE.jsonl", help=help_msg.QUESTIONS_FROM_TEXT_HELP)
@click.option("--lexicon", "lexicon_dir", type=click.Path(file_okay=False), help=help_msg.QUESTIONS_LEXICON_HELP)
def command(
    transcript: str | None, meeting_file: str | None, output: str | None, from_text: str | None, lexicon_dir: str | None
) -> None:
    """Trích xuất câu hỏi, kiến nghị, phản ánh của người dân.

    \b
    doithoai questions ban-ghi.json --meeting cuoc-hop.toml -o y-kien.xlsx
    doithoai questions --from-text y-kien.jsonl
    """
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
    items = svc.extract_items(load_transcript(transcript), meeting, lexicon_dir)
    if output:
        svc.export_items(items, output)
        answered = sum(1 for i in items if i.answered)
        click.echo(msg.items_written(len(items), answered, output), err=True)
    else:
        click.echo(items_to_json(items), nl=False)
