"""User-facing text of the meetings pages, uploads and job progress (Vietnamese)."""

from __future__ import annotations

from pipeline.messages.audio import AUDIO_FORMATS

MEETINGS_TITLE = "Hội nghị đối thoại"
NEW_MEETING = "Hội nghị mới"
EDIT_MEETING = "Sửa thông tin hội nghị"
MEETING_NOT_FOUND = "Không tìm thấy hội nghị này."
MEETING_CREATED = "Đã tạo hội nghị."
MEETING_SAVED = "Đã lưu thông tin hội nghị."
NOTHING_CHANGED = "Không có gì thay đổi."

# the meeting form
NOT_A_NUMBER = "«{label}» phải là số nguyên (ví dụ: 10)."
OFFICIAL_LINE = "Dòng {n} của «Cán bộ trả lời» cần có họ tên (dạng: Họ tên | Chức vụ | Đơn vị)."
CO_CHAIR_LINE = "Dòng {n} của «Đồng chủ trì» cần có họ tên (dạng: Họ tên | Chức vụ)."
BAD_TOML = "Tệp hội nghị sai cú pháp TOML: {detail}"
NOT_UTF8 = "Tệp hội nghị không phải văn bản UTF-8."
NO_FILE = "Chưa chọn tệp."
TOML_TOO_BIG = "Tệp hội nghị quá lớn (tối đa 1 MB)."
TOML_ONLY = "Hãy chọn tệp hội nghị có đuôi .toml."


def meeting_invalid(detail: str) -> str:
    return f"Thông tin hội nghị chưa hợp lệ: {detail}"


# uploads
UPLOAD_EMPTY = "Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp ghi âm."
UPLOAD_NO_NAME = "Thiếu tên tệp tải lên."
UPLOAD_INTERRUPTED = "Việc tải lên bị ngắt giữa chừng. Hãy thử lại."


def upload_too_large(limit_bytes: int) -> str:
    return (f"Tệp quá lớn: giới hạn tải lên là {limit_bytes / (1024 * 1024):.0f} MB. "
            "Hãy cắt bớt hoặc nén tệp (ví dụ sang mp3) rồi tải lại.")


def upload_bad_extension(name: str) -> str:
    return (f"Tệp «{name}» không phải định dạng ghi âm được hỗ trợ. "
            f"Dùng một trong các định dạng: {AUDIO_FORMATS}.")


def recording_added(name: str) -> str:
    return f"Đã tải lên «{name}» và xếp lịch gỡ băng."


NO_RECORDING = "Hội nghị này chưa có bản ghi âm."

# transcript import
TRANSCRIPT_TOO_BIG = "Tệp bản ghi quá lớn (tối đa 200 MB)."
TRANSCRIPT_NOT_JSON = "Tệp bản ghi không phải JSON hợp lệ (tệp do lệnh «doithoai transcribe» tạo ra): {detail}"


def transcript_imported(segments: int, items: int) -> str:
    return f"Đã nhập bản ghi: {segments} đoạn, {items} ý kiến tự động trích xuất."


# jobs
JOB_NOT_FOUND = "Không tìm thấy việc gỡ băng này."
JOB_CANCEL_ASKED = "Đã yêu cầu hủy việc gỡ băng."
JOB_RETRIED = "Đã cho chạy lại việc gỡ băng."

LEXICON_NOT_FROM_WEB = ("Không đặt được thư mục từ điển riêng ([extraction] lexicon) qua trang web: đó là một "
                        "thư mục trên máy chủ. Hãy bỏ dòng đó, hoặc dùng lệnh `doithoai process --lexicon` trên máy chủ.")
