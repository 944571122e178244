"""The `Normalizer`: written notice text -> text a speech engine reads right.

Work is a fixed order of named stages (a registry, like spaCy's components):
each stage turns one kind of written form into words before the next one
looks, so "20/9/2024" is a date before "/" can be read as anything else and
"QĐ-UBND" inside a document number is read before plain abbreviations.
A commune can switch a stage off with `[settings] skip = ["romans"]`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from broadcast.errors import BroadcastError
from broadcast.messages import normalize as M
from broadcast.normalize import codes, datetimes, quantities, symbols
from broadcast.normalize import dictionary as dictionaries
from broadcast.normalize.abbreviations import Expander
from broadcast.normalize.check import unread_tokens
from broadcast.normalize.dictionary import Dictionary


@dataclass
class Context:
    """What a stage may use: the merged dictionary and an abbreviation reader."""

    dictionary: Dictionary
    expander: Expander

    @property
    def style(self):
        return self.dictionary.settings.style


Stage = Callable[[str, Context], str]
MAX_PASSES = 3
STAGES: dict[str, Stage] = {}


def stage(name: str) -> Callable[[Stage], Stage]:
    """Register a stage under `name`; the registry order is the run order."""

    def register(fn: Stage) -> Stage:
        STAGES[name] = fn
        return fn

    return register


@stage("prepare")
def _prepare(text: str, ctx: Context) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return re.sub(r"[\u2012\u2013\u2014\u2212]", "–", text)  # one dash for ranges and pauses


@stage("documents")
def _documents(text: str, ctx: Context) -> str:
    return codes.documents(text, ctx.expander.code, ctx.style)


@stage("phones")
def _phones(text: str, ctx: Context) -> str:
    return codes.phones(text, ctx.dictionary.settings.phone_pauses)


@stage("dates")
def _dates(text: str, ctx: Context) -> str:
    return datetimes.dates(text, ctx.style)


@stage("times")
def _times(text: str, ctx: Context) -> str:
    return datetimes.times(text, ctx.style)


@stage("money")
def _money(text: str, ctx: Context) -> str:
    return quantities.money(text, ctx.dictionary.currency, ctx.style)


@stage("percents")
def _percents(text: str, ctx: Context) -> str:
    return quantities.percents(text, ctx.style)


@stage("units")
def _units(text: str, ctx: Context) -> str:
    return quantities.units(text, ctx.dictionary.units, ctx.style)


@stage("identifiers")
def _identifiers(text: str, ctx: Context) -> str:
    return codes.identifiers(text, ctx.dictionary.settings.phone_pauses)


@stage("ordinals")
def _ordinals(text: str, ctx: Context) -> str:
    return quantities.ordinals(text, ctx.style)


@stage("romans")
def _romans(text: str, ctx: Context) -> str:
    return quantities.romans(text, ctx.style)


@stage("numbers")
def _numbers(text: str, ctx: Context) -> str:
    return quantities.numbers(quantities.split_alphanumeric(text), ctx.style)


@stage("abbreviations")
def _abbreviations(text: str, ctx: Context) -> str:
    return ctx.expander.sub(text)


@stage("headings")
def _headings(text: str, ctx: Context) -> str:
    return symbols.lower_headings(text, keep=ctx.dictionary.abbreviations)


@stage("symbols")
def _symbols(text: str, ctx: Context) -> str:
    return symbols.symbols(text)


@stage("tidy")
def _tidy(text: str, ctx: Context) -> str:
    return symbols.tidy(text)


@dataclass(frozen=True)
class NormalizeResult:
    """The normalised text, the unknown abbreviations that were spelled out,
    and anything still unread (should be empty)."""

    text: str
    spelled: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


class Normalizer:
    """Loads the dictionaries once; `Normalizer(extra=Path("xa-binh-thanh.toml"))`
    merges a commune's own entries and settings over the shipped ones."""

    def __init__(self, extra: Path | str | None = None, abbreviations: Mapping[str, str] | None = None) -> None:
        self.dictionary = dictionaries.load(Path(extra) if extra is not None else None, abbreviations)
        skip = set(self.dictionary.settings.skip)
        unknown = skip - set(STAGES)
        if unknown:
            raise BroadcastError(M.STAGE_UNKNOWN.format(name=sorted(unknown)[0], choices=", ".join(STAGES)))
        self.stages = [(name, fn) for name, fn in STAGES.items() if name not in skip]

    def __call__(self, text: str) -> str:
        return self.normalize(text)

    def normalize(self, text: str) -> str:
        """Text for the speech engine. Raises BroadcastError for bad text."""
        return self.explain(text).text

    def explain(self, text: str) -> NormalizeResult:
        """Normalise and say what was spelled out and what is still unread."""
        _check_input(text)
        ctx = Context(self.dictionary, Expander(self.dictionary))
        # Until nothing changes (at most three passes): dropping a symbol can
        # bring two words together that a stage reads ("khóa $ I" -> "khóa I"),
        # and a fixed point makes normalize(normalize(x)) == normalize(x).
        for _ in range(MAX_PASSES):
            before = text
            for _name, fn in self.stages:
                text = fn(text, ctx)
            if text == before:
                break
        return NormalizeResult(text, list(dict.fromkeys(ctx.expander.spelled)), self.unread_tokens(text))

    def unread_tokens(self, text: str) -> list[str]:
        """Digits, symbols and upper-case abbreviations this dictionary does not know."""
        return unread_tokens(text, known=self.dictionary.abbreviations)


def _check_input(text: object) -> None:
    if not isinstance(text, str):
        raise BroadcastError(M.NOT_TEXT.format(kind=type(text).__name__))
    if not text.strip():
        raise BroadcastError(M.EMPTY)
    if not any(c.isalnum() for c in text):
        raise BroadcastError(M.NOTHING_READABLE.format(sample=text.strip()[:20]))
