"""The meeting file (minutes.meeting): its defaults and its errors."""

from __future__ import annotations

from pathlib import Path

AGENCY_PARENT = "ỦY BAN NHÂN DÂN"  # first header line of the documents
HAMLET_TERM = "thôn {hamlet}"  # a hamlet in the recogniser's vocabulary
HOUR_WORD = "giờ"  # "7 giờ 30" in a time field reads as 7:30


def missing_key(key: str) -> str:
    return f"Tệp cuộc họp thiếu mục bắt buộc '{key}'. / Meeting file is missing '{key}'."


def bad_time(key: str, value: object) -> str:
    return f"Giờ không hợp lệ ở '{key}': {value!r} (ví dụ: \"08:00\"). / Invalid time for '{key}'."


def bad_date(key: str, value: object) -> str:
    return f"Ngày không hợp lệ ở '{key}': {value!r} (ví dụ: 2024-09-20). / Invalid date for '{key}'."


def person_without_name(key: str) -> str:
    return f"'{key}' phải có tên (name). / '{key}' needs a name."


def not_string_list(key: str) -> str:
    return f"'{key}' phải là danh sách chuỗi. / '{key}' must be a list of strings."


def not_table(key: str) -> str:
    return f"Mục [{key}] phải là một bảng (key = value). / [{key}] must be a table."


def not_quoted_string(key: str) -> str:
    return f"'{key}' phải là chuỗi trong dấu ngoặc kép. / '{key}' must be a string."


def not_string(key: str) -> str:
    return f"'{key}' phải là chuỗi. / '{key}' must be a string."


def not_positive(key: str) -> str:
    return f"{key} phải là số nguyên dương. / must be a positive integer."


PUBLISH_NAMES_NOT_BOOL = "publish.names phải là true hoặc false. / must be true or false."
MEETING_NOT_TABLE = "Mục [meeting] phải là một bảng. / [meeting] must be a table."
OFFICIALS_NOT_LIST = "'officials' phải là danh sách [[officials]]. / must be an array of tables."
CO_CHAIRS_NOT_LIST = "'people.co_chairs' phải là danh sách. / must be a list."
LEXICON_NOT_PATH = "'extraction.lexicon' phải là đường dẫn thư mục. / must be a folder path."
SPEAKERS_NOT_NAMES = (
    '[speakers] phải là bảng NHÃN = "tên", ví dụ SPK1 = "Nguyễn Hồng Phước". '
    "/ [speakers] must map labels to non-empty names."
)
ATTENDEES_INVALID = "'meeting.attendees' phải là số nguyên không âm. / must be a non-negative integer."
OVERRIDES_NOT_TABLE = "[routing.overrides] phải là bảng lĩnh vực = đơn vị. / must be a table."


def lexicon_folder_missing(path: Path) -> str:
    return f"Không tìm thấy thư mục từ điển trích xuất '{path}' (extraction.lexicon). / Extraction lexicon folder not found."


def official_without_name(i: int) -> str:
    return f"officials[{i}] cần có 'name'. / officials[{i}] needs a name."


def bad_deadlines(exc: Exception) -> str:
    return f"Mục [deadlines] không hợp lệ: {exc}. / Invalid [deadlines]."


def deadline_out_of_range(key: str, days: int, most: int) -> str:
    return f"[deadlines] {key} = {days}: số ngày phải từ 0 đến {most}. / Days must be 0 to {most}."


def meeting_file_not_found(path: Path) -> str:
    return f"Không tìm thấy tệp cuộc họp: {path}. / Meeting file not found."


def meeting_file_not_utf8(path: Path) -> str:
    return f"Tệp cuộc họp {path} không phải văn bản UTF-8. / Not UTF-8 text."


def meeting_file_bad_toml(path: Path, exc: Exception) -> str:
    return f"Tệp cuộc họp {path} sai cú pháp TOML: {exc}. / Invalid TOML."


def bad_review_threshold(value: object) -> str:
    return (
        f"Ngưỡng đánh dấu từ cần kiểm tra ([transcription] review_threshold) phải là một số từ 0 đến 1, "
        f"không phải {value!r}. / The review threshold must be a number from 0 to 1."
    )
