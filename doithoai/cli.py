"""The `doithoai` command line. Each sub-command lives in
`doithoai/commands/<name>.py` and exposes a click command named `command`
(or a group); this module only wires them and turns user errors into clear
messages and exit codes."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from doithoai import __version__
from doithoai.messages import cli as msg
from pipeline.errors import UserError

# Sub-command modules, in the order `doithoai --help` lists them.
COMMANDS = [
    "process",
    "transcribe",
    "questions",
    "minutes",
    "report",
    "publish",
    "announce",
    "speakers",
    "models",
    "serve",
    "worker",
    "users",
    "backup",
    "restore",
]


class LazyGroup(click.Group):
    """Imports a sub-command module only when that command runs, so that
    `doithoai models list` does not pay for importing faster-whisper."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _spec_exists(name)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _spec_exists(name):
            return None
        module = importlib.import_module(f"doithoai.commands.{name}")
        return module.command


def _spec_exists(name: str) -> bool:
    return importlib.util.find_spec(f"doithoai.commands.{name}") is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="doithoai")
def cli() -> None:
    """doithoai: đối thoại giữa Chủ tịch UBND xã với Nhân dân.

    Thông báo truyền thanh, gỡ băng ghi âm, trích xuất kiến nghị và lập biên bản.
    """


def _user_error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [UserError]
    for mod, name in (("minutes.errors", "MinutesError"), ("broadcast.errors", "BroadcastError")):
        try:
            types.append(getattr(importlib.import_module(mod), name))
        except (ImportError, AttributeError):
            pass
    return tuple(types)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI; user errors become a message and exit code."""
    try:
        rc = cli.main(args=argv, prog_name="doithoai", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(msg.ABORTED, err=True)
        return 130
    except click.exceptions.ClickException as exc:
        exc.show()
        return exc.exit_code
    except _user_error_types() as exc:
        click.echo(msg.error_line(exc), err=True)
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        click.echo(msg.INTERRUPTED, err=True)
        return 130
    except OSError as exc:  # a path the user gave that cannot be read or written
        click.echo(msg.error_line(msg.os_error(exc)), err=True)
        return 2
    return rc if isinstance(rc, int) else 0


if __name__ == "__main__":
    sys.exit(main())
