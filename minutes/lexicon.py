"""Extraction data: load the lexicon files, merge a commune's overrides,
normalise Vietnamese text the way the matchers see it.

The data lives in minutes/data/*.toml. A commune overrides it with a folder
holding files of the same names: tables are merged key by key (its phrases
and weights win, new ones are added); `replace = true` at the top of a table
replaces that table wholesale. See docs/extraction.md.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from minutes.errors import MinutesError
from minutes.items import TOPICS
from minutes.messages import extract as msg

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("topics", "markers", "routing", "scope")

# Old-style tone placement ("hòa", "thủy") is what the lexicons use; ASR and
# keyboards often give the new style ("hoà", "thuỷ") at the end of a syllable.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_NEW_STYLE = re.compile(r"(?<![qQ])([oOuU])([aeyAEY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_]|[\u0300-\u036f])")
_PUNCT = re.compile(r"([?!.,;:…\"“”()\[\]])")


def normalize_inline(text: str) -> str:
    """Lower case, NFC, old-style tone marks, any space as " "; the result has
    the length of NFC(text), so character offsets stay valid."""
    base = unicodedata.normalize("NFC", text).lower()
    moved = unicodedata.normalize(
        "NFC", _NEW_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), unicodedata.normalize("NFD", base))
    )
    if len(moved) == len(base):
        base = moved
    base = base.replace("ð", "đ")  # Icelandic eth typed for "Đ"
    return re.sub(r"[\s_]", " ", base)


def normalize(text: str) -> str:
    """normalize_inline() with single spaces (for lexicon phrases and lookups)."""
    return " ".join(normalize_inline(text).split())


def strip_marks(text: str) -> str:
    """ "đường giao thông" → "duong giao thong" (matching despite tone errors)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def syllables(text: str) -> list[str]:
    """Split normalised text into syllables, punctuation as its own item."""
    return _PUNCT.sub(r" \1 ", text).split()


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and value.get("replace") is True:
            out[key] = {k: v for k, v in value.items() if k != "replace"}
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise MinutesError(msg.LEXICON_NOT_UTF8.format(path=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise MinutesError(msg.LEXICON_BAD_TOML.format(path=path, error=exc)) from None


@dataclass(frozen=True)
class Lexicon:
    """All extraction data: topics, markers, routing presets, scope."""

    topics: dict[str, dict[str, float]]
    markers: dict[str, Any]
    routing: dict[str, Any]
    scope: dict[str, Any]
    source: str = "built-in"

    def phrases(self, table: str) -> dict[str, float]:
        """A {phrase: weight} table of markers.toml by dotted name ("kind.cau_hoi")."""
        node: Any = self.markers
        for part in table.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return {
            normalize(k): float(v) for k, v in node.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }


def load_lexicon(override_dir: str | Path | None = None) -> Lexicon:
    """The built-in data merged with a commune's folder (if given). Cached;
    an edited file (new modification time) is read again."""
    folder = str(Path(override_dir).resolve()) if override_dir else None
    return _load(folder, lexicon_stamp(folder))


def lexicon_stamp(override_dir: str | Path | None) -> tuple:
    """Modification times of a commune's lexicon files (part of cache keys)."""
    if not override_dir:
        return ()
    paths = [Path(override_dir) / f"{n}.toml" for n in FILES]
    return tuple((p.name, p.stat().st_mtime_ns) for p in paths if p.is_file())


def _check_shapes(data: dict[str, dict[str, Any]]) -> None:
    """Tables where tables are expected, lists of tables where lists are: a
    commune's file with the wrong shape is a message, not a crash later."""

    def need(ok: bool, file: str, key: str, expected: str) -> None:
        if not ok:
            raise MinutesError(msg.LEXICON_BAD_SHAPE.format(file=file, key=key, expected=expected))

    def table_list(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(r, dict) for r in value)

    topics = data["topics"].get("topics", {})
    need(isinstance(topics, dict), "topics", "topics", msg.SHAPE_TABLE)
    for code, table in topics.items():
        need(isinstance(table, dict), "topics", f"topics.{code}", msg.SHAPE_PHRASE_WEIGHTS)
    routing = data["routing"]
    need(isinstance(routing.get("presets", {}), dict), "routing", "presets", msg.SHAPE_TABLE)
    need(table_list(routing.get("common_rules", [])), "routing", "common_rules", msg.SHAPE_COMMON_RULES)
    for name, preset in routing.get("presets", {}).items():
        need(isinstance(preset, dict), "routing", f"presets.{name}", msg.SHAPE_TABLE)
        need(isinstance(preset.get("topics", {}), dict), "routing", f"presets.{name}.topics", msg.SHAPE_TABLE)
        need(table_list(preset.get("rules", [])), "routing", f"presets.{name}.rules", msg.SHAPE_TABLE_LIST)


@lru_cache(maxsize=8)
def _load(override_dir: str | None, stamp: tuple = ()) -> Lexicon:
    data = {name: _read(DATA_DIR / f"{name}.toml") for name in FILES}
    if override_dir:
        folder = Path(override_dir)
        if not folder.is_dir():
            raise MinutesError(msg.LEXICON_DIR_MISSING.format(path=folder))
        found = False
        for name in FILES:
            path = folder / f"{name}.toml"
            if path.is_file():
                data[name] = _merge(data[name], _read(path))
                found = True
        if not found:
            raise MinutesError(msg.LEXICON_DIR_EMPTY.format(path=folder, files=", ".join(f"{n}.toml" for n in FILES)))
    _check_shapes(data)
    topics: dict[str, dict[str, float]] = {}
    for code, table in data["topics"].get("topics", {}).items():
        if code not in TOPICS:
            raise MinutesError(msg.LEXICON_BAD_TOPIC.format(code=code, topics=", ".join(TOPICS)))
        try:
            topics[code] = {normalize(k): float(v) for k, v in table.items() if k != "replace"}
        except (TypeError, ValueError):
            raise MinutesError(msg.LEXICON_BAD_WEIGHT.format(code=code)) from None
    return Lexicon(topics, data["markers"], data["routing"], data["scope"], source=override_dir or "built-in")
