"""Vietnamese labels of the audit log page: what changed, in words an
administrator reads, not field names."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from doithoai.messages.jobs import STATE_LABELS as JOB_STATES
from doithoai.messages.model_admin import KIND_LABELS as MODEL_KINDS
from doithoai.messages.web import ROLE_LABELS
from minutes.messages.items import KIND_LABELS, STATUS_LABELS, TOPIC_LABELS

SYSTEM_USER = "hệ thống"  # who an entry without a logged-in user is by
ENTITY_LABELS = {
    "item": "Ý kiến",
    "segment": "Đoạn bản ghi",
    "speaker": "Người nói",
    "meeting": "Hội nghị",
    "user": "Tài khoản",
    "notice": "Thông báo",
    "job": "Việc gỡ băng",
    "recording": "Bản ghi âm",
    "model": "Mô hình, giọng đọc",
    "backup": "Dữ liệu",
}
ACTION_LABELS = {
    "create": "tạo",
    "update": "sửa",
    "edit": "sửa",
    "add": "thêm tay",
    "accept": "duyệt",
    "accepted": "duyệt",
    "reject": "loại",
    "merge": "gộp",
    "unmerge": "hoàn tác gộp",
    "split": "tách",
    "assign": "phân công",
    "answer": "đánh dấu trả lời",
    "followup": "cập nhật xử lý",
    "rename": "đặt tên",
    "password": "đặt lại mật khẩu",
    "upload": "tải lên",
    "import_transcript": "nhập bản ghi",
    "cancel": "hủy",
    "retry": "chạy lại",
    "pull": "tải về",
    "use": "đặt làm mặc định",
    "use_transcript": "chọn bản gỡ băng",
    "publish": "công bố kết quả",
    "backup": "sao lưu",
    "restore": "khôi phục",
}
_FIELD_LABELS = {
    "key": "mã",
    "kind": "loại",
    "text": "nội dung",
    "summary": "tóm tắt",
    "topic": "lĩnh vực",
    "unit": "bộ phận",
    "asker": "người nêu",
    "hamlet": "thôn",
    "start": "từ lúc",
    "end": "đến lúc",
    "answered": "đã trả lời tại hội nghị",
    "answer": "nội dung trả lời",
    "outside_content": "ngoài nội dung thông báo",
    "review": "rà soát",
    "status": "trạng thái",
    "deadline": "hạn trả lời",
    "response": "kết quả trả lời",
    "responded_at": "ngày trả lời",
    "reason": "lý do",
    "merged_into": "gộp vào ý kiến",
    "split_from": "tách từ ý kiến",
    "speaker": "người nói",
    "label": "nhãn",
    "name": "tên",
    "title": "tiêu đề",
    "date": "ngày",
    "config": "tệp thông tin hội nghị",
    "username": "tên đăng nhập",
    "full_name": "họ tên",
    "role": "vai trò",
    "active": "hoạt động",
    "mp3_path": "tệp MP3",
    "duration": "thời lượng",
    "loudness": "độ lớn (LUFS)",
    "engine": "giọng đọc",
    "warnings": "cảnh báo",
    "original_name": "tên tệp",
    "size": "dung lượng",
    "sha256": "mã kiểm tra tệp",
    "evidence": "dẫn chứng trong bản ghi",
    "path": "nơi lưu tệp",
    "force": "làm lại dù đã có",
    "source": "tệp nguồn",
    "segments": "số đoạn",
    "items": "số ý kiến",
    "transcript_id": "bản gỡ băng số",
    "used": "được dùng ngay",
    "state": "tình trạng",
    "notice_id": "bản tin số",
    "document": "văn bản",
    "on_spot": "trả lời tại hội nghị",
    "referred": "chuyển xử lý",
    "left_out": "không đưa vào",
    "broadcasts": "số lần phát",
    "event": "sự kiện",
    "script": "lời đọc",
    "plan": "lịch phát",
    "file": "tệp",
    "tables": "số bảng",
    "rows": "số dòng dữ liệu",
    "files": "số tệp",
    **MODEL_KINDS,
}
_OTHER_FIELD = "thông tin khác"  # a field this table does not name yet: never its code name
_REVIEW = {
    "auto": "chưa rà soát",
    "accepted": "đã duyệt",
    "rejected": "đã loại",
    "added": "thêm tay",
    "merged": "đã gộp",
}
_VALUES = {
    "kind": KIND_LABELS,
    "topic": TOPIC_LABELS,
    "status": STATUS_LABELS,
    "review": _REVIEW,
    "role": ROLE_LABELS,
    "state": JOB_STATES,
}
_SECONDS = ("start", "end", "duration")  # shown as a clock
_TOML = ("config", "event")  # a meeting or event file: shown as a summary, not as TOML
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LONG = 300  # characters shown of a long value (a meeting file)


def field_label(name: str) -> str:
    return _FIELD_LABELS.get(name, _OTHER_FIELD)


def _number(value: float) -> str:
    """At most two decimals, Vietnamese decimal comma: 12.25 → "12,25"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    h, rest = divmod(whole, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def _toml_summary(text: str) -> str:
    """A meeting or event file in words: its title, date and place."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return f"tệp thông tin ({len(text.splitlines())} dòng)"
    head = next((v for k, v in data.items() if k in ("meeting", "event") and isinstance(v, dict)), {})
    parts = [f"«{head['title']}»" if head.get("title") else ""]
    when = head.get("date")
    if when is not None:
        parts.append("ngày " + value_text("date", when.isoformat() if hasattr(when, "isoformat") else str(when)))
    if head.get("venue"):
        parts.append(f"tại {head['venue']}")
    shown = ", ".join(p for p in parts if p)
    return f"tệp thông tin: {shown}" if shown else f"tệp thông tin ({len(text.splitlines())} dòng)"


def value_text(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if name in _VALUES and isinstance(value, str):
        return _VALUES[name].get(value, value)
    if isinstance(value, (int, float)) and name in _SECONDS:
        return _clock(float(value))
    if isinstance(value, int) and name == "size":
        return f"{_number(value / 1048576)} MB"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str) and name in _TOML:
        return _toml_summary(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"{len(value)} mục"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(k))}: {value_text(str(k), v)}" for k, v in value.items())
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= _LONG else text[:_LONG] + " …"
