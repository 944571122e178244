"""Output of `doithoai models` (list, check, add, remove, setup)."""

from __future__ import annotations

from pathlib import Path

MODEL_READY = "sẵn sàng"
KIND_VOICE = "giọng"  # a TTS voice in `doithoai models list` (else "asr")
MODEL_NOT_READY = "chưa lắp ráp (doithoai models setup)"
MODEL_ON_DISK = "có trên đĩa"
MODEL_FOLDER_MISSING = "KHÔNG TÌM THẤY thư mục"

MODELS_LIST_LEGEND = "(* = mô hình mặc định; thêm mô hình: doithoai models add ĐƯỜNG_DẪN --name TÊN)"
MODEL_CHECK_OK = "OK"


def model_check_problems(problems: list[str]) -> str:
    return "LỖI: " + "; ".join(problems)


def models_failed_check(names: list[str]) -> str:
    return f"{len(names)} mô hình có lỗi: {', '.join(names)}. / {len(names)} model(s) failed the check."


def model_added(name: str, path: Path) -> str:
    return f"Đã thêm mô hình '{name}' ({path}). Dùng: doithoai transcribe TỆP --model {name}"


def model_removed(name: str) -> str:
    return f"Đã bỏ đăng ký mô hình '{name}' (các tệp vẫn còn trên đĩa)."


def default_model_was_ready(name: str, path: Path) -> str:
    return f"Mô hình mặc định {name} đã sẵn sàng: {path}"


def default_model_assembled(name: str, path: Path) -> str:
    return f"Đã lắp ráp và kiểm tra mô hình mặc định {name}: {path}"
