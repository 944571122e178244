"""Mastering the audio (broadcast.master)."""

from __future__ import annotations

from pathlib import Path


def audio_unreadable(path: Path, detail: str) -> str:
    return f"Không đọc được tệp âm thanh {path}: {detail}. / Cannot decode audio {path}."


def ffmpeg_failed(detail: str) -> str:
    return f"ffmpeg lỗi khi mã hóa âm thanh: {detail}. / ffmpeg failed."


ID3_GENRE = "Thông báo"  # genre tag of the MP3
FFMPEG_MISSING = "Chưa cài ffmpeg. Cài bằng: sudo apt-get install ffmpeg. / ffmpeg is not installed."
SILENT_SPEECH = "Bộ đọc trả về âm thanh câm: không có tiếng để phát. / The TTS engine returned silence."


def loudness_missed(measured: float, target: float) -> str:
    return (
        f"Cảnh báo: độ lớn đạt {measured:.1f} LUFS, chưa tới mức đặt {target:.1f} LUFS mà không vượt đỉnh cho phép "
        f"(âm thanh có nhiều đỉnh nhọn, ví dụ nhạc hiệu). / Loudness target not reachable under the true-peak ceiling."
    )
