"""Every user-facing text of the broadcast library, in one place.

Notice phrasing (read on air) first, then errors and reports (Vietnamese,
English after " / ").
"""

from __future__ import annotations

from pathlib import Path

# --- on-air phrasing -----------------------------------------------------------
OPENING_STATION = "Đây là {station}."
OPENING_NOTICE = "Sau đây là thông báo của {organiser}."
OPENING_NOTICE_PLAIN = "Sau đây là một thông báo."
REPEAT_INTRO = "Xin thông báo lại."
CLOSING_STATION = "{station} vừa phát thông báo của {organiser}."
CLOSING_PLAIN = "Vừa rồi là thông báo."
CLOSING_THANKS = "Cảm ơn bà con đã chú ý lắng nghe."
ORGANISER_FALLBACK = "chính quyền địa phương"

BODY_INVITE = "{organiser} trân trọng thông báo và kính mời {audience} đến dự {title}."
BODY_TIME = "Thời gian: vào lúc {when}."
BODY_VENUE = "Địa điểm: tại {venue}."
BODY_CHAIR = "Chủ trì: {chair}."
BODY_CONTENT_ONE = "Nội dung: {point}."
BODY_CONTENT_MANY = "Nội dung gồm: {points}."
BODY_APPEAL = "Kính mời bà con đến dự đông đủ và đúng giờ."
BODY_CONTACT = "Mọi chi tiết xin liên hệ {contact}."
AUDIENCE_PREFIX = "toàn thể Nhân dân"
AUDIENCE_ALL = "toàn thể Nhân dân trên địa bàn xã"
ORDINALS = ["thứ nhất,", "thứ hai,", "thứ ba,", "thứ tư,", "thứ năm,", "thứ sáu,", "thứ bảy,", "thứ tám,", "thứ chín,", "thứ mười,"]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]

SCRIPT_SECTIONS = {"opening": "Mở đầu", "body": "Nội dung", "repeat": "Thông báo lại", "closing": "Kết thúc"}
SCRIPT_FILE_HEADER = (
    "# Kịch bản thông báo truyền thanh. Sửa chữ tùy ý rồi phát lại bằng: doithoai announce --script TỆP …\n"
    "# Giữ nguyên các dòng tiêu đề trong ngoặc vuông; dòng bắt đầu bằng # được bỏ qua.\n"
    "# Phần [Nội dung] được đọc nhiều lần, mở đầu lần sau bằng phần [Thông báo lại]."
)

# --- event file ----------------------------------------------------------------
EVENT_FILE = "tệp sự kiện"
FREE_TEXT = "văn bản thông báo"
EXPECT_TEXT = "một chuỗi chữ / a string"
EXPECT_TEXT_LIST = "danh sách chuỗi, ví dụ [\"Phước Hòa\", \"Thanh Thủy\"] / a list of strings"
EXPECT_TIME = "giờ dạng \"08:00\" hoặc \"7h30\" / a time like \"08:00\""
EXPECT_TIME_LIST = "danh sách giờ, ví dụ [\"06:00\", \"17:00\"] / a list of times"
EXPECT_DATE = "ngày dạng 2024-09-20 hoặc \"20/9/2024\" / a date like 2024-09-20"
EXPECT_TABLE = "một bảng TOML / a TOML table"
END_BEFORE_START = "Giờ kết thúc (event.end) phải sau giờ bắt đầu (event.start). / event.end must be after event.start."
DATES_AND_DAYS_BEFORE = (
    "Chỉ dùng một trong hai: schedule.dates (ngày phát cụ thể) hoặc schedule.days_before (tự động). "
    "/ Use either schedule.dates or schedule.days_before, not both."
)
NOTHING_TO_ANNOUNCE = (
    "Không có gì để thông báo: cần tệp sự kiện có mục [event], hoặc --text / --text-file, hoặc --script. "
    "/ Nothing to announce: give an event file with [event], --text/--text-file or --script."
)


def missing_field(key: str) -> str:
    return f"Thiếu mục bắt buộc '{key}'. / Missing required field '{key}'."


def bad_field(key: str, expected: str, value: object = None) -> str:
    got = f" (đang là {value!r})" if value is not None else ""
    return f"Mục '{key}' không hợp lệ{got}: cần {expected}. / Invalid '{key}'."


def bad_number(key: str, value: object, lo: float, hi: float) -> str:
    return f"Mục '{key}' = {value!r} không hợp lệ: cần một số từ {lo:g} đến {hi:g}. / '{key}' must be a number in [{lo:g}, {hi:g}]."


def unknown_sections(names: list[str], known: list[str]) -> str:
    return (
        f"Tệp sự kiện có mục lạ: {', '.join(names)}; các mục hợp lệ: {', '.join(known)}. "
        f"/ Unknown section(s): {', '.join(names)}."
    )


def file_not_found(path: Path, what: str) -> str:
    return f"Không tìm thấy {what}: {path}. / File not found: {path}."


def not_utf8(path: Path) -> str:
    return f"Tệp {path} không phải văn bản UTF-8. / {path} is not UTF-8 text."


def bad_toml(path: Path, exc: Exception) -> str:
    return f"Tệp {path} sai cú pháp TOML: {exc}. / Invalid TOML in {path}."


# --- script and text ---------------------------------------------------------------
def empty_text(what: str) -> str:
    return f"{what.capitalize()} trống: không có gì để đọc. / The {what} is empty."


def control_chars(what: str) -> str:
    return f"{what.capitalize()} chứa ký tự điều khiển (có thể là tệp nhị phân, không phải văn bản). / The text contains control characters."


def no_words(what: str) -> str:
    return f"{what.capitalize()} không có chữ nào để đọc. / The text has no words."


def too_long(what: str, n: int, limit: int) -> str:
    return f"{what.capitalize()} quá dài ({n} ký tự, tối đa {limit}); hãy rút gọn thông báo. / Text too long ({n} > {limit} chars)."


def unknown_script_section(name: str, known: list[str]) -> str:
    return f"Kịch bản có phần lạ [{name}]; các phần hợp lệ: {', '.join('[' + k + ']' for k in known)}. / Unknown script section."


def spelled_warning(tokens: list[str]) -> str:
    return (f"Cảnh báo: các chữ viết tắt sau không có trong từ điển nên máy sẽ đánh vần từng chữ cái: {', '.join(tokens)}. "
            "Hãy viết rõ ra hoặc thêm vào từ điển của xã ([station] dictionary).")


def unread_warning(tokens: list[str]) -> str:
    return f"Cảnh báo: máy đọc có thể đọc sai các chữ sau (chưa chuẩn hóa được): {', '.join(tokens)}. Hãy viết rõ ra trong kịch bản."


# --- engines -------------------------------------------------------------------------
def unknown_engine(name: str, known: list[str]) -> str:
    return f"Không có bộ đọc '{name}'; chọn một trong: {', '.join(known)}. / Unknown TTS engine '{name}'."


def gtts_offline(fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy dùng bộ đọc ngoại tuyến: --engine espeak-ng"
    return f"Không kết nối được máy chủ đọc của Google (gtts): mất mạng hoặc bị chặn{then}. / gTTS is offline."


def gtts_failed(detail: str, fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy thử lại sau hoặc dùng --engine espeak-ng"
    return f"Máy chủ đọc của Google (gtts) lỗi: {detail}{then}. / gTTS failed: {detail}."


def gtts_timeout(seconds: float, fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy thử lại sau hoặc dùng --engine espeak-ng"
    return f"Máy chủ đọc của Google (gtts) không trả lời sau {seconds:g} giây{then}. / gTTS timed out."


def espeak_missing() -> str:
    return "Chưa cài espeak-ng (bộ đọc ngoại tuyến). Cài bằng: sudo apt-get install espeak-ng. / espeak-ng is not installed."


def espeak_failed(detail: str) -> str:
    return f"espeak-ng không đọc được văn bản: {detail}. / espeak-ng failed."


PIPER_NOT_INSTALLED = (
    "Bộ đọc piper chưa được cài. Cài bằng: .venv/bin/pip install piper-tts, rồi chỉ đường dẫn giọng đọc "
    ".onnx trong [tts.piper] voice = \"…\". / piper-tts is not installed (optional extra: doithoai[piper])."
)
PIPER_NO_VOICE = (
    "Bộ đọc piper cần một tệp giọng đọc .onnx (kèm tệp .onnx.json): đặt [tts.piper] voice = \"đường/dẫn/giong.onnx\" "
    "trong tệp sự kiện. / piper needs a .onnx voice file: set [tts.piper] voice."
)


def piper_voice_missing(path: Path) -> str:
    return f"Không tìm thấy giọng đọc piper: {path} (cần cả tệp {path.name}.json bên cạnh). / Piper voice not found: {path}."


def piper_failed(detail: str) -> str:
    return f"piper không đọc được văn bản: {detail}. / piper failed."


def all_engines_failed(reasons: list[str]) -> str:
    return "Không bộ đọc nào dùng được: " + " | ".join(reasons)


# --- mastering ---------------------------------------------------------------------------
def audio_unreadable(path: Path, detail: str) -> str:
    return f"Không đọc được tệp âm thanh {path}: {detail}. / Cannot decode audio {path}."


def ffmpeg_failed(detail: str) -> str:
    return f"ffmpeg lỗi khi mã hóa âm thanh: {detail}. / ffmpeg failed."


FFMPEG_MISSING = "Chưa cài ffmpeg. Cài bằng: sudo apt-get install ffmpeg. / ffmpeg is not installed."
SILENT_SPEECH = "Bộ đọc trả về âm thanh câm: không có tiếng để phát. / The TTS engine returned silence."

# --- schedule --------------------------------------------------------------------------------
PLAN_TITLE = "Lịch phát thanh"
PLAN_EMPTY = "Chưa có lịch phát (thêm [schedule] vào tệp sự kiện hoặc dùng --slot / --broadcast-date)."


def lead_time_violation(first: str, event: str, days: int, lead: int) -> str:
    return (
        f"Lần phát đầu tiên ({first}) chỉ trước ngày tổ chức ({event}) {days} ngày, "
        f"ít hơn {lead} ngày theo quy định. Hãy phát sớm hơn, hoặc dùng --force nếu đã được chấp thuận. "
        f"/ First broadcast is only {days} day(s) before the event (lead time {lead} days); use --force to override."
    )


def lead_time_forced(days: int, lead: int) -> str:
    return f"Cảnh báo: lần phát đầu chỉ trước sự kiện {days} ngày (quy định {lead} ngày); vẫn tiếp tục vì có --force."


def broadcast_after_event(when: str) -> str:
    return f"Buổi phát {when} không trước giờ tổ chức sự kiện. / A broadcast ({when}) is not before the event."


PLAN_NEEDS_EVENT = "Lịch phát tự động (days_before) cần ngày tổ chức sự kiện ([event] date). / days_before needs an event date."
ICS_SUMMARY = "Phát thông báo: {title}"
ICS_DESCRIPTION = "Phát trên {station} lúc {when}. Tệp âm thanh: {audio}."
ICS_NO_PLAN = "Không có lịch phát để xuất tệp .ics. / No broadcast plan to export."

# --- the announce command -------------------------------------------------------------------
SCRIPT_FILE = "tệp kịch bản"
ONE_TEXT_SOURCE = "Chỉ dùng một trong: --text, --text-file, --script. / Use only one of --text, --text-file, --script."
CHECKING = "Đang kiểm tra độ dễ nghe bằng nhận dạng giọng nói…"
ASR_MISSING = "Chưa có bộ nhận dạng giọng nói để kiểm tra (--check). / ASR is not available for --check."


def output_not_mp3(path: Path) -> str:
    return f"Tệp ra phải có đuôi .mp3 (bản WAV gốc được ghi cạnh nó): {path}. / The output must be a .mp3 file."


def cannot_write(exc: OSError) -> str:
    return f"Không ghi được tệp: {exc.strerror or exc} ({exc.filename}). / Cannot write output."


def rendering(engine: str, readings: int) -> str:
    return f"Đang đọc thông báo bằng '{engine}' ({readings} lần đọc) và xử lý âm thanh…"


def duration_text(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} phút {s:02d} giây" if m else f"{s} giây"


def made_audio(mp3: Path, wav: Path, seconds: float, lufs: float, tp: float, engine: str) -> str:
    return (
        f"Đã tạo: {mp3} ({duration_text(seconds)}; độ lớn {lufs:.1f} LUFS, đỉnh thực {tp:.1f} dBTP; "
        f"MP3 128 kbit/s mono 44,1 kHz)\n"
        f"        {wav} (bản gốc WAV)\n"
        f"Bộ đọc: {engine}"
    )


def wrote(path: Path, what: str) -> str:
    return f"Đã ghi {what}: {path}"


def _counted(pairs: list[tuple[str, str]], limit: int) -> str:
    counts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    items = [f"{r} → {h or '∅'}" + (f" (×{n})" if n > 1 else "") for (r, h), n in counts.items()]
    return ", ".join(items[:limit]) + (" …" if len(items) > limit else "")


def check_report(wer: float, n: int, errors: list[tuple[str, str]], key: list[tuple[str, str]]) -> str:
    lines = [f"Kiểm tra độ dễ nghe: tỉ lệ lỗi từ (WER) {wer:.1%} trên {n} từ của kịch bản đã chuẩn hóa."]
    if key:
        lines.append("Tên riêng và số bị nhận sai: " + _counted(key, 30))
    misheard = [(r, h) for r, h in errors if r]
    if misheard:
        lines.append("Các từ bị nhận sai: " + _counted(misheard, 40))
    if wer > 0.3:
        lines.append(CHECK_HINT)
    return "\n".join(lines)


CHECK_HINT = (
    "Gợi ý: tỉ lệ lỗi cao nghĩa là người nghe cũng dễ nghe nhầm. Hãy đọc chậm hơn (--speed 0.85), "
    "dùng giọng đọc tốt hơn (--engine gtts hoặc piper), hoặc viết lại các tên riêng, con số bị nhận sai."
)


def loudness_missed(measured: float, target: float) -> str:
    return (
        f"Cảnh báo: độ lớn đạt {measured:.1f} LUFS, chưa tới mức đặt {target:.1f} LUFS mà không vượt đỉnh cho phép "
        f"(âm thanh có nhiều đỉnh nhọn, ví dụ nhạc hiệu). / Loudness target not reachable under the true-peak ceiling."
    )


def unknown_keys(section: str, names: list[str], known: list[str]) -> str:
    return (
        f"Mục [{section}] có trường lạ: {', '.join(names)}; các trường hợp lệ: {', '.join(known)}. "
        f"/ Unknown field(s) in [{section}]: {', '.join(names)}."
    )


NO_BROADCAST_LEFT = (
    "Mọi buổi phát trong lịch đều đã qua mà sự kiện chưa diễn ra: không còn kịp phát theo lịch. "
    "Hãy đặt lịch mới (--broadcast-date, --slot) hoặc dùng --force. / Every planned broadcast is in the past."
)


def broadcasts_past(n: int, last: str) -> str:
    return f"Cảnh báo: {n} buổi phát trong lịch đã qua (đến {last}); chỉ giữ các buổi còn lại."


def event_past(when: str) -> str:
    return f"Lưu ý: sự kiện ({when}) đã diễn ra; lịch phát được giữ nguyên như đã ghi."


def check_failed(detail: str) -> str:
    return f"Lỗi: đã tạo thông báo nhưng không kiểm tra được độ dễ nghe: {detail}"


NO_OUTPUT = "Cần tệp ra: -o thong-bao.mp3 (hoặc --dry-run để chỉ xem trước). / Missing -o OUTPUT.mp3."
