"""What the admin page of models and voices shows and does besides pulling
(doithoai/services/model_pulls.py): the catalogue with what is installed,
the installed models and voices with their size, licence and whether each
is the default, and `models use` with an audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session as DB

from doithoai.messages import model_admin as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from pipeline import model_registry as registry
from pipeline.catalog import CatalogEntry, load_catalog


@dataclass
class CatalogRow:
    entry: CatalogEntry
    kind_label: str
    installed: bool
    default: bool


@dataclass
class InstalledRow:
    name: str
    kind: str  # "asr" or "voice"
    kind_label: str
    size_mb: float
    licence: str
    licence_url: str
    source: str  # pypi, hub, zip, local
    default: bool
    path: Path


def _kind(ref: registry.ModelRef) -> str:
    return "voice" if ref.kind == registry.VOICE_KIND else "asr"


def _defaults() -> dict[str, str]:
    return {"asr": registry.get_default("asr") or registry.DEFAULT_NAME, "voice": registry.get_default("voice") or ""}


def _folder_mb(path: Path) -> float:
    try:
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file()) / 1e6
    except OSError:  # a registered folder that is gone: `models check` says so
        return 0.0


def catalogue_rows() -> list[CatalogRow]:
    installed = {ref.name for ref in registry.list_models()}
    defaults = _defaults()
    return [
        CatalogRow(e, msg.KIND_LABELS[e.kind], e.name in installed, defaults[e.kind] == e.name)
        for e in load_catalog().values()
    ]


def installed_rows() -> list[InstalledRow]:
    catalog = load_catalog()
    by_repo = {e.repo: e for e in catalog.values()}
    defaults = _defaults()
    rows = []
    for ref in registry.list_models():
        kind = _kind(ref)
        owned = registry.installed_entry(ref.name) or {}
        entry = catalog.get(ref.name) or by_repo.get(str(owned.get("repo", "")))
        licence, url = (entry.licence, entry.licence_url) if entry else ("", "")
        if ref.default and not licence:
            licence = msg.EMBEDDED_LICENCE
        rows.append(
            InstalledRow(
                ref.name,
                kind,
                msg.KIND_LABELS[kind],
                _folder_mb(ref.path),
                licence,
                url,
                ref.source,
                defaults[kind] == ref.name,
                ref.path,
            )
        )
    return rows


def use(db: DB, actor: Actor, name: str) -> tuple[str, str]:
    """`doithoai models use NAME` from the page: (name, kind) chosen."""
    before = _defaults()
    ref = registry.set_default(name)
    kind = _kind(ref)
    audit.record(db, actor, "model", None, "use", {kind: before[kind]}, {kind: ref.name})
    return ref.name, kind
