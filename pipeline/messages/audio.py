"""Audio ingest (pipeline.audio)."""

from __future__ import annotations

from pathlib import Path

# --- audio ingest (pipeline.audio) -------------------------------------------------

AUDIO_FORMATS = "wav, mp3, m4a/aac, ogg/opus, amr, flac, wma, mp4/mkv (video có tiếng)"
# What a file that is not a recording turned out to be: (Vietnamese, English).
_NON_AUDIO_KINDS = {
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
    """`kind` is a key of _NON_AUDIO_KINDS."""
    vi, en = _NON_AUDIO_KINDS[kind]
    return _audio_file(path, f"đây là {vi}, không phải tệp ghi âm.", f"this is {en}, not a recording.")


def probe_timeout(path: Path, seconds: int) -> str:
    return _audio_file(
        path, f"ffprobe không đọc xong tệp sau {seconds} giây; tệp có thể bị hỏng.", "ffprobe timed out."
    )


def truncated_mp4(path: Path) -> str:
    return _audio_file(
        path,
        "tệp bị cắt dở hoặc hỏng (thiếu phần cuối của tệp m4a/mp4); hãy chép lại từ máy ghi âm.",
        "truncated or corrupt m4a/mp4 (moov atom not found).",
    )


def corrupt_audio(path: Path, detail: str) -> str:
    return _audio_file(
        path,
        "tệp bị hỏng hoặc bị cắt dở, ffmpeg không đọc được; hãy chép lại từ máy ghi âm.",
        f"corrupt or truncated file ({detail}).",
    )


def unsupported_format(path: Path, detail: str) -> str:
    return _audio_file(
        path,
        f"định dạng không được hỗ trợ. Dùng một trong các định dạng: {AUDIO_FORMATS}.",
        f"unsupported format ({detail}).",
    )


def image_not_audio(path: Path) -> str:
    return _audio_file(path, "đây là ảnh, không phải tệp ghi âm.", "this is an image, not a recording.")


def video_without_sound(path: Path) -> str:
    return _audio_file(path, "video này không có tiếng (không có luồng âm thanh).", "this video has no audio stream.")


def no_audio_stream(path: Path) -> str:
    return _audio_file(path, "tệp không có luồng âm thanh nào.", "no audio stream in this file.")


def unsupported_codec(path: Path) -> str:
    return _audio_file(
        path,
        f"mã hóa âm thanh không được hỗ trợ. Hãy chuyển sang một trong: {AUDIO_FORMATS}.",
        "unsupported audio codec.",
    )


def unknown_duration(path: Path) -> str:
    return _audio_file(
        path,
        "không xác định được độ dài bản ghi (độ dài bằng 0 hoặc không rõ); tệp có thể bị hỏng.",
        "zero or unknown duration.",
    )


def truncated_wav(path: Path, declared: int, present: int) -> str:
    return _audio_file(
        path,
        f"tệp WAV bị cắt dở: chỉ còn {100 * present / declared:.0f}% dữ liệu so với phần đầu tệp "
        "khai báo; hãy chép lại tệp từ máy ghi âm.",
        "truncated WAV file.",
    )


def truncated_tail(path: Path, duration: float) -> str:
    return _audio_file(
        path,
        f"tệp bị cắt dở hoặc hỏng ở đoạn cuối (phần đầu tệp ghi {duration:.0f} giây nhưng không giải "
        "mã được đến hết); hãy chép lại tệp từ máy ghi âm.",
        "truncated or corrupt file (the end cannot be decoded).",
    )


def silent_recording(path: Path) -> str:
    return _audio_file(
        path,
        "bản ghi hoàn toàn im lặng (không có tiếng); kiểm tra micrô hoặc chọn đúng tệp.",
        "the recording is silent (no usable signal).",
    )


def decode_failed(path: Path, at_seconds: float, detail: str) -> str:
    return _audio_file(
        path,
        f"lỗi khi giải mã âm thanh ở khoảng giây {at_seconds:.0f}; tệp có thể bị hỏng hoặc cắt dở.",
        f"decoding failed ({detail}).",
    )
