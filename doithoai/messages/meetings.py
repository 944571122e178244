"""User-facing text of the meetings pages, uploads and job progress (Vietnamese)."""

from __future__ import annotations

import re

from pipeline.messages.audio import AUDIO_FORMATS

MEETING_NOT_FOUND = "Không tìm thấy hội nghị."
MEETING_CREATED = "Đã tạo hội nghị."
MEETING_SAVED = "Đã lưu thông tin hội nghị."

# the meeting form
# labels of the number fields, named in NOT_A_NUMBER
LABEL_ATTENDEES = "Số người dân tham dự"
LABEL_WRITTEN_ANSWER_DAYS = "Hạn trả lời bằng văn bản (ngày)"
LABEL_RESULT_REPORT_DAYS = "Hạn báo cáo kết quả (ngày)"
LABEL_MINUTES_NUMBER = "Số biên bản"
LABEL_REPORT_NUMBER = "Số báo cáo"
NOT_A_NUMBER = "«{label}» phải là số nguyên (ví dụ: 10)."
OFFICIAL_LINE = "Dòng {n} của «Cán bộ trả lời» cần có họ tên (dạng: Họ tên | Chức vụ | Đơn vị)."
CO_CHAIR_LINE = "Dòng {n} của «Đồng chủ trì» cần có họ tên (dạng: Họ tên | Chức vụ)."
NOT_UTF8 = "Tệp hội nghị không phải văn bản UTF-8."
NO_FILE = "Chưa chọn tệp."
TOML_TOO_BIG = "Tệp hội nghị quá lớn (tối đa 1 MB)."
TOML_ONLY = "Hãy chọn tệp hội nghị có đuôi .toml."


def meeting_invalid(detail: str) -> str:
    return f"Thông tin hội nghị chưa hợp lệ: {detail}"


def bad_toml(error: Exception) -> str:
    """tomllib's English message → where the mistake is, in Vietnamese."""
    at = re.search(r"line (\d+), column (\d+)", str(error))
    where = f" ở dòng {at[1]}, cột {at[2]}" if at else " (ở cuối tệp)" if "end of document" in str(error) else ""
    return (
        f"Tệp hội nghị sai cú pháp TOML{where}. Hãy kiểm tra ở đó: dấu =, dấu ngoặc kép quanh chữ, "
        "tên mục trong [ ] và không có khóa nào lặp lại."
    )


# uploads
UPLOAD_EMPTY = "Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp ghi âm."
UPLOAD_INTERRUPTED = "Việc tải lên bị ngắt giữa chừng. Hãy thử lại."


def upload_too_large(limit_bytes: int) -> str:
    return (
        f"Tệp quá lớn: giới hạn tải lên là {limit_bytes / (1024 * 1024):.0f} MB. "
        "Hãy cắt bớt hoặc nén tệp (ví dụ sang mp3) rồi tải lại."
    )


def upload_bad_extension(name: str) -> str:
    return f"Tệp «{name}» không phải định dạng ghi âm được hỗ trợ. Dùng một trong các định dạng: {AUDIO_FORMATS}."


def recording_added(name: str) -> str:
    return f"Đã tải lên «{name}» và xếp lịch gỡ băng."


NO_RECORDING = "Hội nghị này chưa có bản ghi âm."

# transcript import
TRANSCRIPT_TOO_BIG = "Tệp bản ghi quá lớn (tối đa 200 MB)."
TRANSCRIPT_NOT_UTF8 = "Tệp bản ghi không phải văn bản UTF-8 (cần tệp .json do lệnh «doithoai transcribe» tạo ra)."


def transcript_not_json(line: int, column: int) -> str:
    return (
        f"Tệp bản ghi không phải JSON hợp lệ (lỗi ở dòng {line}, cột {column}); cần tệp .json do lệnh "
        "«doithoai transcribe» tạo ra."
    )


def transcript_imported(segments: int, items: int) -> str:
    return f"Đã nhập bản ghi: {segments} đoạn, {items} ý kiến tự động trích xuất."


# transcript versions
TRANSCRIPT_NOT_FOUND = "Không tìm thấy bản gỡ băng này trong hội nghị."
TRANSCRIPT_KEPT_EDITED = (
    "Bản gỡ băng mới đã được lưu, nhưng biên bản và báo cáo vẫn dùng bản đang dùng vì bản đó "
    "đã được sửa. Muốn dùng bản mới, bấm «Dùng bản này» ở trang hội nghị."
)
TRANSCRIPT_ALREADY_USED = "Bản gỡ băng này đang được dùng."


def transcript_used(source: str, items: int) -> str:
    return (
        f"Biên bản, báo cáo và trang rà soát giờ dùng bản gỡ băng «{source}»; "
        f"đã trích xuất lại {items} ý kiến tự động (các ý kiến đã duyệt hoặc thêm tay được giữ nguyên)."
    )


# jobs
JOB_CANCEL_ASKED = "Đã yêu cầu hủy việc gỡ băng."
JOB_RETRIED = "Đã cho chạy lại việc gỡ băng."

LEXICON_NOT_FROM_WEB = (
    "Không đặt được thư mục từ điển riêng ([extraction] lexicon) qua trang web: đó là một "
    "thư mục trên máy chủ. Hãy bỏ dòng đó, hoặc dùng lệnh `doithoai process --lexicon` trên máy chủ."
)
