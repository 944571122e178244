"""Things read digit by digit or by a fixed form: document numbers, phone
numbers, hotlines and identifiers.

Document numbers ("số 29/2022/QĐ-UBND") are read as Vietnamese officials read
them aloud: the number, "trên" and the year, a pause, then the type and the
issuing body in words: "số hai mươi chín trên hai nghìn không trăm hai mươi
hai, quyết định Ủy ban nhân dân".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from broadcast.normalize.numbers import NumberStyle, cardinal, digits

# Type code and issuer: "QĐ-UBND", "NĐ-CP", "TT-BTTTT", "KH-UBND", "QH15", "CT-TTg".
_CODE = r"[A-ZĐ][A-Za-zĐđ&]*\d*(?:-[A-ZĐ][A-Za-zĐđ&]*\d*)*"
DOCUMENT = re.compile(rf"(?<![\w/.,])(?:(\d{{1,5}})(?:/(\d{{4}}))?)?/({_CODE})(?![\w/])")

# Phones: 10-digit mobiles ("0905 123 456", "0905.123.456", "0905123456"),
# 11-digit landlines ("0255 3825 123", "0255.3825123"), "+84 905 123 456".
PHONE = re.compile(r"(?<![\w.,/+-])(\+84|0)[ .-]?(\d{1,4}(?:[ .-]?\d{2,4}){1,3})(?![\w]|[.,/-]\d)")
# Switchboards: "1900 9095", "1800.1234", "19001234".
HOTLINE = re.compile(r"(?<![\w.,/])(1[89]00)[ .]?(\d{3,4}(?:[ .]?\d{2,3})?)(?![\w]|[.,/]\d)")
# An identifier announced by a keyword: "mã số thuế 4300123456", "CCCD số 051…".
_KEYWORDS = (
    r"số điện thoại|điện thoại|SĐT|ĐT|hotline|đường dây nóng|tổng đài|mã số thuế|MST|mã số|mã hồ sơ|"
    r"mã định danh|số định danh|số tài khoản|STK|tài khoản|CCCD số|số CCCD|CCCD|CMND số|số CMND|CMND|"
    r"mã bưu chính|số hiệu|gọi(?: số)?"
)
KEYWORD_CODE = re.compile(
    rf"(?<!\w)((?:{_KEYWORDS})(?:\s*(?:là|số))?\s*:?\s*)(\d[\d .]*\d|\d)(?![\w]|[,.]\d)", re.IGNORECASE
)
# Long bare identifiers: 9+ digits, or 4+ digits with a leading zero.
LONG_DIGITS = re.compile(r"(?<![\w.,/])(?:\d{9,}|0\d{3,})(?![\w]|[.,/]\d)")


def read_groups(groups: list[str], pauses: bool) -> str:
    """Digit groups joined by a comma (a pause for the listener) or a space."""
    return (", " if pauses else " ").join(digits(g) for g in groups if g)


def _split_plain(number: str) -> list[str]:
    """Group an unseparated phone number the way people say it: 4-3-3, 4-4-3."""
    if len(number) == 10:
        return [number[:4], number[4:7], number[7:]]
    if len(number) == 11:
        return [number[:4], number[4:8], number[8:]]
    return [number]


def phones(text: str, pauses: bool = True) -> str:
    """Phone numbers and hotlines digit by digit."""

    def phone(m: re.Match) -> str:
        groups = re.split(r"[ .-]", m.group(2))
        groups[0] = "0" + groups[0]  # "+84 905…" is read as dialled at home: "0905…"
        total = len("".join(groups))
        # a full number, or a grouped one cut short in a draft ("0255 3825 xxx")
        if not (10 <= total <= 11 or (len(groups) > 1 and 7 <= total <= 11)):
            return m.group(0)
        if len(groups) == 1:
            groups = _split_plain(groups[0])
        return read_groups(groups, pauses)

    text = PHONE.sub(phone, text)
    return HOTLINE.sub(lambda m: read_groups([m.group(1), *re.split(r"[ .]", m.group(2))], pauses), text)


def identifiers(text: str, pauses: bool = True) -> str:
    """Numbers a keyword marks as an identifier, and long bare digit strings."""
    text = KEYWORD_CODE.sub(lambda m: m.group(1) + read_groups(re.split(r"[ .]", m.group(2)), pauses), text)
    return LONG_DIGITS.sub(lambda m: digits(m.group(0)), text)


def documents(text: str, read_code: Callable[[str], str], style: NumberStyle) -> str:
    """ "29/2022/QĐ-UBND" -> "hai mươi chín trên hai nghìn không trăm hai mươi hai, quyết định Ủy ban nhân dân"."""

    def document(m: re.Match) -> str:
        number, year, code = m.groups()
        words = []
        if number:
            words.append(cardinal(int(number), style))
        if year:
            words.append("trên " + cardinal(int(year), style))
        head = " ".join(words)
        letters = code.rstrip("0123456789")  # "QH15": Quốc hội khóa 15
        number_part = code[len(letters) :]
        tail = read_code(letters) + (" " + cardinal(int(number_part), style) if number_part else "")
        return f"{head}, {tail}" if head else tail

    return DOCUMENT.sub(document, text)
