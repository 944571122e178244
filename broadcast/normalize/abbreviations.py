"""Abbreviations read out from the dictionary: "UBND xã" -> "Ủy ban nhân dân xã".

Matching is case-sensitive and on whole tokens ("CT" yes, "CTy" or "ct" no).
A token joined by hyphens or slashes ("QĐ-UBND", "TT-BTTTT") is read part by
part when it is not an entry itself. Upper-case abbreviations the dictionary
lacks are spelled letter by letter (a setting) and reported.
"""

from __future__ import annotations

import re

from broadcast.normalize.dictionary import Dictionary
from broadcast.normalize.spelling import is_syllable, is_upper_abbreviation, spell

# A word, possibly with inner "-", "/", "." or "&" ("Đ/c", "TN&MT", "TP.HCM", "Tp.").
TOKEN = re.compile(r"(?<![\w&/.])[^\W\d_][\w&]*(?:[-/.][\w&]+)*\.?")
_PARTS = re.compile(r"([-/.])")


class Expander:
    """Reads abbreviations with one dictionary; collects what it had to spell."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.entries = dictionary.abbreviations
        self.spell_unknown = dictionary.settings.spell_unknown
        self.spelled: list[str] = []
        phrases = sorted((k for k in self.entries if " " in k), key=len, reverse=True)
        self._phrases = (
            re.compile(r"(?<![\w&/])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w&])") if phrases else None
        )

    def sub(self, text: str) -> str:
        """Expand every abbreviation in `text`."""
        if self._phrases is not None:
            text = self._phrases.sub(lambda m: self.entries[m.group(0)].reading(text[m.end() :]), text)
        return TOKEN.sub(lambda m: self.token(m.group(0), m.string[m.end() :]), text)

    def token(self, token: str, following: str = "") -> str:
        """The reading of one token, or the token itself when it is a word."""
        entry = self.entries.get(token)
        if entry is not None:
            reading = entry.reading(following)
            if token.endswith(".") and not following.lstrip(" \t")[:1].strip():
                reading += "."  # "TP." ending a line also ends the sentence
            return reading
        if token.endswith(".") and len(token) > 1:
            reading = self.token(token[:-1], "." + following)
            return token if reading == token[:-1] else reading + "."
        if _PARTS.search(token):
            return self._compound(token, following)
        return self._lookup(token, following) or token

    def code(self, code: str) -> str:
        """A document type code, part by part: "QĐ-UBND" -> "quyết định Ủy ban nhân dân"."""
        reading = self.token(code)
        return reading[:1].lower() + reading[1:] if reading != code else reading

    def _lookup(self, token: str, following: str) -> str | None:
        entry = self.entries.get(token)
        if entry is None and len(token) >= 3 and token.islower() and not is_syllable(token):
            # "ubnd", "bhyt" typed in lower case: no Vietnamese word looks like that
            entry = self.entries.get(token.upper())
        if entry is not None:
            return entry.reading(following)
        if is_upper_abbreviation(token) and self.spell_unknown:
            self.spelled.append(token)
            return spell(token)
        return None

    def _compound(self, token: str, following: str) -> str:
        pieces = _PARTS.split(token)
        words, changed = [], False
        for i, piece in enumerate(pieces):
            if i % 2:  # a separator: "-" and "." join silently, "/" is a pause
                words.append(", " if piece == "/" else " ")
                continue
            rest = "".join(pieces[i + 1 :]) + following
            reading = self._lookup(piece, rest) if piece else None
            changed |= reading is not None
            words.append(piece if reading is None else reading)
        return "".join(words) if changed else token
