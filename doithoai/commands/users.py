"""`doithoai users`: accounts of the web app (the first admin is made here)."""

from __future__ import annotations

import sys

import click

from doithoai.commands.options import DATA_OPTION
from doithoai.messages import cli as help_msg
from doithoai.messages import web as msg
from doithoai.services import accounts
from doithoai.services.actors import ROLE_LABELS, ROLES
from doithoai.settings import load_settings
from doithoai.store.db import migrate, session_scope


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = click.prompt(msg.PASSWORD_PROMPT, hide_input=True)
    if click.prompt(msg.PASSWORD_AGAIN, hide_input=True) != first:
        raise click.ClickException(msg.PASSWORDS_DIFFER)
    return first


@click.group("users")
def command() -> None:
    """Tài khoản đăng nhập trang web (quản trị, thư ký, truyền thanh, cán bộ xử lý)."""


@command.command("add")
@click.argument("username")
@click.option("--role", "-r", type=click.Choice([str(r) for r in ROLES]), required=True, help=help_msg.USERS_ROLE_HELP)
@click.option("--name", "full_name", default="", help=help_msg.USERS_NAME_HELP)
@click.option("--unit", default="", help=help_msg.USERS_UNIT_HELP)
@click.option("--password-stdin", is_flag=True, help=help_msg.USERS_PASSWORD_STDIN_HELP)
@DATA_OPTION
def add_cmd(username: str, role: str, full_name: str, unit: str, password_stdin: bool, data_dir: str | None) -> None:
    """Tạo tài khoản, ví dụ: doithoai users add admin --role admin"""
    settings = load_settings(data_dir)
    settings.ensure_dirs()
    migrate(settings.database_url)
    password = _password(password_stdin)
    with session_scope(settings.database_url) as db:
        user = accounts.create_user(db, username, password, role, full_name, unit)
        name, label = user.username, ROLE_LABELS[user.role]
    click.echo(msg.user_created(name, label))


@command.command("list")
@DATA_OPTION
def list_cmd(data_dir: str | None) -> None:
    """Liệt kê tài khoản."""
    settings = load_settings(data_dir)
    migrate(settings.database_url)
    with session_scope(settings.database_url) as db:
        for u in accounts.list_users(db):
            state = "" if u.active else msg.ACCOUNT_LOCKED_MARK
            click.echo(f"{u.username:<20} {ROLE_LABELS[u.role]:<14} {u.full_name}{state}")


@command.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help=help_msg.USERS_PASSWORD_STDIN_HELP)
@DATA_OPTION
def passwd_cmd(username: str, password_stdin: bool, data_dir: str | None) -> None:
    """Đặt mật khẩu mới (đăng xuất mọi phiên của tài khoản đó)."""
    settings = load_settings(data_dir)
    migrate(settings.database_url)
    password = _password(password_stdin)
    with session_scope(settings.database_url) as db:
        accounts.set_password(db, accounts.get_user(db, username), password)
    click.echo(msg.password_changed(username))
