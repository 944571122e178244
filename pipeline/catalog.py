"""The catalogue of models and voices `doithoai models pull` can fetch
(pipeline/catalog.toml): data only, loaded into dataclasses."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.messages import model_store as msg

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
KINDS = ("asr", "voice")


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    kind: str  # "asr" (CTranslate2 Whisper) or "voice" (Piper)
    title: str
    repo: str
    files: tuple[str, ...]
    optional: tuple[str, ...] = ()
    revision: str = ""  # a commit to pin, "" = the repository's main branch
    size_mb: float = 0.0
    licence: str = ""
    licence_url: str = ""
    languages: tuple[str, ...] = ()
    device: str = "cpu"
    ram_gb: float = 0.0
    extra: str = ""  # optional extra the model needs (e.g. piper-tts for voices)
    accuracy: str = ""
    accuracy_source: str = ""
    verified: str = ""
    unverified: str = ""
    cleared: bool = False  # origin and licence established: `pull` may fetch it
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def all_files(self) -> tuple[str, ...]:
        return self.files + self.optional


def load_catalog(path: Path | None = None) -> dict[str, CatalogEntry]:
    """Name → entry, in file order."""
    path = path or CATALOG_FILE
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh).get("models", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(msg.catalog_unreadable(path, exc)) from None
    entries = {}
    for name, raw in data.items():
        try:
            entry = CatalogEntry(
                name=name,
                kind=raw["kind"],
                title=raw["title"],
                repo=raw["repo"],
                files=tuple(raw["files"]),
                optional=tuple(raw.get("optional", ())),
                revision=raw.get("revision", ""),
                size_mb=float(raw.get("size_mb", 0)),
                licence=raw.get("licence", ""),
                licence_url=raw.get("licence_url", ""),
                languages=tuple(raw.get("languages", ())),
                device=raw.get("device", "cpu"),
                ram_gb=float(raw.get("ram_gb", 0)),
                extra=raw.get("extra", ""),
                accuracy=raw.get("accuracy", ""),
                accuracy_source=raw.get("accuracy_source", ""),
                verified=raw.get("verified", ""),
                unverified=raw.get("unverified", ""),
                cleared=raw.get("cleared", False),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(msg.catalog_unreadable(path, exc)) from None
        if entry.kind not in KINDS or not entry.files or not isinstance(entry.cleared, bool):
            raise ModelError(msg.catalog_unreadable(path, ValueError(f"models.{name}: kind/files")))
        entries[name] = entry
    return entries


def catalog_entry(name: str) -> CatalogEntry:
    entries = load_catalog()
    if name not in entries:
        raise ModelError(msg.not_in_catalog(name, list(entries)))
    return entries[name]
