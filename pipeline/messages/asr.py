"""Transcription (pipeline.transcriber, services/transcription, formats, progress,
doithoai transcribe) and the CLI's own lines (doithoai.cli)."""

from __future__ import annotations

from pathlib import Path

# --- the Transcriber (pipeline.transcriber) ----------------------------------------------


def unknown_device(device: str) -> str:
    return f"Thiết bị '{device}' không hợp lệ; chọn auto, cpu hoặc cuda. / Unknown device."


def model_load_failed(name: str, path: Path, device: str, exc: Exception) -> str:
    return f"Không nạp được mô hình '{name}' ({path}) trên {device}: {exc}. / Cannot load the model."


# --- transcription service (doithoai.services.recognition) ----------------------------

def cannot_write(path: Path, exc: OSError) -> str:
    return (f"Không ghi được vào '{path}': {exc.strerror or exc}. Chọn thư mục khác bằng -o. "
            f"/ Cannot write to '{path}'.")


def out_dir_is_file(out_dir: Path) -> str:
    return f"'{out_dir}' là một tệp, không phải thư mục. / Output path is a file, not a directory."


def unknown_engine(engine: str) -> str:
    return f"Bộ nhận dạng '{engine}' không có; chọn whisper hoặc vietasr. / Unknown engine."


# --- output formats (pipeline.formats) ---------------------------------------------------


def unknown_formats(unknown: list[str], known: list[str]) -> str:
    return (f"Định dạng không hỗ trợ: {', '.join(unknown)}. Chọn trong: {', '.join(known)}. "
            f"/ Unknown format; choose from {', '.join(known)}.")


# --- progress bar (pipeline.progress) ----------------------------------------------------

PROGRESS_LABEL = "Đang gỡ băng"


def progress_remaining(clock: str) -> str:
    return f" còn ~{clock}"


# --- doithoai transcribe ------------------------------------------------------------------


def resumed_from(seconds: float) -> str:
    return f"Tiếp tục từ giây {seconds:.0f} (bản lưu dở). / Resumed from a checkpoint."


def transcribed(name: str, segments: int, minutes: float, elapsed: float) -> str:
    return f"Đã gỡ băng {name}: {segments} đoạn, {minutes:.1f} phút, {elapsed:.0f} giây xử lý."


# --- the CLI (doithoai.cli) ------------------------------------------------------------------

ABORTED = "Đã dừng. / Aborted."
INTERRUPTED = "Đã dừng (Ctrl-C). / Interrupted."


def os_error(exc: OSError) -> str:
    where = f" '{exc.filename}'" if exc.filename else ""
    return f"Không đọc/ghi được tệp{where}: {exc.strerror or exc}. / File system error{where}."


def error_line(exc: object) -> str:
    return f"Lỗi: {exc}"
