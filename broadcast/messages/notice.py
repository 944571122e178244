"""The notice read on air (broadcast.script): phrasing, script sections, and
the errors of a script or free text."""

from __future__ import annotations

# --- on-air phrasing -----------------------------------------------------------
OPENING_STATION = "Đây là {station}."
OPENING_NOTICE = "Sau đây là thông báo của {organiser}."
OPENING_NOTICE_PLAIN = "Sau đây là một thông báo."
REPEAT_INTRO = "Xin thông báo lại."
CLOSING_STATION = "{station} vừa phát thông báo của {organiser}."
CLOSING_PLAIN = "Vừa rồi là thông báo."
CLOSING_THANKS = "Cảm ơn bà con đã chú ý lắng nghe."
ORGANISER_FALLBACK = "chính quyền địa phương"
BODY_INVITE = "{organiser} trân trọng thông báo và kính mời {audience} đến dự {title}."
BODY_TIME = "Thời gian: vào lúc {when}."
BODY_VENUE = "Địa điểm: tại {venue}."
BODY_CHAIR = "Chủ trì: {chair}."
BODY_CONTENT_ONE = "Nội dung: {point}."
BODY_CONTENT_MANY = "Nội dung gồm: {points}."
BODY_APPEAL = "Kính mời bà con đến dự đông đủ và đúng giờ."
BODY_CONTACT = "Mọi chi tiết xin liên hệ {contact}."
AUDIENCE_PREFIX = "toàn thể Nhân dân"
AUDIENCE_ALL = "toàn thể Nhân dân trên địa bàn xã"
# Hamlet-level units: an audience entry that starts with one is read as is.
UNIT_WORDS = (
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "buôn",
    "làng",
    "khu phố",
    "tổ dân phố",
    "tdp",
    "khối",
    "khu",
    "tổ",
    "phum",
    "sóc",
    "plei",
)
HAMLET_ONE = "thôn "
HAMLET_MANY = "các thôn "
AND = " và "
VENUE_AT = r"^tại\s+"  # "tại" the venue already starts with
TIME_PHRASE = "{hour} giờ {minute:02d} phút, {weekday}, ngày {day} tháng {month} năm {year}"
ORDINALS = [
    "thứ nhất,",
    "thứ hai,",
    "thứ ba,",
    "thứ tư,",
    "thứ năm,",
    "thứ sáu,",
    "thứ bảy,",
    "thứ tám,",
    "thứ chín,",
    "thứ mười,",
]
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
SCRIPT_SECTIONS = {"opening": "Mở đầu", "body": "Nội dung", "repeat": "Thông báo lại", "closing": "Kết thúc"}
SCRIPT_FILE_HEADER = (
    "# Kịch bản thông báo truyền thanh. Sửa chữ tùy ý rồi phát lại bằng: doithoai announce --script TỆP …\n"
    "# Giữ nguyên các dòng tiêu đề trong ngoặc vuông; dòng bắt đầu bằng # được bỏ qua.\n"
    "# Phần [Nội dung] được đọc nhiều lần, mở đầu lần sau bằng phần [Thông báo lại]."
)


# --- script and text ---------------------------------------------------------------
def empty_text(what: str) -> str:
    return f"{what.capitalize()} trống: không có gì để đọc. / The {what} is empty."


def control_chars(what: str) -> str:
    return f"{what.capitalize()} chứa ký tự điều khiển (có thể là tệp nhị phân, không phải văn bản). / The text contains control characters."


def no_words(what: str) -> str:
    return f"{what.capitalize()} không có chữ nào để đọc. / The text has no words."


def too_long(what: str, n: int, limit: int) -> str:
    return f"{what.capitalize()} quá dài ({n} ký tự, tối đa {limit}); hãy rút gọn thông báo. / Text too long ({n} > {limit} chars)."


def unknown_script_section(name: str, known: list[str]) -> str:
    return f"Kịch bản có phần lạ [{name}]; các phần hợp lệ: {', '.join('[' + k + ']' for k in known)}. / Unknown script section."


# --- mastering ---------------------------------------------------------------------------


# --- the announce command -------------------------------------------------------------------
