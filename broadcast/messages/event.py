"""The event file (broadcast.event): what each field expects and its errors."""

from __future__ import annotations

from pathlib import Path

EVENT_FILE = "tệp sự kiện"
# How people write a time ("8:00", "7h30", "8 giờ 30 phút") and a commune's People's Committee.
TIME_PATTERN = r"^\s*(\d{1,2})\s*(?:[:hH]|giờ)\s*(\d{1,2})?\s*(?:phút)?\s*$"
ORGANISER_PATTERN = r"^(?:Ủy ban nhân dân|UBND)\s+((?:xã|phường|thị trấn|đặc khu)\s+.+)$"
STATION_OF_AREA = "Đài truyền thanh {area}"  # the station named after the commune
FREE_TEXT = "văn bản thông báo"
SCRIPT_FILE = "tệp kịch bản"
EXPECT_TEXT = "một chuỗi chữ / a string"
EXPECT_TEXT_LIST = 'danh sách chuỗi, ví dụ ["Phước Hòa", "Thanh Thủy"] / a list of strings'
EXPECT_TIME = 'giờ dạng "08:00" hoặc "7h30" / a time like "08:00"'
EXPECT_TIME_LIST = 'danh sách giờ, ví dụ ["06:00", "17:00"] / a list of times'
EXPECT_DATE = 'ngày dạng 2024-09-20 hoặc "20/9/2024" / a date like 2024-09-20'
EXPECT_TABLE = "một bảng TOML / a TOML table"
END_BEFORE_START = "Giờ kết thúc (event.end) phải sau giờ bắt đầu (event.start). / event.end must be after event.start."
DATES_AND_DAYS_BEFORE = (
    "Chỉ dùng một trong hai: schedule.dates (ngày phát cụ thể) hoặc schedule.days_before (tự động). "
    "/ Use either schedule.dates or schedule.days_before, not both."
)

NOTHING_TO_ANNOUNCE = (
    "Không có gì để thông báo: cần tệp sự kiện có mục [event], hoặc --text / --text-file, hoặc --script. "
    "/ Nothing to announce: give an event file with [event], --text/--text-file or --script."
)


def missing_field(key: str) -> str:
    return f"Thiếu mục bắt buộc '{key}'. / Missing required field '{key}'."


def bad_field(key: str, expected: str, value: object = None) -> str:
    got = f" (đang là {value!r})" if value is not None else ""
    return f"Mục '{key}' không hợp lệ{got}: cần {expected}. / Invalid '{key}'."


def bad_number(key: str, value: object, lo: float, hi: float) -> str:
    return f"Mục '{key}' = {value!r} không hợp lệ: cần một số từ {lo:g} đến {hi:g}. / '{key}' must be a number in [{lo:g}, {hi:g}]."


def unknown_sections(names: list[str], known: list[str]) -> str:
    return (
        f"Tệp sự kiện có mục lạ: {', '.join(names)}; các mục hợp lệ: {', '.join(known)}. "
        f"/ Unknown section(s): {', '.join(names)}."
    )


def unknown_keys(section: str, names: list[str], known: list[str]) -> str:
    return (
        f"Mục [{section}] có trường lạ: {', '.join(names)}; các trường hợp lệ: {', '.join(known)}. "
        f"/ Unknown field(s) in [{section}]: {', '.join(names)}."
    )


def file_not_found(path: Path, what: str) -> str:
    return f"Không tìm thấy {what}: {path}. / File not found: {path}."


def not_utf8(path: Path) -> str:
    return f"Tệp {path} không phải văn bản UTF-8. / {path} is not UTF-8 text."


def bad_toml(path: Path, exc: Exception) -> str:
    return f"Tệp {path} sai cú pháp TOML: {exc}. / Invalid TOML in {path}."
