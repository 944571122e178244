"""`doithoai models`: the catalogue, pull, carry (export / add a zip),
choose (use, bench), list, check and set up the local models and voices."""

from __future__ import annotations

import zipfile
from pathlib import Path

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import models as msg
from pipeline import model_registry as store
from pipeline.carry import add_archive, export_model
from pipeline.catalog import load_catalog
from pipeline.ct2convert import convert_model
from pipeline.errors import ModelError
from pipeline.hubpull import pull
from pipeline.messages import model_store as smsg
from pipeline.modelbench import bench_model, find_clips


@click.group("models")
def command() -> None:
    """Quản lý mô hình nhận dạng giọng nói và giọng đọc: danh mục, tải, mang bằng USB, chọn."""


def _status(ref: store.ModelRef) -> str:
    if ref.default:
        return msg.MODEL_READY if store.default_model_ready() else msg.MODEL_NOT_READY
    if ref.kind == store.VOICE_KIND:
        return msg.MODEL_ON_DISK if any(ref.path.glob("*.onnx")) else msg.MODEL_FOLDER_MISSING
    return msg.MODEL_ON_DISK if ref.present else msg.MODEL_FOLDER_MISSING


@command.command("list")
def list_cmd() -> None:
    """Liệt kê các mô hình: tên, trạng thái, thư mục."""
    refs = store.list_models()
    chosen = {store.get_default("asr") or store.DEFAULT_NAME, store.get_default("voice")}
    width = max(len(r.name) for r in refs)
    for ref in refs:
        mark = "*" if ref.name in chosen else " "
        kind = msg.KIND_VOICE if ref.kind == store.VOICE_KIND else "asr"
        click.echo(f"{mark} {ref.name:<{width}}  {kind:<5}  {_status(ref):<12}  {ref.path}")
    click.echo(msg.MODELS_LIST_LEGEND)


@command.command("catalog")
def catalog_cmd() -> None:
    """In danh mục mô hình và giọng đọc có thể tải (giấy phép, kích thước, độ chính xác)."""
    installed = {r.name for r in store.list_models()}
    click.echo(smsg.CATALOG_HEADER)
    for e in load_catalog().values():
        click.echo(smsg.catalog_line(e.name, e.kind, e.size_mb, e.device, e.ram_gb, e.name in installed))
        if not e.cleared:
            click.echo(smsg.catalog_not_cleared())
        for line in smsg.catalog_details(
            e.title, e.repo, e.revision, e.licence, e.licence_url, e.accuracy, e.accuracy_source, e.unverified
        ):
            click.echo(line)


@command.command("pull")
@click.argument("name")
@click.option("--force", is_flag=True, help=help_msg.MODELS_FORCE_HELP)
@click.option("--quiet", "-q", is_flag=True, help=help_msg.MODELS_QUIET_HELP)
def pull_cmd(name: str, force: bool, quiet: bool) -> None:
    """Tải một mô hình trong danh mục từ kho mô hình (tiếp tục được nếu bị ngắt), kiểm tra sha256, cài vào kho."""
    result = pull(name, progress=not quiet, force=force)
    if result.already:
        click.echo(smsg.pull_already(name, result.revision))
    else:
        mb = sum((result.path / f).stat().st_size for f in result.sha256) / 1e6
        click.echo(smsg.pull_done(name, result.path, result.revision, len(result.sha256), mb, result.seconds))


@command.command("export")
@click.argument("name")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help=help_msg.MODELS_OUTPUT_HELP)
def export_cmd(name: str, output: Path) -> None:
    """Đóng gói một mô hình (kèm mã sha256) thành tệp zip để mang bằng USB."""
    result = export_model(name, output)
    click.echo(smsg.export_done(result.name, result.path, len(result.files), result.size / 1e6))


@command.command("add")
@click.argument("path", type=click.Path(path_type=str))
@click.option("--name", "-n", help=help_msg.MODELS_NAME_HELP)
def add_cmd(path: str, name: str | None) -> None:
    """Thêm mô hình: một gói .zip (từ `models export`, được kiểm tra rồi chép vào kho) hoặc một thư mục có sẵn."""
    target = Path(path).expanduser()
    if target.is_file() and (target.suffix.lower() == ".zip" or zipfile.is_zipfile(target)):
        result = add_archive(path, name)
        click.echo(smsg.archive_added(result.name, result.path, len(result.files)))
        return
    ref = store.add_model(path, name)
    click.echo(msg.model_added(ref.name, ref.path))


@command.command("remove")
@click.argument("name")
def remove_cmd(name: str) -> None:
    """Bỏ đăng ký một mô hình (mô hình tải về / thêm từ zip thì xóa luôn tệp trong kho)."""
    deleted = store.remove_model(name)
    click.echo(smsg.model_deleted(name) if deleted else msg.model_removed(name))


@command.command("use")
@click.argument("name")
def use_cmd(name: str) -> None:
    """Đặt mô hình nhận dạng mặc định, hoặc giọng đọc mặc định (theo loại của NAME)."""
    ref = store.set_default(name)
    click.echo(smsg.default_set(ref.name, "voice" if ref.kind == store.VOICE_KIND else "asr"))


@command.command("bench")
@click.argument("names", nargs=-1)
@click.option(
    "--device",
    type=click.Choice(["auto", "cpu", "cuda"]),
    default="auto",
    show_default=True,
    help=help_msg.MODELS_DEVICE_HELP,
)
@click.option("--clips", type=click.Path(path_type=Path, file_okay=False), help=help_msg.MODELS_CLIPS_HELP)
def bench_cmd(names: tuple[str, ...], device: str, clips: Path | None) -> None:
    """Đo từng mô hình nhận dạng đã cài trên đoạn ghi âm thật: WER, RTF, thời gian cho 1 giờ ghi âm."""
    found = find_clips(clips)
    names = names or tuple(r.name for r in store.list_models() if r.kind == store.KIND)
    if not names:
        raise ModelError(smsg.BENCH_NO_MODELS)
    for name in names:
        r = bench_model(name, found, device)
        click.echo(smsg.bench_line(f"{r.name} ({r.device})", r.wer, r.rtf, r.minutes_per_hour))


@command.command("convert")
@click.argument("source")
@click.option("--name", "-n", required=True, help=help_msg.MODELS_NAME_HELP)
@click.option(
    "--quantization",
    type=click.Choice(["int8", "float16", "int8_float16", "float32"]),
    default="int8",
    show_default=True,
)
def convert_cmd(source: str, name: str, quantization: str) -> None:
    """Chuyển một mô hình Whisper Hugging Face (thư mục hoặc tên trên kho) sang CTranslate2 và cài vào kho (cần doithoai[convert])."""
    path, _sha = convert_model(source, name, quantization)
    click.echo(smsg.converted(name, path, quantization))


@command.command("check")
def check_cmd() -> None:
    """Kiểm tra từng mô hình (đủ tệp, mã sha256)."""
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
