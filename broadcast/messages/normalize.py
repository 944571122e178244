"""The normaliser (broadcast.normalize): errors of the text and the dictionary."""

NOT_TEXT = "Nội dung thông báo phải là văn bản, không phải {kind}. / Notice text must be a string, not {kind}."
EMPTY = "Nội dung thông báo đang trống. / The notice text is empty."
NOTHING_READABLE = (
    "Nội dung thông báo không có chữ nào đọc được (chỉ có ký hiệu: {sample}). / The notice text has nothing readable."
)
DICT_MISSING = "Không tìm thấy tệp từ điển viết tắt: {path}. / Abbreviation dictionary not found."
DICT_BAD_TOML = "Tệp từ điển {path} sai định dạng TOML: {error}. / Bad TOML in dictionary."
DICT_BAD_ENTRY = (
    "Tệp từ điển {path}: mục {key!r} phải là một chuỗi hoặc bảng có 'default' (và 'next'). "
    "/ Dictionary entry must be a string or a table with 'default'."
)
SETTING_BAD = (
    "Tệp từ điển {path}: thiết lập {key!r} = {value!r} không hợp lệ (chọn một trong: {choices}). / Invalid setting."
)
SETTING_UNKNOWN = "Tệp từ điển {path}: không có thiết lập tên {key!r} (có: {choices}). / Unknown setting."
STAGE_UNKNOWN = "Không có bước chuẩn hóa tên {name!r} (có: {choices}). / Unknown normalisation stage."
