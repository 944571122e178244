"""`doithoai announce`: the loudspeaker notice as MP3 + WAV master, its script,
its broadcast plan (.ics) and an optional intelligibility check."""

from __future__ import annotations

from pathlib import Path

import click

from broadcast.messages import announce as M
from doithoai.messages import cli as help_msg
from doithoai.messages import voices as voice_msg
from doithoai.services import broadcast as service


def _split_list(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if value.strip().lower() in ("none", M.NONE_WORD, ""):
        return ()
    return tuple(v.strip() for v in value.split(",") if v.strip())


@click.command("announce")
@click.argument("event", required=False, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_OUTPUT_HELP)
@click.option("--dry-run", is_flag=True, help=help_msg.ANNOUNCE_DRY_RUN_HELP)
@click.option("--engine", "-e", help=help_msg.ANNOUNCE_ENGINE_HELP)
@click.option("--fallback", help=help_msg.ANNOUNCE_FALLBACK_HELP)
@click.option("--voice", help=voice_msg.ANNOUNCE_VOICE_HELP)
@click.option("--speed", type=click.FloatRange(0.5, 2.0), help=help_msg.ANNOUNCE_SPEED_HELP)
@click.option("--repeat", type=click.IntRange(1, 5), help=help_msg.ANNOUNCE_REPEAT_HELP)
@click.option("--lead-days", type=click.IntRange(0, 60), help=help_msg.ANNOUNCE_LEAD_DAYS_HELP)
@click.option("--force", is_flag=True, help=help_msg.ANNOUNCE_FORCE_HELP)
@click.option("--check", is_flag=True, help=help_msg.ANNOUNCE_CHECK_HELP)
@click.option("--script", "script_file", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_SCRIPT_HELP)
@click.option("--script-out", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_SCRIPT_OUT_HELP)
@click.option("--spoken-out", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_SPOKEN_OUT_HELP)
@click.option("--text", help=help_msg.ANNOUNCE_TEXT_HELP)
@click.option("--text-file", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_TEXT_FILE_HELP)
@click.option("--ics", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_ICS_HELP)
@click.option("--cache-dir", type=click.Path(path_type=Path), help=help_msg.ANNOUNCE_CACHE_DIR_HELP)
@click.option("--organiser", help=help_msg.ANNOUNCE_ORGANISER_HELP)
@click.option("--title", help=help_msg.ANNOUNCE_TITLE_HELP)
@click.option("--date", "event_date", help=help_msg.ANNOUNCE_DATE_HELP)
@click.option("--time", "event_time", help=help_msg.ANNOUNCE_TIME_HELP)
@click.option("--venue", help=help_msg.ANNOUNCE_VENUE_HELP)
@click.option("--audience", multiple=True, help=help_msg.ANNOUNCE_AUDIENCE_HELP)
@click.option("--content", multiple=True, help=help_msg.ANNOUNCE_CONTENT_HELP)
@click.option("--contact", help=help_msg.ANNOUNCE_CONTACT_HELP)
@click.option("--station", help=help_msg.ANNOUNCE_STATION_HELP)
@click.option("--slot", multiple=True, help=help_msg.ANNOUNCE_SLOT_HELP)
@click.option("--broadcast-date", multiple=True, help=help_msg.ANNOUNCE_BROADCAST_DATE_HELP)
@click.option("--days-before", type=click.IntRange(1, 60), help=help_msg.ANNOUNCE_DAYS_BEFORE_HELP)
def command(
    event: Path | None,
    output: Path | None,
    dry_run: bool,
    engine: str | None,
    fallback: str | None,
    voice: str | None,
    speed: float | None,
    repeat: int | None,
    lead_days: int | None,
    force: bool,
    check: bool,
    script_file: Path | None,
    script_out: Path | None,
    spoken_out: Path | None,
    text: str | None,
    text_file: Path | None,
    ics: Path | None,
    cache_dir: Path | None,
    organiser: str | None,
    title: str | None,
    event_date: str | None,
    event_time: str | None,
    venue: str | None,
    audience: tuple[str, ...],
    content: tuple[str, ...],
    contact: str | None,
    station: str | None,
    slot: tuple[str, ...],
    broadcast_date: tuple[str, ...],
    days_before: int | None,
) -> None:
    """Tạo thông báo truyền thanh từ tệp sự kiện EVENT.toml (hoặc các tùy chọn)."""
    flags = service.EventFlags(
        organiser=organiser,
        title=title,
        date=event_date,
        time=event_time,
        venue=venue,
        audience=audience,
        content=content,
        contact=contact,
        station=station,
        slots=slot,
        broadcast_dates=broadcast_date,
        days_before=days_before,
        lead_days=lead_days,
        repeat=repeat,
        speed=speed,
        engine=engine,
        fallback=_split_list(fallback),
        voice=voice,
    )
    req = service.AnnounceRequest(
        output=output,
        event_file=event,
        flags=flags,
        text=text,
        text_file=text_file,
        script_file=script_file,
        script_out=script_out,
        spoken_out=spoken_out,
        ics=ics,
        force=force,
        check=check,
        cache_dir=cache_dir,
    )
    req = service.read_inputs(req)  # the files are read here: the service works on the typed event and texts
    if dry_run:
        prepared = service.preview(req)
        for warning in prepared.warnings:
            click.echo(warning, err=True)
        click.echo("\n\n".join(prepared.spoken))
        click.echo()
        click.echo(prepared.plan.describe())
        return
    result = service.announce(req, progress=lambda m: click.echo(m, err=True))
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(M.made_audio(result.mp3, result.wav, result.duration, result.loudness, result.true_peak, result.engine))
    for path, what in ((script_out, M.WHAT_SCRIPT), (spoken_out, M.WHAT_SPOKEN), (ics, M.WHAT_ICS)):
        if path:
            click.echo(M.wrote(path, what))
    click.echo(result.plan.describe())
    if result.check:
        c = result.check
        click.echo(M.check_report(c.wer, c.reference_words, c.errors, c.key_errors))
        click.echo(voice_msg.check_model(c.model))
    if result.check_error:
        click.echo(M.check_failed(result.check_error), err=True)
        click.get_current_context().exit(2)
