"""Options several commands share, kept apart from `common` (which imports
the document services, spaCy with them) so `serve`, `users`, `backup` and
`restore` start without loading them."""

from __future__ import annotations

import click

from doithoai.messages import cli as help_msg

DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False), default=None, help=help_msg.DATA_HELP
)
