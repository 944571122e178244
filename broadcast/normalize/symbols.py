"""Symbols a speech engine would skip or misread, and tidy spacing.

Also lower-cases upper-case Vietnamese words ("THÔNG BÁO"), which some
engines otherwise spell letter by letter.
"""

from __future__ import annotations

import re
from collections.abc import Container

from broadcast.normalize.spelling import is_syllable

# Per-unit words: "đồng/người" -> "đồng một người".
PER_WORDS = {
    "ngày", "tháng", "năm", "tuần", "quý", "giờ", "phút", "người", "hộ", "lượt", "lần", "con", "suất",
    "khẩu", "xe", "chiếc", "ha", "héc-ta", "sào", "mét", "mét vuông", "ki-lô-gam", "kg", "tấn", "lít", "thẻ", "hồ sơ",
}  # fmt: skip
_WORD = r"[^\W\d_][\w-]*"
SLASH = re.compile(rf"(?<=[^\W\d_])\s*/\s*(?=({_WORD}))")

REPLACEMENTS = [
    (re.compile(r"\s*&\s*"), " và "),
    (re.compile(r"\s*\+\s*"), " cộng "),
    (re.compile(r"\s*=\s*"), " bằng "),
    (re.compile(r"\s*≥\s*"), " lớn hơn hoặc bằng "),
    (re.compile(r"\s*≤\s*"), " nhỏ hơn hoặc bằng "),
    (re.compile(r"\s*>\s*"), " lớn hơn "),
    (re.compile(r"\s*<\s*"), " nhỏ hơn "),
    (re.compile(r"\s*%"), " phần trăm"),
    (re.compile(r"\s*₫"), " đồng"),
    (re.compile(r"\s*°\s*"), " độ "),
    (re.compile(r"\s*@\s*"), " a còng "),
    (re.compile(r"#\s*"), "số "),
    (re.compile(r"~\s*"), "khoảng "),
    (re.compile(r"\s*\|\s*"), ", "),
    (re.compile(r"[*•●■□▪►✓^_\\$€§]+"), " "),
    (re.compile(r"\s*/\s*"), ", "),
]


def symbols(text: str) -> str:
    """Read or drop what is left that is not a letter or punctuation."""

    def slash(m: re.Match) -> str:
        return " một " if m[1].lower() in PER_WORDS else ", "

    text = SLASH.sub(slash, text)
    for pattern, words in REPLACEMENTS:
        text = pattern.sub(words, text)
    return text


_WORD_SPAN = re.compile(r"[^\W\d_]{2,}")


def lower_headings(text: str, keep: Container[str] = ()) -> str:
    """ "THÔNG BÁO", "UBND XÃ" -> "thông báo", "… xã": upper-case words that
    are Vietnamese syllables (some engines spell capitals letter by letter).
    Abbreviations ("UBND"), a lone "A" and entries in `keep` ("CA") stay."""

    def sub(m: re.Match) -> str:
        word = m.group(0)
        if word.isupper() and word not in keep and is_syllable(word):
            return word.lower()
        return word

    return _WORD_SPAN.sub(sub, text)


def tidy(text: str) -> str:
    """Single spaces, no space before punctuation, no doubled commas."""
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" ([,.;:!?)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",(?=[^\s\d])", ", ", text)
    text = re.sub(r"(?m)^ +| +$", "", text)
    return text.strip()
