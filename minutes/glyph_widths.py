"""Printed width of a line of text in Times New Roman, from the font's
advance widths, so rules and columns can be sized to the text they go with."""

from __future__ import annotations

import unicodedata

# Advance widths (1/1000 em) of Times New Roman for U+0020..U+007E, then "Đđ",
# taken from the metric-compatible Liberation Serif. Vietnamese letters are
# measured by their base letter (diacritics do not change the advance).
_W_REGULAR = (
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 "
    "611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 "
    "500 500 500 500 333 389 278 500 500 722 500 500 444 480 200 480 541 722 500"
)
_W_BOLD = (
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 500 500 500 500 500 "
    "333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 "
    "667 722 722 1000 722 722 667 333 278 333 581 500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 "
    "556 500 556 556 444 389 333 556 500 722 500 500 444 394 220 394 520 722 556"
)


# Letters with a horn are wider than their base letter.
_HORN = {False: {"ơ": 529, "Ơ": 722, "ư": 542, "Ư": 776}, True: {"ơ": 554, "Ơ": 778, "ư": 600, "Ư": 796}}


def _table_of(widths: str, bold: bool) -> dict[str, int]:
    chars = [chr(c) for c in range(0x20, 0x7F)] + ["Đ", "đ"]
    return dict(zip(chars, map(int, widths.split()), strict=True)) | _HORN[bold]


_WIDTHS = {False: _table_of(_W_REGULAR, False), True: _table_of(_W_BOLD, True)}


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of one line of `text` in Times New Roman."""
    table = _WIDTHS[bold]
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch not in table:
            # "ộ" → "o", "ớ" → "ơ": drop the tone and circumflex/breve marks, keep the horn
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[0] + ("\u031b" if "\u031b" in parts else ""))
            ch = base if base in table else "n"
        total += table.get(ch, 500)
    return total * size_pt / 1000
