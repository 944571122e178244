"""The public notice of the dialogue's results (minutes/thongbao.py):
"Thông báo kết quả đối thoại", posted at the commune office and sent to the
hamlet heads."""

from __future__ import annotations

TYPE_CODE_NOTICE = "TB"
NOTICE_TYPE = "THÔNG BÁO"
NOTICE_PROPERTIES_TITLE = "Thông báo kết quả đối thoại"
NOTICE_INTRO = (
    "Ngày {date}, {agency} tổ chức {event}. {agency} thông báo kết quả đối thoại đến toàn thể Nhân dân như sau:"
)
NOTICE_PART_FACTS = "I. THÔNG TIN VỀ HỘI NGHỊ"
NOTICE_PART_COUNTS = "II. Ý KIẾN CỦA NHÂN DÂN VÀ KẾT QUẢ TRẢ LỜI"
NOTICE_COUNTS = (
    "Tại hội nghị có {total} ý kiến của Nhân dân; đã trả lời ngay tại hội nghị {spot} ý kiến, "
    "chuyển trả lời bằng văn bản {referred} ý kiến."
)
NOTICE_WRITTEN_PROGRESS = (
    "Trong {referred} ý kiến chuyển trả lời bằng văn bản, tính đến {date} đã trả lời "
    "{answered} ý kiến, đang giải quyết {open} ý kiến."
)
NOTICE_PART_ITEMS = "III. NỘI DUNG TỪNG Ý KIẾN VÀ TRẢ LỜI"
NOTICE_ITEM_HEAD = "{n}. {who} ({kind}, lĩnh vực {topic}):"
NOTICE_WHO_NAME_PLACE = "Ông (bà) {name}, {place}"
NOTICE_WHO_PLACE = "Một người dân {place}"
NOTICE_WHO_UNKNOWN = "Một người dân"
NOTICE_NAME_HIDDEN = "(không nêu tên)"  # the asker's name in the text, when names are not published
# A hamlet already written with its unit ("Xóm Ba", "tổ dân phố 3") is printed as is.
HAMLET_UNIT_WORDS = (
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "buôn",
    "làng",
    "khu phố",
    "tổ dân phố",
    "khối",
    "khu",
    "tổ",
    "phum",
    "sóc",
)
NOTICE_CONTENT = "Nội dung: {text}"
NOTICE_ANSWER_SPOT = "Trả lời tại hội nghị{unit}: {answer}"
NOTICE_ANSWER_SPOT_NO_TEXT = "Đã được trả lời tại hội nghị{unit}."
NOTICE_ANSWER_WRITTEN = "Trả lời bằng văn bản{unit}{date}: {answer}"
NOTICE_ANSWER_WRITTEN_NO_TEXT = "Đã trả lời bằng văn bản{unit}{date}."
NOTICE_ANSWER_DATE = " ngày {date}"
NOTICE_ANSWER_OPEN = "Tình trạng: {status}{unit}; hạn trả lời bằng văn bản: trước ngày {deadline}."
NOTICE_ANSWER_OPEN_NO_DEADLINE = "Tình trạng: {status}{unit}."
NOTICE_UNIT = " ({unit})"
NOTICE_OPEN_STATUS = {"moi": "đang giải quyết", "da_phan_cong": "đã giao đơn vị xử lý", "dang_xu_ly": "đang xử lý"}
NOTICE_CLOSING = (
    "{agency} thông báo để Nhân dân được biết. Thông báo này được niêm yết tại trụ sở Ủy ban nhân "
    "dân xã, phát trên hệ thống truyền thanh xã và gửi trưởng các thôn để thông tin đến Nhân dân./."
)
NOTICE_RECIPIENTS = (
    "Thường trực Đảng ủy, Thường trực HĐND xã (b/cáo)",
    "Ủy ban MTTQ Việt Nam xã",
    "Trưởng các thôn (để thông báo)",
    "Đài truyền thanh xã",
    "Niêm yết tại trụ sở UBND xã",
)
