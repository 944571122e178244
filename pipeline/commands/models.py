"""`doithoai models`: list, add, check and set up the local ASR models."""

from __future__ import annotations

import click

from pipeline import models as store
from pipeline.errors import ModelError


@click.group("models")
def command() -> None:
    """Quản lý mô hình nhận dạng giọng nói trên máy (không tải từ Internet)."""


def _status(ref: store.ModelRef) -> str:
    if ref.default:
        return "sẵn sàng" if store.default_model_ready() else "chưa lắp ráp (doithoai models setup)"
    return "có trên đĩa" if ref.present else "KHÔNG TÌM THẤY thư mục"


@command.command("list")
def list_cmd() -> None:
    """Liệt kê các mô hình: tên, trạng thái, thư mục."""
    refs = store.list_models()
    width = max(len(r.name) for r in refs)
    for ref in refs:
        mark = "*" if ref.default else " "
        click.echo(f"{mark} {ref.name:<{width}}  {_status(ref):<12}  {ref.path}")
    click.echo("(* = mô hình mặc định; thêm mô hình: doithoai models add ĐƯỜNG_DẪN --name TÊN)")


@command.command("add")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--name", "-n", help="Tên để gọi mô hình với --model (mặc định: tên thư mục).")
def add_cmd(path: str, name: str | None) -> None:
    """Đăng ký một thư mục mô hình Whisper CTranslate2 có sẵn trên máy."""
    ref = store.add_model(path, name)
    click.echo(f"Đã thêm mô hình '{ref.name}' ({ref.path}). Dùng: doithoai transcribe TỆP --model {ref.name}")


@command.command("remove")
@click.argument("name")
def remove_cmd(name: str) -> None:
    """Bỏ đăng ký một mô hình (không xóa tệp trên đĩa)."""
    store.remove_model(name)
    click.echo(f"Đã bỏ đăng ký mô hình '{name}' (các tệp vẫn còn trên đĩa).")


@command.command("check")
def check_cmd() -> None:
    """Kiểm tra từng mô hình (đủ tệp, mã sha256 của mô hình mặc định)."""
    checks = store.check_models()
    for check in checks:
        line = "OK" if check.ok else "LỖI: " + "; ".join(check.problems)
        click.echo(f"{check.ref.name}: {line}")
    bad = [c.ref.name for c in checks if not c.ok]
    if bad:
        raise ModelError(f"{len(bad)} mô hình có lỗi: {', '.join(bad)}. / {len(bad)} model(s) failed the check.")


@command.command("setup")
def setup_cmd() -> None:
    """Lắp ráp mô hình mặc định từ các gói đã cài (chạy lại cũng không sao)."""
    was_ready = store.default_model_ready()
    ref = store.ensure_default_model()
    if was_ready:
        click.echo(f"Mô hình mặc định {ref.name} đã sẵn sàng: {ref.path}")
    else:
        click.echo(f"Đã lắp ráp và kiểm tra mô hình mặc định {ref.name}: {ref.path}")
