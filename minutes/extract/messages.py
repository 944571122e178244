"""User-facing Vietnamese text of item extraction, in one place: errors
(English after " / ") and the evidence lines a reviewer reads."""

# --- errors -----------------------------------------------------------------
LEXICON_NOT_UTF8 = "Tệp từ điển {path} không phải văn bản UTF-8. / Lexicon file is not UTF-8."
LEXICON_BAD_TOML = "Tệp từ điển {path} sai cú pháp TOML: {error}. / Invalid TOML in lexicon file."
LEXICON_DIR_MISSING = "Không tìm thấy thư mục từ điển: {path}. / Lexicon folder not found."
LEXICON_DIR_EMPTY = "Thư mục từ điển {path} không có tệp nào trong: {files}. / No lexicon files in folder."
LEXICON_BAD_TOPIC = "Từ điển lĩnh vực có mã '{code}' không hợp lệ (dùng: {topics}). / Unknown topic code."
LEXICON_BAD_WEIGHT = "Từ điển lĩnh vực '{code}': trọng số phải là số. / Weights must be numbers."
ROUTING_BAD_PRESET = "Bộ định tuyến '{preset}' không có; chọn một trong: {presets}. / Unknown routing preset."
ROUTING_BAD_KEY = (
    "Mục [routing.overrides] có khóa '{key}' không phải lĩnh vực hay quy tắc (dùng: {keys}). / Unknown override key."
)
ROUTING_BAD_UNIT = "Mục [routing.overrides] '{key}' phải là tên đơn vị (chuỗi). / Override must be a unit name."

# --- evidence (why the extractor decided) -----------------------------------
EV_KIND = "Loại: {label} ({markers})"
EV_KIND_DEFAULT = "Loại: {label} (không có dấu hiệu rõ, mặc định)"
EV_QUESTION_END = "“{word}” cuối câu"
EV_IMPERATIVE = "mở đầu bằng “{word}”"
EV_TOPIC = "Lĩnh vực: {label} ({phrases})"
EV_TOPIC_NONE = "Lĩnh vực: không thấy từ khóa, xếp “Khác”"
EV_ROUTE = "Đơn vị: {unit} ({why})"
EV_ROUTE_TOPIC = "theo lĩnh vực, bộ {preset}"
EV_ROUTE_RULE = "quy tắc “{rule}”: {phrase}"
EV_ROUTE_OVERRIDE = "cấu hình của xã"
EV_OUTSIDE_BODY = "ngoài thẩm quyền xã"
EV_ASKER = "Người hỏi: “{phrase}”"
EV_ASKER_INVITED = "Người hỏi: chủ tọa mời “{phrase}”"
EV_HAMLET = "Thôn: “{phrase}”"
EV_HAMLET_FUZZY = "Thôn: “{phrase}” ≈ {hamlet}"
EV_ANSWERED = "Trả lời tại hội nghị lúc {time}"
EV_DEFERRED = "Ghi nhận, trả lời bằng văn bản ({markers})"
EV_NO_ANSWER = "Không thấy trả lời tại hội nghị"
EV_OUTSIDE = "Ngoài nội dung đã thông báo (lĩnh vực {label})"
EV_TURN = "Lượt nói của người dân ({why})"
EV_SPEAKER_LABEL = "nhãn người nói “{label}”"
EV_CUES = "dấu hiệu: {cues}"
EV_SPLIT = "tách theo “{phrase}”"

ROLE_CITIZEN = "người dân"
ROLE_OFFICIAL = "cán bộ"
