"""`doithoai models`: list, add, check and set up the local ASR models."""

from __future__ import annotations

import click

from doithoai import messages as msg
from pipeline import model_registry as store
from pipeline.errors import ModelError


@click.group("models")
def command() -> None:
    """Quản lý mô hình nhận dạng giọng nói trên máy (không tải từ Internet)."""


def _status(ref: store.ModelRef) -> str:
    if ref.default:
        return msg.MODEL_READY if store.default_model_ready() else msg.MODEL_NOT_READY
    return msg.MODEL_ON_DISK if ref.present else msg.MODEL_FOLDER_MISSING


@command.command("list")
def list_cmd() -> None:
    """Liệt kê các mô hình: tên, trạng thái, thư mục."""
    refs = store.list_models()
    width = max(len(r.name) for r in refs)
    for ref in refs:
        mark = "*" if ref.default else " "
        click.echo(f"{mark} {ref.name:<{width}}  {_status(ref):<12}  {ref.path}")
    click.echo(msg.MODELS_LIST_LEGEND)


@command.command("add")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--name", "-n", help="Tên để gọi mô hình với --model (mặc định: tên thư mục).")
def add_cmd(path: str, name: str | None) -> None:
    """Đăng ký một thư mục mô hình Whisper CTranslate2 có sẵn trên máy."""
    ref = store.add_model(path, name)
    click.echo(msg.model_added(ref.name, ref.path))


@command.command("remove")
@click.argument("name")
def remove_cmd(name: str) -> None:
    """Bỏ đăng ký một mô hình (không xóa tệp trên đĩa)."""
    store.remove_model(name)
    click.echo(msg.model_removed(name))


@command.command("check")
def check_cmd() -> None:
    """Kiểm tra từng mô hình (đủ tệp, mã sha256 của mô hình mặc định)."""
    checks = store.check_models()
    for check in checks:
        line = msg.MODEL_CHECK_OK if check.ok else msg.model_check_problems(check.problems)
        click.echo(f"{check.ref.name}: {line}")
    bad = [c.ref.name for c in checks if not c.ok]
    if bad:
        raise ModelError(msg.models_failed_check(bad))


@command.command("setup")
def setup_cmd() -> None:
    """Lắp ráp mô hình mặc định từ các gói đã cài (chạy lại cũng không sao)."""
    was_ready = store.default_model_ready()
    ref = store.ensure_default_model()
    if was_ready:
        click.echo(msg.default_model_was_ready(ref.name, ref.path))
    else:
        click.echo(msg.default_model_assembled(ref.name, ref.path))
