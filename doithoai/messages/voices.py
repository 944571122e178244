"""Voices and models in the radio notice: the piper voice by name, which
engine spoke, which model checked the notice (`doithoai announce`, radio page)."""

from __future__ import annotations

ANNOUNCE_VOICE_HELP = (
    "Giọng đọc piper theo tên trong kho mô hình (doithoai models list); mặc định: giọng đã chọn bằng "
    "doithoai models use."
)


def default_voice_unusable(name: str, problem: str) -> str:
    return (
        f"Giọng đọc mặc định '{name}' không dùng được ({problem}); bỏ qua piper. "
        f"Kiểm tra: doithoai models check. / The default voice is unusable; piper skipped."
    )


def check_model(name: str) -> str:
    return f"Mô hình nhận dạng dùng để kiểm tra: {name}"
