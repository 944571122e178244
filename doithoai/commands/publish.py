"""`doithoai publish`: the dialogue's results back to the people — the posted
notice (thong-bao-ket-qua.docx), the radio bulletin script and its MP3."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from broadcast.messages import announce as announce_msg
from doithoai.messages import cli as cli_msg
from doithoai.messages import documents as doc_msg
from doithoai.messages import publish as msg
from doithoai.services import publish as service
from doithoai.services import publish_input
from minutes.meeting import load_meeting
from pipeline.errors import BadInputError


def _read(path: Path) -> str:
    if not path.is_file():
        raise BadInputError(doc_msg.input_not_found(path))
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInputError(doc_msg.input_not_utf8(path)) from None


@click.command("publish", help=msg.PUBLISH_HELP)
@click.argument("items", type=click.Path(path_type=Path), metavar="ITEMS.json")
@click.option(
    "--meeting", "meeting_file", required=True, type=click.Path(path_type=Path), help=msg.PUBLISH_HELP_MEETING
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help=msg.PUBLISH_HELP_OUTPUT)
@click.option("--date", "notice_date", help=msg.PUBLISH_HELP_DATE)
@click.option("--attendees", type=click.IntRange(min=0), help=cli_msg.ATTENDEES_HELP)
@click.option("--slot", multiple=True, help=msg.PUBLISH_HELP_SLOT)
@click.option("--broadcast-date", multiple=True, help=msg.PUBLISH_HELP_DATES)
@click.option("--days", type=click.IntRange(1, 10), default=3, show_default=True, help=msg.PUBLISH_HELP_DAYS)
@click.option("--force", is_flag=True, help=msg.PUBLISH_HELP_FORCE)
@click.option("--no-audio", is_flag=True, help=msg.PUBLISH_HELP_NO_AUDIO)
@click.option("--engine", default="espeak-ng", show_default=True, help=msg.PUBLISH_HELP_ENGINE)
@click.option("--repeat", type=click.IntRange(1, 5), default=2, show_default=True, help=msg.PUBLISH_HELP_REPEAT)
@click.option("--station", help=msg.PUBLISH_HELP_STATION)
@click.option("--cache-dir", type=click.Path(path_type=Path), help=msg.PUBLISH_HELP_CACHE)
def command(
    items: Path,
    meeting_file: Path,
    output: Path,
    notice_date: str | None,
    attendees: int | None,
    slot: tuple[str, ...],
    broadcast_date: tuple[str, ...],
    days: int,
    force: bool,
    no_audio: bool,
    engine: str,
    repeat: int,
    station: str | None,
    cache_dir: Path | None,
) -> None:
    meeting = load_meeting(meeting_file)
    outcomes = publish_input.read_outcomes(_read(items))
    plan = publish_input.PlanRequest(
        slots=tuple(publish_input.parse_slot(s) for s in slot) or publish_input.DEFAULT_SLOTS,
        dates=tuple(publish_input.parse_day(d) for d in broadcast_date),
        days=days,
        force=force,
    )
    day = publish_input.parse_day(notice_date) if notice_date else dt.date.today()
    p = service.prepare(meeting, outcomes, date=day, plan=plan, attendees=attendees, station=station or "")
    if not no_audio:
        click.echo(announce_msg.rendering(engine, repeat), err=True)
    result = service.publish(p, output, audio=not no_audio, engine=engine, repeat=repeat, cache_dir=cache_dir)
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(msg.published_counts(len(p.shown), p.on_spot, len(p.shown) - p.on_spot))
    what = {service.DOCX_NAME: msg.WHAT_DOCX, service.SCRIPT_NAME: msg.WHAT_SCRIPT}
    for path in result.written:
        click.echo(msg.published_file(path, what.get(path.name, msg.WHAT_FILE)))
    if result.loudness is not None:
        click.echo(
            msg.bulletin_audio(result.duration or 0.0, result.loudness, result.target_lufs or 0.0, result.engine)
        )
    click.echo(p.plan.describe())
