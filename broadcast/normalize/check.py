"""What a speech engine would read wrongly: digits, upper-case abbreviations
and symbols left in a text. The announce command warns with this."""

from __future__ import annotations

import re
from collections.abc import Container

from broadcast.normalize.spelling import is_upper_abbreviation

# Symbols engines read in English, as a word they should not, or not at all.
SYMBOLS = set("%/₫$€&+=@#~^*<>|\\°§≥≤")
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{}«»,.;:!?…"


def unread_tokens(text: str, known: Container[str] = ()) -> list[str]:
    """Tokens (whitespace-separated, edge punctuation stripped) with a digit, a
    symbol, or an upper-case abbreviation not in `known`; in order, once each."""
    found: list[str] = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        core = token.strip(_EDGE)
        if not core:
            continue
        bad = any(c.isdigit() for c in core) or any(c in SYMBOLS for c in token)
        if not bad:
            bad = any(is_upper_abbreviation(part) and part not in known for part in re.split(r"[-–.]", core) if part)
        if bad and core not in found:
            found.append(core)
    return found
