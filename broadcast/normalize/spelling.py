"""Is an upper-case token a Vietnamese word ("THÔNG", "BÁO") or an
abbreviation ("UBND", "BHYT")? And how to spell one letter by letter."""

from __future__ import annotations

import re
import unicodedata

_VOWEL = "aăâeêioôơuưy"
_TONED = "".join(
    unicodedata.normalize("NFC", v + t) for v in _VOWEL for t in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)
# onset + vowel cluster (the glides i/o/u/y included) + coda
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_TONED}]{{1,3}}(?:ch|ng|nh|[cmnpt])?"
)

LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê",
    "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ",
    "N": "en-nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì",
    "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê-kép", "X": "ích-xì", "Y": "i-dài", "Z": "dét",
}  # fmt: skip


def is_syllable(word: str) -> bool:
    """True for one Vietnamese syllable in any case ("BÁO", "xã", "Thanh")."""
    return bool(_SYLLABLE.fullmatch(unicodedata.normalize("NFC", word).lower()))


def is_upper_abbreviation(token: str) -> bool:
    """Two or more upper-case letters that do not form a Vietnamese syllable."""
    letters = [c for c in token if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    return not is_syllable("".join(letters))


def spell(token: str) -> str:
    """Letter by letter with Vietnamese letter names: "HTX" -> "hát tê ích-xì".
    A toned capital is named by its base letter ("Ố" -> "ô"); other characters are dropped."""
    names = []
    for c in unicodedata.normalize("NFC", token.upper()):
        name = LETTER_NAMES.get(c) or LETTER_NAMES.get(_base(c))
        if name:
            names.append(name)
    return " ".join(names)


def _base(c: str) -> str:
    """The letter without its tone mark ("Ố" -> "Ô"), keeping Ă Â Ê Ô Ơ Ư Đ."""
    decomposed = unicodedata.normalize("NFD", c)
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in tones))
