"""Vietnamese labels of the audit log page: what changed, in words an
administrator reads, not field names."""

from __future__ import annotations

import re
from typing import Any

from minutes.items import KIND_LABELS, STATUS_LABELS, TOPIC_LABELS

ENTITY_LABELS = {
    "item": "Ý kiến", "segment": "Đoạn bản ghi", "speaker": "Người nói", "meeting": "Hội nghị",
    "user": "Tài khoản", "notice": "Thông báo", "job": "Việc gỡ băng", "recording": "Bản ghi âm",
}
ACTION_LABELS = {
    "create": "tạo", "update": "sửa", "edit": "sửa", "add": "thêm tay", "accept": "duyệt", "accepted": "duyệt",
    "reject": "loại", "merge": "gộp", "split": "tách", "assign": "phân công", "answer": "đánh dấu trả lời",
    "followup": "cập nhật xử lý", "rename": "đặt tên", "password": "đặt lại mật khẩu", "upload": "tải lên",
    "import_transcript": "nhập bản ghi", "cancel": "hủy", "retry": "chạy lại",
}
FIELD_LABELS = {
    "key": "mã", "kind": "loại", "text": "nội dung", "summary": "tóm tắt", "topic": "lĩnh vực", "unit": "bộ phận",
    "asker": "người nêu", "hamlet": "thôn", "start": "từ giây", "end": "đến giây", "answered": "đã trả lời tại hội nghị",
    "answer": "nội dung trả lời", "outside_content": "ngoài nội dung thông báo", "review": "rà soát",
    "status": "trạng thái", "deadline": "hạn trả lời", "response": "kết quả trả lời", "responded_at": "ngày trả lời",
    "reason": "lý do", "merged_into": "gộp vào ý kiến", "split_from": "tách từ ý kiến", "speaker": "người nói",
    "label": "nhãn", "name": "tên", "title": "tiêu đề", "date": "ngày", "config": "tệp thông tin hội nghị",
    "username": "tên đăng nhập", "full_name": "họ tên", "role": "vai trò", "active": "hoạt động",
    "mp3_path": "tệp MP3", "duration": "thời lượng (giây)", "loudness": "độ lớn (LUFS)", "engine": "giọng đọc",
    "warnings": "cảnh báo", "original_name": "tên tệp", "size": "dung lượng", "sha256": "mã băm",
}
_REVIEW = {"auto": "chưa rà soát", "accepted": "đã duyệt", "rejected": "đã loại", "added": "thêm tay", "merged": "đã gộp"}
_ROLES = {"admin": "Quản trị", "thu_ky": "Thư ký", "truyen_thanh": "Truyền thanh", "can_bo": "Cán bộ xử lý"}
_VALUES = {"kind": KIND_LABELS, "topic": TOPIC_LABELS, "status": STATUS_LABELS, "review": _REVIEW, "role": _ROLES}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LONG = 300  # characters shown of a long value (a meeting file)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def value_text(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if name in _VALUES and isinstance(value, str):
        return _VALUES[name].get(value, value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= LONG else text[:LONG] + " …"
