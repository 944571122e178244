"""Vietnamese speech-text normalisation for loudspeaker notices.

    >>> normalize("UBND xã mời họp lúc 7h30 ngày 20/9/2024")
    'Ủy ban nhân dân xã mời họp lúc bảy giờ ba mươi phút ngày hai mươi tháng chín năm hai nghìn không trăm hai mươi bốn'

`normalize()` uses the shipped dictionaries (broadcast/data/*.toml); build a
`Normalizer(extra=Path(...))` once to add a commune's own entries and settings.
`unread_tokens()` lists what a speech engine would still read wrongly.
Rules and file format: docs/normalisation.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from broadcast.normalize.dictionary import Dictionary, Settings
from broadcast.normalize.normalizer import STAGES, Normalizer, NormalizeResult
from broadcast.normalize.numbers import NumberStyle, cardinal

__all__ = [
    "normalize",
    "unread_tokens",
    "Normalizer",
    "NormalizeResult",
    "NumberStyle",
    "Settings",
    "Dictionary",
    "STAGES",
    "cardinal",
]


@lru_cache(maxsize=8)
def _shared(extra: Path | None) -> Normalizer:
    return Normalizer(extra=extra)


def normalize(
    text: str, *, abbreviations: Mapping[str, str] | None = None, extra_dictionary: Path | None = None
) -> str:
    """Written notice text -> words a speech engine reads right.

    `abbreviations` adds or overrides entries (`{"HTX": "hợp tác xã"}`);
    `extra_dictionary` is a commune TOML file merged over the shipped one.
    Raises BroadcastError for text that is not a string, empty, or unreadable."""
    if abbreviations:
        return Normalizer(extra=extra_dictionary, abbreviations=abbreviations).normalize(text)
    return _shared(Path(extra_dictionary) if extra_dictionary is not None else None).normalize(text)


def unread_tokens(text: str) -> list[str]:
    """Digits, symbols (%, /, :, ₫ …) and upper-case abbreviations missing
    from the shipped dictionary, left in `text`."""
    return _shared(None).unread_tokens(text)
