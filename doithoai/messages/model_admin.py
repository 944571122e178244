"""The admin page of models and voices (/admin/models): catalogue, installed
models, pulls in the background, the defaults."""

from __future__ import annotations

KIND_LABELS = {"asr": "Nhận dạng giọng nói", "voice": "Giọng đọc (piper)"}
PULL_STATE_LABELS = {
    "running": "đang tải",
    "done": "đã tải xong",
    "failed": "lỗi",
    "stalled": "bị ngắt (tiến trình máy chủ đã dừng)",
}
PULL_CRASHED = "Tải không thành công do lỗi bất ngờ; xem nhật ký máy chủ rồi bấm «Tải về» lần nữa để tải tiếp."
EMBEDDED_LICENCE = "MIT (OpenAI Whisper)"


def pull_started(name: str) -> str:
    return f"Đang tải '{name}' trong nền; tiến độ hiện bên dưới. Tải bị ngắt thì bấm «Tải về» lần nữa để tải tiếp."


def pull_running(name: str) -> str:
    return f"'{name}' đang được tải; hãy đợi lượt tải này xong."


def pull_finished(name: str, mb: float, seconds: float) -> str:
    return f"Đã tải và kiểm tra '{name}' ({mb:.1f} MB, {seconds:.0f} giây)."


def default_set(name: str, kind: str) -> str:
    what = "giọng đọc mặc định" if kind == "voice" else "mô hình nhận dạng mặc định"
    return f"Đã đặt '{name}' làm {what}."
