"""Dates and clock times as read on the radio.

"29/10/2025" -> "ngày hai mươi chín tháng mười năm hai nghìn không trăm hai mươi lăm"
(no second "ngày" when the text already has one); "tháng 01/2024", "quý III/2023";
"7h30", "7g30", "14:00", "07 giờ 30 phút" -> "bảy giờ ba mươi phút", "mười bốn giờ".
No "sáng"/"chiều" is added: the time is read as written.
"""

from __future__ import annotations

import re

from broadcast.normalize.numbers import NumberStyle, cardinal, month, roman_to_int

_D = r"0?[1-9]|[12]\d|3[01]"
_M = r"0?[1-9]|1[0-2]"
_Y = r"\d{4}"
_DAY_WORD = r"(?:[Nn]gày|NGÀY|[Mm]ùng|[Mm]ồng)\s+"
_END = r"(?![\w/]|[.,-]\d)"

# "20/9/2024", "20-9-2024", "20.9.2024", optionally "ngày 20 - 25/9/2024" (a day range).
FULL_DATE = re.compile(rf"(?<![\w/.,-])({_DAY_WORD})?({_D})(?:\s*[-–]\s*({_D}))?([/.-])({_M})\4({_Y}){_END}")
# "20/9" and "20-25/9" (slash only: "20.9" is a decimal, "7-10" a range).
_ADDRESS = re.compile(r"(?:[Ss]ố|[Nn]hà|[Hh]ẻm|[Kk]iệt|[Nn]gõ|[Nn]gách|[Tt]ổ)\s+$")
SHORT_DATE = re.compile(rf"(?<![\w/.,-])({_DAY_WORD})?({_D})(?:\s*[-–]\s*({_D}))?/({_M}){_END}")
# "tháng 01/2024", "01/2024"
MONTH_YEAR = re.compile(rf"(?<![\w/.,-])([Tt]háng\s+|THÁNG\s+)?({_M})/({_Y}){_END}")
# "tháng 9", "tháng 4"
MONTH = re.compile(rf"(?<!\w)([Tt]háng|THÁNG)(\s+)({_M})(?![\w]|[.,/]\d)")
# "quý III/2023", "quý 3 năm 2023", "Quý IV"
QUARTER = re.compile(r"(?<!\w)([Qq]uý|QUÝ)(\s+)(IV|I{1,3}|[1-4])(?:\s*/\s*(\d{4}))?(?![\w/])")

_H = r"[01]?\d|2[0-3]"
_MIN = r"[0-5]\d"
# "7h30", "7h", "7 h 30", "7g30", "14:00", "lúc 14h00" (with an optional "phút"/"p" after).
_CLOCK = rf"(?:({_H})\s?[hHg:]\s?({_MIN})(?:\s?(?:phút|p)(?!\w))?|({_H})\s?[hH](?![\w]))"
TIME = re.compile(rf"(?<![\w:.,/]){_CLOCK}(?:\s*[-–]\s*{_CLOCK})?(?![\w:]|[.,]\d)")
# "07 giờ 30 phút", "7 giờ 30", "8 giờ 00 phút"
SPOKEN_TIME = re.compile(
    rf"(?<![\w.,])(?:({_H})\s*[-–]\s*)?({_H})\s+giờ(?:\s+({_MIN}|\d)(\s*(?:phút|p(?!\w)))?)?(?!\w)"
)
# "7-11h", "7 - 11h": a bare hour before a clock time
HOUR_RANGE = re.compile(rf"(?<![\w:.,/])({_H})\s*[-–]\s*(?=(?:{_H})\s?[hHg:])")


def _date(
    day: str, month_: str, year: str | None, prefix: str | None, style: NumberStyle, day_to: str | None = None
) -> str:
    words = (prefix or "ngày ") + cardinal(int(day), style)
    if day_to:
        words += " đến " + cardinal(int(day_to), style)
    words += " tháng " + month(int(month_), style)
    if year:
        words += " năm " + cardinal(int(year), style)
    return words


def _clock(hour: str, minute: str | None, style: NumberStyle, say_minutes: bool = True) -> str:
    words = cardinal(int(hour), style) + " giờ"
    if minute and int(minute):
        words += " " + cardinal(int(minute), style) + (" phút" if say_minutes else "")
    return words


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around a read date, removed at the end
_DATE_RANGE = re.compile(rf"{_CLOSE}\s*[-–]\s*{_OPEN}")


def _mark(words: str) -> str:
    return _OPEN + words + _CLOSE


def dates(text: str, style: NumberStyle) -> str:
    """Full dates, day ranges, day/month, quarters, month/year and "tháng 9"."""

    def quarter(m: re.Match) -> str:
        n = roman_to_int(m[3]) if not m[3].isdigit() else int(m[3])
        words = f"{m[1]}{m[2]}{cardinal(n or 0, style)}"
        return words + (" năm " + cardinal(int(m[4]), style) if m[4] else "")

    def short_date(m: re.Match) -> str:
        if _ADDRESS.search(m.string[: m.start()]):  # "số 12/3": a house number, not a date
            return m.group(0)
        return _mark(_date(m[2], m[4], None, m[1], style, m[3]))

    text = FULL_DATE.sub(lambda m: _mark(_date(m[2], m[5], m[6], m[1], style, m[3])), text)
    text = SHORT_DATE.sub(short_date, text)
    text = QUARTER.sub(quarter, text)

    def month_year(m: re.Match) -> str:
        if not m[1] and _ADDRESS.search(m.string[: m.start()]):  # "số 5/2024": a number, not a month
            return m.group(0)
        return (m[1] or "tháng ") + month(int(m[2]), style) + " năm " + cardinal(int(m[3]), style)

    text = MONTH_YEAR.sub(month_year, text)
    text = MONTH.sub(lambda m: m[1] + m[2] + month(int(m[3]), style), text)
    # "20/9 - 25/9/2024": two dates joined by a dash are a range
    text = _DATE_RANGE.sub(" đến ", text)
    return text.replace(_OPEN, "").replace(_CLOSE, "")


def times(text: str, style: NumberStyle) -> str:
    """Clock times and time ranges ("7h30-11h" -> "… đến mười một giờ")."""

    def time(m: re.Match) -> str:
        first = _clock(m[1] or m[3], m[2], style)
        if m[4] or m[6]:
            return first + " đến " + _clock(m[4] or m[6], m[5], style)
        return first

    text = HOUR_RANGE.sub(lambda m: cardinal(int(m[1]), style) + " đến ", text)
    text = TIME.sub(time, text)

    # Written out already: only the numbers change; "00 phút" is not read.
    def spoken(m: re.Match) -> str:
        words = _clock(m[2], m[3], style, say_minutes=bool(m[4]))
        return (cardinal(int(m[1]), style) + " đến " if m[1] else "") + words

    return SPOKEN_TIME.sub(spoken, text)
