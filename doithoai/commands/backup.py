"""`doithoai backup`: the database and the data folder's files in one .tar.gz."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from doithoai.commands.options import DATA_OPTION
from doithoai.messages import admin as msg
from doithoai.messages import cli as help_msg
from doithoai.services.backup import create_backup
from doithoai.settings import load_settings


def _default_name() -> str:
    return f"doithoai-sao-luu-{dt.datetime.now():%Y%m%d-%H%M}.tar.gz"


@click.command("backup", help=msg.BACKUP_HELP)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_msg.BACKUP_OUTPUT_HELP
)
@DATA_OPTION
def command(output: Path | None, data_dir: str | None) -> None:
    settings = load_settings(data_dir)
    out = output or Path(_default_name())
    if not out.name.endswith((".tar.gz", ".tgz")):
        raise click.UsageError(msg.BACKUP_OUTPUT_IN_USE)

    def progress(line: str) -> None:
        click.echo(line, err=True, nl=False)

    summary = create_backup(settings, out, progress=progress)
    if summary.files:
        click.echo("", err=True)
    click.echo(msg.backup_done(str(out), summary.rows, summary.tables, summary.files, summary.size / 1e6))
