"""`doithoai restore`: put a backup of `doithoai backup` back (all or nothing)."""

from __future__ import annotations

from pathlib import Path

import click

from doithoai.commands.options import DATA_OPTION
from doithoai.messages import admin as msg
from doithoai.messages import cli as help_msg
from doithoai.services.backup import restore_backup
from doithoai.settings import load_settings


@click.command("restore", help=msg.RESTORE_HELP)
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=help_msg.RESTORE_FORCE_HELP)
@DATA_OPTION
def command(archive: Path, force: bool, data_dir: str | None) -> None:
    settings = load_settings(data_dir)
    summary = restore_backup(settings, archive, force=force)
    click.echo(msg.restore_done(summary.rows, summary.tables, summary.files))
