"""Vietnamese number words: cardinals, digits, decimals, ordinals, Roman numerals.

Integer arithmetic only (no floats), so "0,05" and 10**18 read exactly.
Regional choices (linh/lẻ, nghìn/ngàn, bốn/tư after tens) are a `NumberStyle`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


@dataclass(frozen=True)
class NumberStyle:
    """How a region reads numbers. Defaults are the standard (Northern) forms."""

    zero_tens: str = "linh"  # 105 -> "một trăm linh năm" ("lẻ" in the South)
    thousand: str = "nghìn"  # "ngàn" in the South
    four_after_tens: str = "bốn"  # 24 -> "hai mươi bốn" ("tư" in the South)
    billion: str = "tỷ"


DEFAULT_STYLE = NumberStyle()


def _below_thousand(n: int, full: bool, style: NumberStyle) -> list[str]:
    """Words for 0 < n < 1000; `full` reads the hundreds even when zero
    ("không trăm") as Vietnamese does inside a larger number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append(style.zero_tens)
    if tens == 1:
        words.append("mười")
    elif tens > 1:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 4 and tens > 1:
            words.append(style.four_after_tens)
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


_BILLION = 10**9


def _below_billion(n: int, full: bool, style: NumberStyle) -> list[str]:
    """0 < n < 10**9 as "… triệu … nghìn …"; `full` when something bigger
    was already said, so a leading zero hundred is read ("không trăm linh năm")."""
    names = ["", style.thousand, "triệu"]
    words: list[str] = []
    for k in (2, 1, 0):
        g = n // 1000**k % 1000
        if g == 0:
            continue  # "một triệu không nghìn …" is not said: skip the zero group
        words += _below_thousand(g, full=full, style=style)
        if names[k]:
            words.append(names[k])
        full = True
    return words


def cardinal(n: int, style: NumberStyle = DEFAULT_STYLE) -> str:
    """30000 -> "ba mươi nghìn"; 2025 -> "hai nghìn không trăm hai mươi lăm"."""
    if n < 0:
        return "âm " + cardinal(-n, style)
    if n == 0:
        return "không"
    return " ".join(_words(n, False, style))


def _words(n: int, full: bool, style: NumberStyle) -> list[str]:
    if n < _BILLION:
        return _below_billion(n, full, style)
    high, low = divmod(n, _BILLION)  # "nghìn tỷ", "tỷ tỷ": the billion compounds
    words = _words(high, full, style) + [style.billion]
    return words + (_below_billion(low, True, style) if low else [])


def digits(text: str) -> str:
    """Digit by digit: "0905" -> "không chín không năm"."""
    return " ".join(DIGITS[int(c)] for c in text if c.isdigit())


def decimal(integer: str, fraction: str, style: NumberStyle = DEFAULT_STYLE) -> str:
    """ "3", "5" -> "ba phẩy năm"; "0", "05" -> "không phẩy không năm".

    A fraction of one or two digits without a leading zero is read as a number
    ("2,25" -> "hai phẩy hai mươi lăm"); anything else digit by digit."""
    head = cardinal(int(integer), style)
    tail = cardinal(int(fraction), style) if len(fraction) <= 2 and not fraction.startswith("0") else digits(fraction)
    return f"{head} phẩy {tail}"


def ordinal(n: int, style: NumberStyle = DEFAULT_STYLE) -> str:
    """The word after "thứ": 1 -> "nhất", 4 -> "tư", 2 -> "hai"."""
    if n == 1:
        return "nhất"
    if n == 4:
        return "tư"
    return cardinal(n, style)


def month(n: int, style: NumberStyle = DEFAULT_STYLE) -> str:
    """The word after "tháng": 4 -> "tư" (April is "tháng tư" everywhere)."""
    return "tư" if n == 4 else cardinal(n, style)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(text: str) -> int | None:
    """Value of a well-formed Roman numeral ("XIV" -> 14), else None."""
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = _ROMAN[c]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if int_to_roman(total) == text else None


def int_to_roman(n: int) -> str:
    """Canonical Roman numeral, used to reject malformed ones ("IIII", "VX")."""
    out = []
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


# A written number: "30.000", "1.250.000", "30000", "2,5", "0,05". A dot before
# exactly three digits groups thousands; a comma marks decimals (Vietnamese usage).
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def read_number(text: str, style: NumberStyle = DEFAULT_STYLE) -> str:
    """Words for a written number matching `NUMBER` (a stray dot or space
    inside is dropped): "30.000" -> "ba mươi nghìn", "2,5" -> "hai phẩy năm"."""
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+\.\d{1,2}", text):  # "2.5 ha": a decimal point, not thousands
        text = text.replace(".", ",")
    integer, _, fraction = text.replace(".", "").partition(",")
    if fraction:
        return decimal(integer, fraction, style)
    return cardinal(int(integer), style)


def number_value(text: str) -> tuple[int, int]:
    """Exact value as (numerator, power-of-ten denominator): "1,5" -> (15, 10)."""
    if re.fullmatch(r"\d+\.\d{1,2}", text):
        text = text.replace(".", ",")
    integer, _, fraction = text.replace(".", "").partition(",")
    return int(integer + fraction), 10 ** len(fraction)
