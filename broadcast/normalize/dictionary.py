"""The data a commune can change without touching code: abbreviations, units,
currency words and reading settings, from TOML files merged in order.

File format (docs/normalisation.md)::

    [settings]              # optional
    zero_tens = "lẻ"        # 105 -> "một trăm lẻ năm"
    [abbreviations]
    UBND = "Ủy ban nhân dân"
    [abbreviations.BCH]     # reading depends on the word after it
    default = "Ban Chỉ huy"
    next = { "Đoàn" = "Ban Chấp hành" }
    [units]
    ha = "héc-ta"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from broadcast.errors import BroadcastError
from broadcast.messages import normalize as M
from broadcast.normalize.numbers import NumberStyle

DATA = Path(__file__).resolve().parent.parent / "data"
SHIPPED = (DATA / "abbreviations.toml", DATA / "units.toml")


@dataclass(frozen=True)
class Abbreviation:
    """One entry: the default reading and readings chosen by the next word."""

    default: str
    next: Mapping[str, str] = field(default_factory=dict)

    def reading(self, following: str) -> str:
        """The reading given the text that follows the abbreviation."""
        following = following.lstrip()
        for word in sorted(self.next, key=len, reverse=True):
            if following.startswith(word):
                rest = following[len(word) : len(word) + 1]
                if not rest or not rest.isalnum():
                    return self.next[word]
        return self.default


# Settings a commune may set in [settings], with the values allowed.
SETTING_CHOICES: dict[str, tuple] = {
    "zero_tens": ("linh", "lẻ"),
    "thousand": ("nghìn", "ngàn"),
    "four_after_tens": ("bốn", "tư"),
    "billion": ("tỷ", "tỉ"),
    "spell_unknown": (True, False),
    "phone_pauses": (True, False),
}


@dataclass(frozen=True)
class Settings:
    """Reading choices. `spell_unknown` spells upper-case abbreviations the
    dictionary lacks ("ASEAN" -> "a ét-xì e a en-nờ") instead of leaving them."""

    style: NumberStyle = NumberStyle()
    spell_unknown: bool = True
    phone_pauses: bool = True  # a comma between digit groups: "…năm, một hai ba, …"
    skip: tuple[str, ...] = ()  # stage names to switch off


@dataclass
class Dictionary:
    """Abbreviations, units and currency words, plus the settings."""

    abbreviations: dict[str, Abbreviation] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    currency: dict[str, str] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)

    def merge_file(self, path: Path) -> None:
        """Merge one TOML file over the current entries."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BroadcastError(M.DICT_MISSING.format(path=path)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise BroadcastError(M.DICT_BAD_TOML.format(path=path, error=exc)) from None
        self.merge(data, source=str(path))

    def merge(self, data: Mapping, source: str = "<dict>") -> None:
        """Merge parsed TOML (or an equivalent mapping)."""
        for key, value in (data.get("abbreviations") or {}).items():
            self.abbreviations[key] = _entry(key, value, source)
        for table in ("units", "currency"):
            for key, value in (data.get(table) or {}).items():
                if not isinstance(value, str) or not value.strip():
                    raise BroadcastError(M.DICT_BAD_ENTRY.format(path=source, key=key))
                getattr(self, table)[key] = value.strip()
        if "settings" in data:
            self.settings = _settings(self.settings, data["settings"], source)

    def add_abbreviations(self, mapping: Mapping[str, str], source: str = "abbreviations") -> None:
        """Plain `{"KH": "Kế hoạch"}` entries over the current ones."""
        for key, value in mapping.items():
            self.abbreviations[key] = _entry(key, value, source)


def _entry(key: str, value: object, source: str) -> Abbreviation:
    if isinstance(value, str) and value.strip():
        return Abbreviation(value.strip())
    if isinstance(value, Mapping) and isinstance(value.get("default"), str):
        nxt = value.get("next") or {}
        if isinstance(nxt, Mapping) and all(isinstance(v, str) for v in nxt.values()):
            return Abbreviation(value["default"].strip(), {k: v.strip() for k, v in nxt.items()})
    raise BroadcastError(M.DICT_BAD_ENTRY.format(path=source, key=key))


def _settings(current: Settings, table: object, source: str) -> Settings:
    if not isinstance(table, Mapping):
        raise BroadcastError(M.SETTING_UNKNOWN.format(path=source, key="settings", choices=", ".join(SETTING_CHOICES)))
    style_names = {f.name for f in fields(NumberStyle)}
    style_changes: dict[str, Any] = {}
    other: dict[str, Any] = {}
    for key, value in table.items():
        if key == "skip":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BroadcastError(M.SETTING_BAD.format(path=source, key=key, value=value, choices="[tên bước…]"))
            other["skip"] = tuple(value)
            continue
        if key not in SETTING_CHOICES:
            raise BroadcastError(
                M.SETTING_UNKNOWN.format(path=source, key=key, choices=", ".join([*SETTING_CHOICES, "skip"]))
            )
        if value not in SETTING_CHOICES[key] or type(value) is not type(SETTING_CHOICES[key][0]):
            choices = ", ".join(repr(c) for c in SETTING_CHOICES[key])
            raise BroadcastError(M.SETTING_BAD.format(path=source, key=key, value=value, choices=choices))
        (style_changes if key in style_names else other)[key] = value
    return replace(current, style=replace(current.style, **style_changes), **other)


def load(extra: Path | None = None, abbreviations: Mapping[str, str] | None = None) -> Dictionary:
    """Shipped data, then the commune's file, then in-code `abbreviations`."""
    dictionary = Dictionary()
    for path in SHIPPED:
        dictionary.merge_file(path)
    if extra is not None:
        dictionary.merge_file(Path(extra))
    if abbreviations:
        dictionary.add_abbreviations(abbreviations)
    return dictionary
