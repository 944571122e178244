"""Money, percentages, measures, ordinals, Roman numerals, ranges and plain numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping

from broadcast.normalize.numbers import (
    NUMBER,
    NumberStyle,
    cardinal,
    digits,
    number_value,
    ordinal,
    read_number,
    roman_to_int,
)

_START = r"(?<![\w.,/])"
_END = r"(?![\w]|[.,]\d)"
# Before a unit or a currency, "2.5" is a decimal written the English way.
_QUANTITY = rf"{NUMBER}|\d+\.\d{{1,2}}(?!\d)"
_RANGE = rf"({_QUANTITY})(?:\s*[-–]\s*({_QUANTITY}))?"
SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


def _range(first: str, second: str | None, style: NumberStyle) -> str:
    words = read_number(first, style)
    return words + (" đến " + read_number(second, style) if second else "")


def money(text: str, currency: Mapping[str, str], style: NumberStyle) -> str:
    """ "50.000đ" -> "năm mươi nghìn đồng"; "1,5 triệu đồng" -> "một triệu năm trăm nghìn đồng"."""
    pattern = re.compile(rf"{_START}{_RANGE}\s*(nghìn|ngàn|triệu|tỷ|tỉ)?\s*({_alternation(list(currency))})(?![\w])")

    def amount(number: str, scale: str | None) -> str:
        num, den = number_value(number)
        factor = SCALES.get(scale or "", 1)
        if (num * factor) % den == 0:  # an exact amount in đồng: say it in full
            return cardinal(num * factor // den, style)
        return read_number(number, style) + (" " + scale if scale else "")

    def sub(m: re.Match) -> str:
        words = amount(m[1], m[3])
        if m[2]:
            words += " đến " + amount(m[2], m[3])
        return f"{words} {currency[m[4]]}"

    text = pattern.sub(sub, text)
    dollars = re.compile(rf"(?<![\w.,/])(US)?\$\s*({NUMBER}){_END}")  # "$100" -> "một trăm đô la"
    return dollars.sub(lambda m: read_number(m[2], style) + (" đô la Mỹ" if m[1] else " đô la"), text)


PERCENT = re.compile(rf"{_START}{_RANGE}\s*%")


def percents(text: str, style: NumberStyle) -> str:
    """ "15%" -> "mười lăm phần trăm"; "3,5%" -> "ba phẩy năm phần trăm"."""
    return PERCENT.sub(lambda m: _range(m[1], m[2], style) + " phần trăm", text)


TIMES_SIGN = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)")  # "3x4 m" -> "ba nhân bốn mét"


def units(text: str, table: Mapping[str, str], style: NumberStyle) -> str:
    """ "2,5 ha" -> "hai phẩy năm héc-ta"; "Km 15" -> "ki-lô-mét mười lăm"."""
    names = _alternation(list(table))
    text = TIMES_SIGN.sub(" nhân ", text)
    after = re.compile(rf"{_START}{_RANGE}\s*({names})(?![\w²³])")
    text = after.sub(lambda m: f"{_range(m[1], m[2], style)} {table[m[3]]}", text)
    # "đồng/m2", "triệu/ha": a unit after a slash is "per unit"
    per = re.compile(rf"(?<=[^\W\d_])\s*/\s*({names})(?![\w²³])")
    text = per.sub(lambda m: f" một {table[m[1]]}", text)
    milestone = re.compile(rf"(?<![\w])(Km|KM|km)\s*(\d+)(?:\s*\+\s*(\d+))?{_END}")
    return milestone.sub(
        lambda m: (
            f"{table.get('km', 'ki-lô-mét')} {cardinal(int(m[2]), style)}"
            + (f" cộng {cardinal(int(m[3]), style)}" if m[3] else "")
        ),
        text,
    )


WEEKDAY = re.compile(r"(?<![\w/-])T([2-7])(?![\w/]|[.,]\d)")  # "T2" … "T7": thứ Hai … thứ Bảy
ORDINAL = re.compile(r"(?<!\w)([Tt]hứ|THỨ)(\s+)(\d{1,3})(?![\w]|[.,/]\d)")
# Words after which capitals are Roman numerals: "quý III", "khóa XV", "Phần II", "lần thứ IV".
_ROMAN_CONTEXT = (
    r"[Kk]hóa|[Kk]hoá|KHÓA|[Pp]hần|PHẦN|[Cc]hương|CHƯƠNG|[Mm]ục|MỤC|[Đđ]ợt|ĐỢT|[Kk]ỳ|[Kk]ì|[Tt]ập|"
    r"[Gg]iai đoạn|[Đđ]ại hội|ĐẠI HỘI|[Tt]hế kỷ|[Tt]hế kỉ|[Cc]ấp|[Bb]ậc|[Hh]ạng|[Ll]oại|[Vv]ùng|[Kk]hu vực"
)
ROMAN = re.compile(rf"(?<!\w)({_ROMAN_CONTEXT}|[Tt]hứ|THỨ)(\s+)([IVXLC]+)(?![\w])")
# A heading numbered in Roman at the start of a line: "II. NỘI DUNG".
ROMAN_HEADING = re.compile(r"(?m)^(\s*)([IVX]+)([.)])(?=\s)")


def ordinals(text: str, style: NumberStyle) -> str:
    """ "thứ 2" -> "thứ hai", "lần thứ 1" -> "lần thứ nhất", "thứ 4" -> "thứ tư"."""
    text = WEEKDAY.sub(lambda m: "thứ " + ordinal(int(m[1]), style), text)
    return ORDINAL.sub(lambda m: m[1] + m[2] + ordinal(int(m[3]), style), text)


def romans(text: str, style: NumberStyle) -> str:
    """Roman numerals after a word that takes one; other capitals are left alone."""

    def sub(m: re.Match) -> str:
        n = roman_to_int(m[3])
        if n is None:
            return m.group(0)
        word = ordinal(n, style) if m[1].lower() == "thứ" else cardinal(n, style)
        return m[1] + m[2] + word

    def heading(m: re.Match) -> str:
        n = roman_to_int(m[2])
        return m.group(0) if n is None else f"{m[1]}{cardinal(n, style)}{m[3]}"

    return ROMAN_HEADING.sub(heading, ROMAN.sub(sub, text))


# "H5N1", "QH15", "5A", "Covid-19": letters and digits are read apart.
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])-?(?=\d)|(?<=\d)(?=[^\W\d_])")


def split_alphanumeric(text: str) -> str:
    return _LETTER_DIGIT.sub(" ", text)


FRACTION = re.compile(rf"{_START}(\d+)\s*/\s*(\d+){_END}")  # "số 12/3", "5/2024" after "số"
RANGE = re.compile(rf"{_START}({NUMBER})\s*[-–]\s*({NUMBER}){_END}")
DOTTED = re.compile(r"(?<![\w.,])\d+(?:\.\d+)+(?![\w]|[.,]\d)")  # "2.1", "1.2.3": section numbers
PLAIN = re.compile(rf"{_START}({NUMBER}){_END}")


def numbers(text: str, style: NumberStyle) -> str:
    """Ranges ("7-10" -> "bảy đến mười"), section numbers, then every other number."""
    text = RANGE.sub(lambda m: _range(m[1], m[2], style), text)
    text = FRACTION.sub(lambda m: f"{cardinal(int(m[1]), style)} trên {cardinal(int(m[2]), style)}", text)
    text = PLAIN.sub(lambda m: read_number(m[1], style), text)
    text = DOTTED.sub(lambda m: " chấm ".join(cardinal(int(p), style) for p in m.group(0).split(".")), text)
    # Whatever digits are still glued to punctuation are read one by one.
    return re.sub(r"\d+", lambda m: " " + digits(m.group(0)) + " ", text)
