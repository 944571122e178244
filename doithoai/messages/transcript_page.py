"""User-facing text of the transcript page (Vietnamese)."""

from __future__ import annotations

from doithoai.messages import web

NO_TRANSCRIPT = "Chưa có bản ghi — tải bản ghi âm lên ở trang hội nghị."
TEXT_EMPTY = "Nội dung đoạn không được để trống. Nếu đoạn này không có lời nói, hãy ghi ngắn gọn, ví dụ “(không rõ)”."
TEXT_TOO_LONG = "Nội dung một đoạn quá dài (tối đa 5.000 ký tự). Hãy rút gọn lại."
SPEAKER_UNKNOWN = "Người nói đã chọn không có trong hội nghị này. Hãy tải lại trang và chọn lại."
NAME_TOO_LONG = "Tên người nói quá dài (tối đa 200 ký tự)."
SPEAKER_NONE = "(không rõ)"  # the speaker choice "nobody in particular"
SEGMENT_NOT_FOUND = "Không tìm thấy đoạn này trong hội nghị."
BAD_BODY = "Dữ liệu gửi lên không hợp lệ. Hãy tải lại trang và thử lại."
SEGMENT_SAVED = "Đã lưu đoạn đã sửa."


def speakers_saved(count: int) -> str:
    return f"Đã lưu tên {count} người nói." if count else web.NOTHING_CHANGED
