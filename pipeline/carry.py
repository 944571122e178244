"""Carry a model on a USB stick: `doithoai models export NAME -o FILE.zip`
and `doithoai models add FILE.zip`.

The zip holds `doithoai-model.json` (name, kind, origin, and the size and
sha256 of every file) and the files under `files/`. Adding verifies every
byte against that manifest while unpacking into a temporary folder in the
store, refuses anything else in the zip (foreign zips, paths that would
escape the folder, links), and renames the folder into place only when all
is well.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline import atomic
from pipeline import model_registry as registry
from pipeline.ct2folder import validate_model_dir
from pipeline.errors import ModelError
from pipeline.messages import model_store as msg
from pipeline.modelstore import KIND, STAMP, default_sha256, install_staged, models_dir, store_lock, write_file_stamp
from pipeline.voicefolder import VOICE_KIND, voice_onnx

MANIFEST = "doithoai-model.json"
FORMAT = "doithoai-model/1"
_CHUNK = 1 << 20


@dataclass
class CarryResult:
    name: str
    path: Path
    kind: str
    files: dict[str, str]  # file name → sha256
    size: int


def _model_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def export_model(name: str, out: str | Path) -> CarryResult:
    """Write model `name` and its checksums to the zip `out` (atomically);
    refuses a model whose files no longer match their recorded sha256."""
    ref = registry.ensure_default_model() if name == registry.DEFAULT_NAME else _find(name)
    recorded = _recorded_sha(ref.name, ref.path)
    out = Path(out).expanduser()
    if out.suffix.lower() != ".zip":
        raise ModelError(msg.export_needs_zip(out))
    files: dict[str, str] = {}
    sizes: dict[str, int] = {}
    try:
        with atomic.atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
            for path in _model_files(ref.path):
                digest = hashlib.sha256()
                with open(path, "rb") as src, zf.open(f"files/{path.name}", "w", force_zip64=True) as dst:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                sha = digest.hexdigest()
                if path.name in recorded and recorded[path.name] != sha:
                    raise ModelError(msg.export_damaged(ref.name, path.name))
                files[path.name], sizes[path.name] = sha, path.stat().st_size
            entry = registry._read_local().get(ref.name, {})
            manifest = {
                "format": FORMAT,
                "name": ref.name,
                "kind": ref.kind,
                "source": entry.get("source", ref.source),
                "repo": entry.get("repo", ""),
                "revision": entry.get("revision", ""),
                "files": [{"path": f, "size": sizes[f], "sha256": files[f]} for f in files],
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    except OSError as exc:
        raise ModelError(msg.export_unwritable(out, exc)) from None
    return CarryResult(ref.name, out, ref.kind, files, sum(sizes.values()))


def _find(name: str):
    for ref in registry.list_models():
        if ref.name == name:
            if not ref.path.is_dir():
                raise ModelError(msg.model_folder_gone(name, ref.path))
            return ref
    raise ModelError(msg.model_not_found(name, [r.name for r in registry.list_models()], False))


def _recorded_sha(name: str, folder: Path) -> dict[str, str]:
    if name == registry.DEFAULT_NAME:
        return {"model.bin": default_sha256()}
    recorded = registry._read_local().get(name, {}).get("sha256", {})
    return dict(recorded) if isinstance(recorded, dict) else {}


def _read_manifest(zf: zipfile.ZipFile, source: Path) -> dict:
    try:
        data = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise ModelError(msg.zip_foreign(source)) from None
    except ValueError:
        raise ModelError(msg.zip_damaged(source, "doithoai-model.json")) from None
    ok = (
        isinstance(data, dict)
        and data.get("format") == FORMAT
        and isinstance(data.get("name"), str)
        and isinstance(data.get("files"), list)
        and data["files"]
        and all(
            isinstance(f, dict)
            and isinstance(f.get("path"), str)
            and isinstance(f.get("sha256"), str)
            and isinstance(f.get("size"), int)
            for f in data["files"]
        )
    )
    if not ok:
        raise ModelError(msg.zip_foreign(source))
    return data


def _safe_name(name: str) -> bool:
    """A plain file name: no folders, no '..', no drive or absolute path."""
    pure = PurePosixPath(name)
    return (
        len(pure.parts) == 1
        and name not in {"", ".", ".."}
        and not name.startswith(".")
        and "\\" not in name
        and ":" not in name
        and "\0" not in name
    )


def add_archive(source: str | Path, name: str | None = None) -> CarryResult:
    """Verify and unpack a zip made by `export_model` into the store."""
    source = Path(source).expanduser()
    if not source.is_file() or not zipfile.is_zipfile(source):
        raise ModelError(msg.zip_damaged(source, msg.ZIP_NOT_A_ZIP))
    try:
        with zipfile.ZipFile(source) as zf:
            manifest = _read_manifest(zf, source)
            declared = {f["path"]: f for f in manifest["files"]}
            if not all(_safe_name(p) for p in declared):
                raise ModelError(msg.zip_unsafe(source))
            members = {i.filename: i for i in zf.infolist() if not i.is_dir()}
            extra = [m for m in members if m != MANIFEST and m.removeprefix("files/") not in declared]
            if extra:
                raise ModelError(
                    msg.zip_unsafe(source)
                    if any(".." in m or m.startswith("/") for m in extra)
                    else msg.zip_foreign(source)
                )
            missing = [p for p in declared if f"files/{p}" not in members]
            if missing:
                raise ModelError(msg.zip_damaged(source, ", ".join(missing)))
            if any(stat.S_ISLNK(members[f"files/{p}"].external_attr >> 16) for p in declared):
                raise ModelError(msg.zip_unsafe(source))
            kind = manifest.get("kind", KIND)
            if kind not in (KIND, VOICE_KIND):
                raise ModelError(msg.zip_foreign(source))
            name = name or manifest["name"]
            registry.check_name_free(name)
            total = sum(f["size"] for f in declared.values())
            models_dir().mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(models_dir()).free
            if total + 50 * 10**6 > free:
                raise ModelError(msg.pull_disk_full(name, total, free))
            with store_lock():
                tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".part", dir=models_dir()))
                try:
                    sha = _unpack(zf, source, declared, tmp)
                    validate_model_dir(tmp) if kind == KIND else voice_onnx(tmp)
                    write_file_stamp(tmp, sha)
                    path = install_staged(tmp, name)
                except BaseException:
                    shutil.rmtree(tmp, ignore_errors=True)
                    raise
                registry.record_installed(
                    name,
                    kind,
                    locked=True,
                    source=f"zip:{manifest.get('source', '')}",
                    repo=manifest.get("repo", ""),
                    revision=manifest.get("revision", ""),
                    sha256=sha,
                )
    except zipfile.BadZipFile as exc:
        raise ModelError(msg.zip_damaged(source, str(exc))) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ModelError(msg.pull_disk_full(name or source.stem, 0, 0)) from None
        raise ModelError(msg.store_write_failed(models_dir(), exc)) from None
    return CarryResult(name, path, kind, sha, total)


def _unpack(zf: zipfile.ZipFile, source: Path, declared: dict[str, dict], tmp: Path) -> dict[str, str]:
    sha = {}
    for path, meta in declared.items():
        digest = hashlib.sha256()
        size = 0
        with zf.open(f"files/{path}") as src, open(tmp / path, "wb") as dst:  # CRC errors raise BadZipFile
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        if size != meta["size"] or digest.hexdigest() != meta["sha256"]:
            raise ModelError(msg.zip_damaged(source, path))
        os.chmod(tmp / path, 0o644)
        sha[path] = meta["sha256"]
    if STAMP in sha:
        raise ModelError(msg.zip_unsafe(source))
    return sha
