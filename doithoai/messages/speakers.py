"""Output of `doithoai speakers` (suggest and rename speaker names)."""

from __future__ import annotations

_RENAME_EXAMPLE = 'doithoai speakers rename bien-ban.json SPK1="Chủ tịch UBND xã Nguyễn Hồng Phước"'
NO_NAMES_GIVEN = f"Chưa có tên nào để đặt. Ví dụ: {_RENAME_EXAMPLE} / Give at least one LABEL=NAME."
NO_NAMES_FOUND = "Không tìm thấy tên nào trong lời nói. Đặt tên bằng tay: " + _RENAME_EXAMPLE


def assignment_without_equals(pair: str) -> str:
    return f"'{pair}' thiếu dấu '='. Viết NHÃN=\"Tên\", ví dụ: {_RENAME_EXAMPLE} / Expected LABEL=NAME."


def assignment_without_label(pair: str) -> str:
    return f"'{pair}' thiếu nhãn người nói trước dấu '=' (ví dụ SPK1). / Missing label."


def assignment_empty_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: {_RENAME_EXAMPLE} / Empty name."


def label_given_twice(label: str) -> str:
    return f"Nhãn '{label}' được đặt tên hai lần. / Label given twice."


def transcript_saved(path: str) -> str:
    return f"Đã lưu {path}."


def names_applied(count: int, path: str) -> str:
    return f"Đã đặt {count} tên và lưu {path}."


def how_to_apply_names(path: str, args: str) -> str:
    return f"Để dùng các tên này: doithoai speakers rename {path} {args}"
