"""User-facing text of the follow-up pages and the results report download."""

from __future__ import annotations

from minutes.messages.items import STATUS_LABELS

TITLE = "Theo dõi giải quyết kiến nghị"
XLSX_SHEET_TITLE = "Theo dõi"
XLSX_HEADINGS = (
    "STT",
    "Hội nghị",
    "Người nêu",
    "Thôn",
    "Nội dung",
    "Đơn vị xử lý",
    "Hạn trả lời",
    "Còn lại / quá hạn",
    "Trạng thái",
    "Kết quả",
    "Ngày trả lời",
)
NO_UNIT = "(chưa phân công)"
BAD_STATUS = "Trạng thái không hợp lệ. Chọn: Mới, Đã phân công, Đang xử lý hoặc Đã trả lời."
BAD_DATE = "Ngày trả lời không hợp lệ (ví dụ: 2024-10-05 hoặc 05/10/2024)."
NOT_FOLLOWED = "Ý kiến này không thuộc diện theo dõi (không phải kiến nghị)."
REASON_NEEDED = "Khi lùi trạng thái về một bước, hãy ghi rõ lý do."
RESPONSE_NEEDED = "Muốn chuyển sang «Đã trả lời», hãy nhập nội dung trả lời (kết quả giải quyết)."
UNIT_NEEDED = "Ý kiến chưa có đơn vị xử lý: thư ký cần phân công đơn vị ở trang rà soát trước."
TOO_LONG = "Nội dung quá dài (tối đa {limit} ký tự)."
DATE_IN_FUTURE = "Ngày trả lời không được sau ngày hôm nay."
DATE_BEFORE_MEETING = "Ngày trả lời không được trước ngày tổ chức hội nghị."
ITEM_NOT_FOUND = "Không tìm thấy ý kiến cần theo dõi."
OTHER_UNIT = "Ý kiến này thuộc đơn vị khác; bạn chỉ xem và cập nhật được ý kiến của đơn vị mình."
REPORT_NOT_FOR_OFFICER = "Báo cáo kết quả chung của hội nghị do thư ký lập; cán bộ xử lý xem danh sách của đơn vị mình."


def meeting_file_broken(title: str, detail: str) -> str:
    return f"Tệp thông tin của hội nghị «{title}» bị lỗi: {detail}"


def back_too_far(old: str, new: str) -> str:
    return (
        f"Không thể chuyển từ «{STATUS_LABELS.get(old, old)}» về «{STATUS_LABELS.get(new, new)}»: "
        "chỉ được lùi một bước (kèm lý do)."
    )


def updated(status: str) -> str:
    return f"Đã cập nhật: {STATUS_LABELS.get(status, status)}."


def days_left(days: int | None) -> str:
    """ "còn 3 ngày", "hết hạn hôm nay", "quá hạn 5 ngày"."""
    if days is None:
        return "không có hạn"
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hết hạn hôm nay"
    return f"quá hạn {-days} ngày"
