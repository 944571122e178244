"""Vietnamese text for administrative documents (Nghị định 30/2020).

Dates, document numbers, times and counts as they are printed in the
header, the fields and the closing line. Every function returns NFC text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from minutes.messages import documents as msg


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Upper case that keeps Vietnamese diacritics composed ("xã" → "XÃ")."""
    return nfc(nfc(text).upper())


def pad2(number: int) -> str:
    """Numbers below 10 take a leading zero ("03", "15"), as in "Số: 03/…"."""
    return f"{number:02d}" if 0 <= number < 10 else str(number)


def day_str(day: int) -> str:
    return pad2(day)


def month_str(month: int) -> str:
    # Nghị định 30: months 1 and 2 take a leading zero (avoids "1" → "11", "12").
    return pad2(month) if month in (1, 2) else str(month)


def date_words(date: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2024"."""
    return msg.DATE_WORDS.format(day=day_str(date.day), month=month_str(date.month), year=date.year)


def place_date(place: str, date: dt.date) -> str:
    """The italic line under the national motto: "Bình Thanh, ngày 20 tháng 9 năm 2024"."""
    place = nfc(place.strip())
    return f"{place}, {date_words(date)}" if place else date_words(date)[0].upper() + date_words(date)[1:]


def short_date(date: dt.date) -> str:
    """ "05/01/2024" (tables, deadlines)."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def time_words(time: dt.time) -> str:
    """ "10 giờ 30 phút", "08 giờ 00 phút"."""
    return msg.TIME_WORDS.format(hour=time.hour, minute=time.minute)


def doc_number(number: int | None, type_code: str, agency_code: str = "UBND") -> str:
    """ "Số: 03/BB-UBND"; without a number, a blank for the clerk to fill in."""
    num = pad2(number) if number else " " * 6
    return f"{msg.NUMBER_LABEL} {num}/{type_code}-{agency_code}"


def timestamp(seconds: float) -> str:
    """ "[hh:mm:ss]" position in the recording, without brackets."""
    total = max(0, int(round(seconds)))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def add_minutes(time: dt.time, seconds: float) -> dt.time:
    """`time` plus a duration, rounded to the minute, capped at 23:59."""
    base = dt.datetime.combine(dt.date(2000, 1, 1), time)
    later = base + dt.timedelta(seconds=round(seconds / 60) * 60)
    if later.date() != base.date():
        return dt.time(23, 59)
    return later.time().replace(second=0, microsecond=0)


def sentence(text: str) -> str:
    """Tidy raw ASR text for a document: trim, collapse spaces, capitalise the
    first letter and end with a full stop."""
    text = " ".join(nfc(text).split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] not in ".?!…:;":
        text += "."
    return text


def strip_final_stop(text: str) -> str:
    return text.rstrip().rstrip(".;").rstrip()


def restore_names(text: str, names: list[str]) -> str:
    """Write known proper names (people, hamlets) with their capitals in raw,
    lower-case ASR text: "ở thôn phước hòa" → "ở thôn Phước Hòa"."""
    text = nfc(text)
    for name in sorted({nfc(n.strip()) for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        text = pattern.sub(name, text)
    return text
