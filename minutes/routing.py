"""Responsible unit for an item: the commune's routing preset plus overrides.

The presets (minutes/data/routing.toml) map each topic to a unit for the
commune structure before July 2025 ("truoc-2025-07") and for two-tier local
government ("tu-2025-07"). Rules, checked first, send items that name a
specific matter elsewhere (civil status → Tư pháp – Hộ tịch; electricity →
the power company, beyond the commune's authority). The meeting file's
[routing.overrides] replaces the unit of a topic (and of the rules that only
concern that topic) or of one rule by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minutes.errors import MinutesError
from minutes.items import TOPICS
from minutes.lexicon import load_lexicon, normalize, syllables
from minutes.messages import extract as msg


@dataclass(frozen=True)
class Route:
    unit: str
    rule: str | None = None  # id of the rule that decided, None = by topic
    phrase: str | None = None  # the phrase that fired the rule
    outside: bool = False  # beyond the commune's authority
    overridden: bool = False

    def explain(self, preset: str) -> str:
        if self.overridden:
            why = msg.EV_ROUTE_OVERRIDE
        elif self.rule:
            why = msg.EV_ROUTE_RULE.format(rule=self.rule, phrase=self.phrase)
        else:
            why = msg.EV_ROUTE_TOPIC.format(preset=preset)
        if self.outside:
            why += "; " + msg.EV_OUTSIDE_BODY
        return msg.EV_ROUTE.format(unit=self.unit, why=why)


@dataclass(frozen=True)
class _Rule:
    id: str
    unit: str
    phrases: tuple[str, ...]
    topics: tuple[str, ...]  # empty = any topic
    outside: bool


def presets(lexicon_dir: str | Path | None = None) -> dict[str, str]:
    """Preset name → Vietnamese label."""
    data = load_lexicon(lexicon_dir).routing.get("presets", {})
    return {name: str(p.get("label", name)) for name, p in data.items()}


class Router:
    """route(topic, text) → Route, for one preset and a commune's overrides."""

    def __init__(
        self,
        preset: str = "tu-2025-07",
        overrides: dict[str, str] | None = None,
        lexicon_dir: str | Path | None = None,
    ) -> None:
        data: dict[str, Any] = load_lexicon(lexicon_dir).routing
        all_presets = data.get("presets", {})
        if preset not in all_presets:
            raise MinutesError(msg.ROUTING_BAD_PRESET.format(preset=preset, presets=", ".join(all_presets)))
        self.preset = preset
        table = all_presets[preset]
        self.topics: dict[str, str] = {t: str(table.get("topics", {}).get(t, "")) for t in TOPICS}
        self.rules = [self._rule(r) for r in [*table.get("rules", []), *data.get("common_rules", [])]]
        self.overrides = dict(overrides or {})
        known = set(TOPICS) | {r.id for r in self.rules}
        for key, unit in self.overrides.items():
            if key not in known:
                raise MinutesError(msg.ROUTING_BAD_KEY.format(key=key, keys=", ".join(sorted(known))))
            if not isinstance(unit, str) or not unit.strip():
                raise MinutesError(msg.ROUTING_BAD_UNIT.format(key=key))

    @staticmethod
    def _rule(r: dict[str, Any]) -> _Rule:
        return _Rule(
            id=str(r.get("id", "")),
            unit=str(r.get("unit", "")),
            phrases=tuple(" ".join(syllables(normalize(p))) for p in r.get("phrases", [])),
            topics=tuple(r.get("topics", [])),
            outside=bool(r.get("outside", False)),
        )

    def route(self, topic: str, text: str = "") -> Route:
        padded = f" {' '.join(syllables(normalize(text)))} "
        for rule in self.rules:
            if rule.topics and topic not in rule.topics:
                continue
            if rule.topics and topic in self.overrides and rule.id not in self.overrides:
                continue  # the commune routes this whole topic itself
            for phrase in rule.phrases:
                if phrase and f" {phrase} " in padded:
                    if rule.id in self.overrides:
                        return Route(self.overrides[rule.id], rule.id, phrase, rule.outside, overridden=True)
                    return Route(rule.unit, rule.id, phrase, rule.outside)
        if topic in self.overrides:
            return Route(self.overrides[topic], overridden=True)
        return Route(self.topics.get(topic) or self.topics.get("khac", ""))
