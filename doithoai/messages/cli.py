"""The CLI (doithoai.cli, doithoai.commands): its own lines and the help of
the commands' options."""

from __future__ import annotations

ABORTED = "Đã dừng. / Aborted."
INTERRUPTED = "Đã dừng (Ctrl-C). / Interrupted."


def os_error(exc: OSError) -> str:
    where = f" '{exc.filename}'" if exc.filename else ""
    return f"Không đọc/ghi được tệp{where}: {exc.strerror or exc}. / File system error{where}."


def error_line(exc: object) -> str:
    return f"Lỗi: {exc}"


# --- help of the commands' options (click) ----------------------------------------


def document_output_help(what: str, default_name: str) -> str:
    return f"Tệp {what} .docx (mặc định: {default_name} cạnh tệp bản ghi)."


ANNOUNCE_OUTPUT_HELP = "Tệp MP3 để phát (bản WAV gốc ghi cạnh nó)."
ANNOUNCE_DRY_RUN_HELP = "Chỉ xem trước văn bản máy sẽ đọc và lịch phát, không tạo âm thanh."
ANNOUNCE_ENGINE_HELP = (
    "Bộ đọc: auto (mặc định: gtts khi có mạng, rồi giọng piper mặc định đã cài, rồi espeak-ng), "
    "espeak-ng (ngoại tuyến), gtts (cần mạng), piper (giọng đã cài, xem --voice)."
)
ANNOUNCE_FALLBACK_HELP = "Bộ đọc dự phòng, cách nhau bằng dấu phẩy, hoặc 'none' (mặc định: espeak-ng)."
ANNOUNCE_SPEED_HELP = "Tốc độ đọc (1.0 = bình thường, 0.9 = chậm hơn)."
ANNOUNCE_REPEAT_HELP = "Số lần đọc thông báo (mặc định 2: 'Xin thông báo lại')."
ANNOUNCE_LEAD_DAYS_HELP = "Số ngày tối thiểu phát trước sự kiện (mặc định 3)."
ANNOUNCE_FORCE_HELP = "Vẫn làm dù lịch phát vi phạm số ngày phát trước."
ANNOUNCE_CHECK_HELP = "Nhận dạng lại âm thanh và báo tỉ lệ lỗi từ so với kịch bản."
ANNOUNCE_SCRIPT_HELP = "Phát kịch bản đã sửa (tệp từ --script-out)."
ANNOUNCE_SCRIPT_OUT_HELP = "Ghi kịch bản ra tệp văn bản để sửa."
ANNOUNCE_SPOKEN_OUT_HELP = "Ghi văn bản máy đọc (đã chuẩn hóa số, ngày, chữ viết tắt)."
ANNOUNCE_TEXT_HELP = "Văn bản thông báo tự do (thay cho nội dung từ tệp sự kiện)."
ANNOUNCE_TEXT_FILE_HELP = "Tệp văn bản thông báo tự do (UTF-8)."
ANNOUNCE_ICS_HELP = "Xuất lịch phát ra tệp .ics (lịch điện thoại, Google Calendar)."
ANNOUNCE_CACHE_DIR_HELP = "Thư mục lưu tạm giọng đọc đã tạo."
ANNOUNCE_ORGANISER_HELP = "Cơ quan thông báo, ví dụ 'Ủy ban nhân dân xã Bình Thanh'."
ANNOUNCE_TITLE_HELP = "Tên sự kiện."
ANNOUNCE_DATE_HELP = "Ngày tổ chức, ví dụ 2024-09-20 hoặc 20/9/2024."
ANNOUNCE_TIME_HELP = "Giờ bắt đầu, ví dụ 08:00 hoặc 7h30."
ANNOUNCE_VENUE_HELP = "Địa điểm."
ANNOUNCE_AUDIENCE_HELP = "Thôn được mời (lặp lại cho nhiều thôn)."
ANNOUNCE_CONTENT_HELP = "Một nội dung chính (lặp lại cho nhiều nội dung)."
ANNOUNCE_CONTACT_HELP = "Nơi liên hệ."
ANNOUNCE_STATION_HELP = "Tên đài, ví dụ 'Đài truyền thanh xã Bình Thanh'."
ANNOUNCE_SLOT_HELP = "Giờ phát, ví dụ 06:00 (lặp lại cho nhiều giờ)."
ANNOUNCE_BROADCAST_DATE_HELP = "Ngày phát cụ thể (lặp lại); không có thì tự động."
ANNOUNCE_DAYS_BEFORE_HELP = "Lịch tự động: phát hằng ngày từ N ngày trước sự kiện."
BACKUP_OUTPUT_HELP = "Tệp sao lưu cần tạo (mặc định: doithoai-sao-luu-<ngày-giờ>.tar.gz)."
DATA_HELP = "Thư mục dữ liệu (mặc định: $DOITHOAI_DATA hoặc ./doithoai-data)."
MEETING_HELP = "Tệp cuộc họp (TOML), ví dụ samples/binh-thanh.toml."
ITEMS_HELP = "Tệp ý kiến đã rà soát (JSON); ý kiến đã sửa thay cho ý kiến trích tự động."
ATTENDEES_HELP = "Số người dân tham dự (thay cho meeting.attendees)."
PDF_HELP = "Xuất thêm tệp PDF (cần LibreOffice)."
MINUTES_NO_APPENDIX_HELP = "Không kèm phụ lục (bảng ý kiến và bản ghi lời nói)."
MODELS_FORCE_HELP = "Tải lại kể cả khi đã có đúng phiên bản."
MODELS_QUIET_HELP = "Không hiện thanh tiến độ."
MODELS_OUTPUT_HELP = "Tệp .zip để chép sang USB."
MODELS_NAME_HELP = "Tên để gọi mô hình với --model (mặc định: tên thư mục / tên trong gói)."
MODELS_DEVICE_HELP = "auto: dùng GPU nếu CTranslate2 thấy GPU."
MODELS_CLIPS_HELP = "Thư mục *.wav + *.txt (mặc định: đoạn ghi âm mẫu)."
OUT_DIR_HELP = "Thư mục ghi kết quả. / Output directory."
PROCESS_MODEL_HELP = "Tên hoặc đường dẫn mô hình (mặc định whisper-base)."
PROCESS_PROGRESS_HELP = "bar, json hoặc none. Mặc định: bar nếu là terminal."
QUESTIONS_MEETING_HELP = "Tệp cuộc họp (TOML): cán bộ, thôn, định tuyến."
QUESTIONS_OUTPUT_HELP = "Ghi ra .json, .csv hoặc .xlsx (với --from-text: .jsonl) (mặc định: JSON ra màn hình)."
QUESTIONS_FROM_TEXT_HELP = "Mỗi dòng {\"text\": …} là ý kiến của một người dân; '-' đọc từ stdin."
QUESTIONS_LEXICON_HELP = "Thư mục từ điển của xã (thay/bổ sung minutes/data)."
RESTORE_FORCE_HELP = "Xóa dữ liệu đang có trong cơ sở dữ liệu rồi khôi phục."
SERVE_HOST_HELP = "Địa chỉ lắng nghe; 0.0.0.0 để máy khác trong mạng nội bộ truy cập."
SERVE_NO_WORKER_HELP = "Không chạy gỡ băng trong tiến trình này (đã có `doithoai worker`)."
SERVE_WORKERS_HELP = "Số việc gỡ băng chạy cùng lúc."
SERVE_PROCESSES_HELP = "Số tiến trình phục vụ trang web (mặc định: số nhân CPU, tối đa 4)."
SERVE_DEMO_HELP = "Tạo dữ liệu mẫu và tài khoản dùng thử trước khi chạy (lần sau không tạo lại)."
SPEAKERS_MEETING_HELP = "Tệp cuộc họp (.toml): nhận ra chủ trì và cán bộ theo danh sách."
SPEAKERS_APPLY_HELP = "Đặt luôn tên đề xuất tốt nhất cho mỗi người nói."
TRANSCRIBE_MODEL_HELP = "Tên hoặc đường dẫn mô hình (mặc định whisper-base). / Model name or path."
TRANSCRIBE_MEETING_HELP = "Tệp cuộc họp (TOML): tên người, thôn, thuật ngữ giúp nhận dạng đúng. / Meeting file."
TRANSCRIBE_FORMAT_HELP = "Các định dạng, cách nhau bởi dấu phẩy: json,srt,vtt,txt. / Output formats."
TRANSCRIBE_REVIEW_HELP = (
    "Từ có xác suất dưới ngưỡng này được đánh dấu cần kiểm tra (mặc định 0.7, hoặc "
    "[transcription] review_threshold trong tệp cuộc họp). / Review threshold."
)
TRANSCRIBE_PROGRESS_HELP = "bar (thanh tiến độ), json (cho ứng dụng web), none. Mặc định: bar nếu là terminal."
TRANSCRIBE_SPEAKERS_HELP = (
    "Phân biệt người nói: auto hoặc số người (cần gói doithoai[speakers]). / Speaker diarization."
)
USERS_ROLE_HELP = "Vai trò."
USERS_NAME_HELP = "Họ tên."
USERS_UNIT_HELP = "Đơn vị (với cán bộ xử lý: chỉ thấy ý kiến của đơn vị này)."
USERS_PASSWORD_STDIN_HELP = "Đọc mật khẩu từ dòng đầu của đầu vào chuẩn."
