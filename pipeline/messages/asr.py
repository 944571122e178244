"""Transcription: the Transcriber (pipeline.transcriber), output formats
(pipeline.formats) and the progress bar (pipeline.progress)."""

from __future__ import annotations

from pathlib import Path

# --- the Transcriber (pipeline.transcriber) ----------------------------------------------


def unknown_device(device: str) -> str:
    return f"Thiết bị '{device}' không hợp lệ; chọn auto, cpu hoặc cuda. / Unknown device."


def model_load_failed(name: str, path: Path, device: str, exc: Exception) -> str:
    return f"Không nạp được mô hình '{name}' ({path}) trên {device}: {exc}. / Cannot load the model."


# --- output formats (pipeline.formats) ---------------------------------------------------


def unknown_formats(unknown: list[str], known: list[str]) -> str:
    return (
        f"Định dạng không hỗ trợ: {', '.join(unknown)}. Chọn trong: {', '.join(known)}. "
        f"/ Unknown format; choose from {', '.join(known)}."
    )


# --- progress bar (pipeline.progress) ----------------------------------------------------

PROGRESS_LABEL = "Đang gỡ băng"


def progress_remaining(clock: str) -> str:
    return f" còn ~{clock}"
