"""Publishing the results of a dialogue: `doithoai publish` and the
"Công bố kết quả" action of the follow-up page."""

from __future__ import annotations

from pathlib import Path

# --- the command ---------------------------------------------------------------------------------
PUBLISH_HELP = "Công bố kết quả đối thoại: thông báo niêm yết (DOCX) và bản tin truyền thanh (MP3)."
PUBLISH_HELP_MEETING = "Tệp cuộc họp (TOML)."
PUBLISH_HELP_OUTPUT = "Thư mục ghi thông báo, kịch bản và MP3."
PUBLISH_HELP_DATE = "Ngày ký thông báo (mặc định: hôm nay), ví dụ 2024-09-25."
PUBLISH_HELP_SLOT = "Giờ phát, ví dụ 06:00 (lặp lại; mặc định 06:00 và 17:00)."
PUBLISH_HELP_DATES = "Ngày phát cụ thể (lặp lại); không có thì tự động từ ngày sau đối thoại."
PUBLISH_HELP_DAYS = "Lịch tự động: số ngày phát liên tiếp."
PUBLISH_HELP_FORCE = "Vẫn làm dù lịch phát quá hạn công bố kết quả."
PUBLISH_HELP_NO_AUDIO = "Chỉ ghi thông báo và kịch bản, không tạo âm thanh."
PUBLISH_HELP_ENGINE = "Bộ đọc: espeak-ng (ngoại tuyến), gtts, piper."
PUBLISH_HELP_REPEAT = "Số lần đọc bản tin ('Xin thông báo lại')."
PUBLISH_HELP_STATION = "Tên đài (mặc định: Đài truyền thanh + tên xã)."
PUBLISH_HELP_CACHE = "Thư mục lưu tạm giọng đọc."
ITEMS_NOT_A_LIST = 'Tệp kiến nghị phải có danh sách "items". / Needs an "items" list.'
WHAT_DOCX = "thông báo niêm yết"
WHAT_SCRIPT = "kịch bản bản tin"
WHAT_FILE = "tệp"


def none_accepted(unreviewed: int) -> str:
    return (
        f"Chưa có ý kiến nào được duyệt để công bố ({unreviewed} ý kiến chưa rà soát). Hãy rà soát, chấp nhận "
        f'các ý kiến (trường "reviewed": true) rồi công bố lại. / No accepted items to publish.'
    )


def left_out(n: int) -> str:
    return f"{n} ý kiến chưa được duyệt nên không đưa vào thông báo."


def no_answer_yet(n: int) -> str:
    return f"{n} ý kiến chưa có trả lời: thông báo ghi tình trạng và hạn trả lời."


def items_not_json(detail: object) -> str:
    return f"Tệp kiến nghị không phải JSON hợp lệ: {detail}. / Invalid JSON."


def out_not_folder(path: Path) -> str:
    return f"'{path}' là một tệp, không phải thư mục: -o cần một thư mục. / -o must be a folder."


def publish_cannot_write(path: Path, reason: object) -> str:
    return f"Không ghi được '{path}': {reason}. / Cannot write."


def bad_response_date(where: str, value: object) -> str:
    return f"{where}: ngày trả lời '{value}' không phải ngày YYYY-MM-DD. / invalid responded_at."


def bad_response(where: str) -> str:
    return f"{where}: 'response' phải là chuỗi. / 'response' must be a string."


def bad_slot(value: str) -> str:
    return f"Giờ phát '{value}' không hợp lệ (ví dụ 06:00). / Invalid slot."


def bad_broadcast_date(value: str) -> str:
    return f"Ngày '{value}' không hợp lệ (ví dụ 2024-09-23 hoặc 23/9/2024). / Invalid date."


def published_file(path: Path, what: str) -> str:
    return f"Đã ghi {what}: {path}"


def published_counts(shown: int, spot: int, referred: int) -> str:
    return f"Công bố {shown} ý kiến: {spot} trả lời tại hội nghị, {referred} trả lời bằng văn bản."


def bulletin_audio(duration: float, lufs: float, target: float, engine: str) -> str:
    return f"Bản tin: {duration:.0f} giây, độ lớn {lufs:.1f} LUFS (mục tiêu {target:.0f}), bộ đọc {engine}."


# --- the web action ------------------------------------------------------------------------------
PUBLISH_TITLE = "Công bố kết quả đối thoại"
PUBLISH_NOT_YET = "Chưa công bố kết quả cho hội nghị này."


def notice_title(title: str) -> str:
    return f"Kết quả đối thoại: {title}"


def draft_for_radio(user: str) -> str:
    return f"Bản thảo do {user} chuyển từ «Công bố kết quả»: kiểm tra lời đọc, bấm Xem trước rồi Tạo âm thanh."


def published(title: str) -> str:
    return f"Đã công bố kết quả «{title}»: tải thông báo về để niêm yết; lời đọc đã chuyển cho cán bộ truyền thanh."
