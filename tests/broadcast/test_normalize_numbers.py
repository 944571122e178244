"""Vietnamese number words: hand-checked values, regional styles, and a
cross-check against an independent implementation (vietnam-number)."""

from __future__ import annotations

import pytest

from broadcast.normalize.numbers import (
    NumberStyle,
    cardinal,
    decimal,
    digits,
    int_to_roman,
    ordinal,
    read_number,
    roman_to_int,
)

SOUTH = NumberStyle(zero_tens="lẻ", thousand="ngàn", four_after_tens="tư")


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (55, "năm mươi lăm"),
        (95, "chín mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (115, "một trăm mười lăm"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (2006, "hai nghìn không trăm linh sáu"),
        (21000, "hai mươi mốt nghìn"),
        (100000, "một trăm nghìn"),
        (1000001, "một triệu không trăm linh một"),
        (1050000, "một triệu không trăm năm mươi nghìn"),
        (1_000_000_000, "một tỷ"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-3, "âm ba"),
    ],
)
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


def test_southern_style() -> None:
    assert cardinal(105, SOUTH) == "một trăm lẻ năm"
    assert cardinal(24, SOUTH) == "hai mươi tư"
    assert cardinal(14, SOUTH) == "mười bốn"  # "tư" only after "mươi"
    assert cardinal(30000, SOUTH) == "ba mươi ngàn"


def test_decimals_and_digits() -> None:
    assert decimal("0", "7") == "không phẩy bảy"
    assert decimal("0", "05") == "không phẩy không năm"
    assert decimal("2", "25") == "hai phẩy hai mươi lăm"
    assert decimal("3", "125") == "ba phẩy một hai năm"
    assert read_number("1.250.000") == "một triệu hai trăm năm mươi nghìn"
    assert digits("0905") == "không chín không năm"


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 4, 10)] == ["nhất", "hai", "tư", "mười"]


def test_roman_numerals_round_trip_and_reject_malformed() -> None:
    assert [roman_to_int(r) for r in ("I", "IV", "IX", "XII", "XV", "XIII", "XL")] == [1, 4, 9, 12, 15, 13, 40]
    assert all(roman_to_int(int_to_roman(n)) == n for n in range(1, 400))
    assert roman_to_int("IIII") is None and roman_to_int("VX") is None and roman_to_int("ABC") is None


def test_agrees_with_vietnam_number_library() -> None:
    """An independent implementation (which spells "lẻ" as "lẽ") must agree
    on every number up to 20 000 and on a sample of large ones."""
    vn = pytest.importorskip("vietnam_number")
    style = NumberStyle(zero_tens="lẽ")
    numbers = [*range(0, 20001), *(n * 7919 + 13 for n in range(1, 3000)), 10**9 + 5, 123_456_789_012]
    mismatches = [n for n in numbers if cardinal(n, style) != vn.n2w(str(n))]
    assert mismatches == []
