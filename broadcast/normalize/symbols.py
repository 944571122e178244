"""Symbols a speech engine would skip or misread, and tidy spacing.

Also lower-cases runs of upper-case Vietnamese words ("THÔNG BÁO"), which some
engines otherwise spell letter by letter.
"""

from __future__ import annotations

import re

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


_WORD_SPAN = re.compile(r"[^\W\d_]+")


def lower_headings(text: str) -> str:
    """ "THÔNG BÁO" -> "thông báo": runs of two or more upper-case words that
    are all Vietnamese syllables (so "UBND" or a lone "A" stay)."""
    spans = [m.span() for m in _WORD_SPAN.finditer(text) if m.group(0).isupper() and len(m.group(0)) > 1 and is_syllable(m.group(0))]
    runs: list[list[tuple[int, int]]] = []
    for span in spans:
        if runs and text[runs[-1][-1][1] : span[0]] in (" ", "\t"):
            runs[-1].append(span)
        else:
            runs.append([span])
    chars = list(text)
    for run in runs:
        if len(run) > 1:
            for a, b in run:
                chars[a:b] = text[a:b].lower()
    return "".join(chars)


def tidy(text: str) -> str:
    """Single spaces, no space before punctuation, no doubled commas."""
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" ([,.;:!?)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",(?=[^\s\d])", ", ", text)
    text = re.sub(r"(?m)^ +| +$", "", text)
    return text.strip()
