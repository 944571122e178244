"""User-facing text of the broadcast pages (radio operator), in Vietnamese."""

from __future__ import annotations

ENGINE_LABELS = {
    "espeak-ng": "Giọng đọc máy có sẵn (espeak-ng, không cần mạng, luôn dùng được)",
    "gtts": "Giọng Google (gtts, cần mạng Internet; mất mạng thì dùng giọng đọc máy espeak-ng)",
    "piper": "Giọng đọc tự nhiên đã cài trên máy (piper, không cần mạng)",
}
ENGINE_UNKNOWN = "Bộ đọc không hợp lệ. Chọn một trong các bộ đọc có trong danh sách."
VOICE_UNKNOWN = "Giọng đọc không có trên máy này. Chọn một giọng trong danh sách (trang Mô hình và giọng đọc)."
MODE_UNKNOWN = "Loại thông báo không hợp lệ: chọn «Thông báo sự kiện» hoặc «Văn bản tự do»."
NOT_PREVIEWED = "Hãy bấm «Xem trước kịch bản» trước khi tạo bản âm thanh."
EVENT_CHANGED = (
    "Thông tin sự kiện đã thay đổi sau lần xem trước. Kịch bản bên dưới vẫn là bản anh/chị đã sửa: "
    "hãy kiểm tra lại (hoặc bấm «Xem trước kịch bản» để tạo lại kịch bản theo thông tin mới), "
    "rồi bấm «Tạo bản âm thanh» lần nữa."
)
NO_SCRIPT = "Kịch bản đang trống: hãy bấm «Xem trước kịch bản» để tạo kịch bản."
ALL_PAST = (
    "Mọi buổi phát trong lịch đều đã qua mà sự kiện chưa diễn ra: không còn kịp phát theo lịch. Hãy chọn ngày phát mới."
)
LEAD_NEEDS_FORCE = (
    "Chưa tạo bản âm thanh: lịch phát không đủ thời hạn thông báo trước. "
    "Hãy phát sớm hơn, hoặc đánh dấu «Vẫn phát (bỏ qua kiểm tra)» nếu đã được chấp thuận."
)
FILE_MISSING = "Không tìm thấy tệp của thông báo này trong thư mục dữ liệu."
NO_ICS = "Thông báo này không có lịch phát nên không có tệp lịch (.ics)."

# Form labels, also used to say which box holds a mistake.
_FIELD_LABELS = {
    "station.name": "Tên đài",
    "station.organiser": "Cơ quan thông báo",
    "event.organiser": "Cơ quan thông báo",
    "event.title": "Tên sự kiện",
    "event.date": "Ngày tổ chức",
    "event.start": "Giờ bắt đầu",
    "event.end": "Giờ kết thúc",
    "event.venue": "Địa điểm",
    "event.audience": "Thôn được mời",
    "event.content": "Nội dung",
    "event.chair": "Người chủ trì",
    "event.note": "Ghi chú",
    "event.contact": "Liên hệ",
    "schedule.lead_days": "Số ngày phải thông báo trước",
    "schedule.days_before": "Phát từ bao nhiêu ngày trước",
    "schedule.dates": "Ngày phát",
    "schedule.slots": "Giờ phát",
    "audio.speed": "Tốc độ đọc",
    "audio.repeat": "Số lần đọc",
}


def with_field_hint(message: str) -> str:
    """Add the form label of the field a service message names ('event.date')."""
    for key, label in _FIELD_LABELS.items():
        if f"'{key}'" in message or f"({key})" in message:
            return f"{message} — xem ô «{label}»."
    return message


def lead_violation(first: str, event: str, days: int, lead: int) -> str:
    return (
        f"Lần phát đầu tiên ({first}) chỉ trước ngày tổ chức ({event}) {days} ngày, "
        f"ít hơn {lead} ngày theo quy định. Hãy phát sớm hơn (thêm ngày phát hoặc tăng «Phát từ bao nhiêu ngày trước»), "
        f"hoặc đánh dấu «Vẫn phát (bỏ qua kiểm tra)» nếu đã được chấp thuận."
    )


def lead_forced(name: str, days: int, lead: int) -> str:
    return (
        f"Cảnh báo: lần phát đầu chỉ trước sự kiện {days} ngày (quy định {lead} ngày); "
        f"{name} đã chọn vẫn phát (bỏ qua kiểm tra)."
    )


def rendered(title: str) -> str:
    return f"Đã tạo bản âm thanh: {title}"


def days_before(n: int) -> str:
    return "hôm trước" if n == 1 else f"trước {n} ngày"
