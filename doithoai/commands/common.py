"""Options and output shared by several commands (click only; the work is
in doithoai.services)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import documents as msg
from doithoai.services import documents


def document_options(default_name: str, what: str) -> Callable:
    """The arguments and options both document commands (minutes, report) take."""

    def decorate(func: Callable) -> Callable:
        for option in reversed(
            [
                click.argument("transcript", type=click.Path(path_type=str)),
                click.option(
                    "--meeting",
                    "-m",
                    "meeting",
                    required=True,
                    type=click.Path(path_type=str),
                    help=help_msg.MEETING_HELP,
                ),
                click.option("--items", "items", type=click.Path(path_type=str), help=help_msg.ITEMS_HELP),
                click.option(
                    "--output",
                    "-o",
                    type=click.Path(path_type=str),
                    help=help_msg.document_output_help(what, default_name),
                ),
                click.option("--attendees", type=click.IntRange(min=0), help=help_msg.ATTENDEES_HELP),
                click.option("--pdf", is_flag=True, help=help_msg.PDF_HELP),
            ]
        ):
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
