"""Transcription of a recording (doithoai.services.recognition, doithoai transcribe)."""

from __future__ import annotations

from pathlib import Path


def cannot_write(path: Path, exc: OSError) -> str:
    return f"Không ghi được vào '{path}': {exc.strerror or exc}. Chọn thư mục khác bằng -o. / Cannot write to '{path}'."


def out_dir_is_file(out_dir: Path) -> str:
    return f"'{out_dir}' là một tệp, không phải thư mục. / Output path is a file, not a directory."


def unknown_engine(engine: str) -> str:
    return f"Bộ nhận dạng '{engine}' không có; chỉ có whisper. / Unknown engine."


def resumed_from(seconds: float) -> str:
    return f"Tiếp tục từ giây {seconds:.0f} (bản lưu dở). / Resumed from a checkpoint."


def transcribed(name: str, segments: int, minutes: float, elapsed: float) -> str:
    return f"Đã gỡ băng {name}: {segments} đoạn, {minutes:.1f} phút, {elapsed:.0f} giây xử lý."


def bad_review_threshold(value: object) -> str:
    return (
        f"Ngưỡng đánh dấu từ cần kiểm tra (--review-threshold) phải là một số từ 0 đến 1, không phải {value!r}. "
        f"/ The review threshold must be a number from 0 to 1."
    )
