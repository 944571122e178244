"""The results report (minutes.ketqua):
"Báo cáo kết quả giải quyết ý kiến, kiến nghị sau đối thoại"."""

SUBJECT = "Kết quả giải quyết ý kiến, kiến nghị của Nhân dân sau đối thoại"
PROPERTIES_TITLE = "Báo cáo kết quả giải quyết ý kiến, kiến nghị sau đối thoại"
INTRO = (
    "Thực hiện kết luận tại {event} ngày {date}, {agency} báo cáo kết quả giải quyết "
    "các ý kiến, kiến nghị của Nhân dân sau đối thoại (tính đến {today}) như sau:"
)

PART_SUMMARY = "I. KẾT QUẢ ĐỐI THOẠI"
MEETING_LINE = "Hội nghị tổ chức {date} tại {venue}."
ITEMS_LINE = (
    "Tại hội nghị có {total} ý kiến của Nhân dân; đã giải trình tại chỗ {spot} ý kiến, "
    "chuyển cơ quan chức năng trả lời bằng văn bản {referred} ý kiến."
)

PART_RESULTS = "II. KẾT QUẢ GIẢI QUYẾT CÁC Ý KIẾN CHUYỂN TRẢ LỜI BẰNG VĂN BẢN"
SEC_OVERVIEW = "1. Tổng hợp"
OVERVIEW = (
    "Trong {referred} ý kiến chuyển trả lời bằng văn bản: đã trả lời {answered} ý kiến "
    "(đúng hạn {on_time}, quá hạn {late}); đang giải quyết {open} ý kiến, "
    "trong đó {overdue} ý kiến đã quá hạn trả lời."
)
SEC_BY_UNIT = "2. Theo đơn vị xử lý"
UNIT_COLUMNS = ("Đơn vị xử lý", "Tổng số", "Đã trả lời", "Đang giải quyết", "Quá hạn")
SEC_DETAIL = "3. Danh sách chi tiết"
DETAIL_COLUMNS = ("STT", "Người nêu", "Thôn", "Nội dung tóm tắt", "Đơn vị xử lý", "Hạn", "Trạng thái", "Kết quả")
OVERDUE_STATUS = "{status}, quá hạn {days} ngày"
RESULT_WITH_DATE = "{text} (ngày {date})."

PART_PROPOSALS = "III. ĐỀ XUẤT"
PROPOSAL_OVERDUE = (
    "Đề nghị các đơn vị còn {overdue} ý kiến quá hạn khẩn trương giải quyết, trả lời "
    "bằng văn bản cho công dân và báo cáo kết quả về Ủy ban nhân dân {agency_name}."
)
PROPOSAL_OPEN = "Đề nghị các đơn vị tiếp tục giải quyết {open} ý kiến đang xử lý, bảo đảm trả lời đúng thời hạn."
PROPOSAL_DONE = "Các ý kiến, kiến nghị của Nhân dân sau đối thoại đã được giải quyết, trả lời đầy đủ."
RESULTS_CLOSING = "Trên đây là báo cáo kết quả giải quyết ý kiến, kiến nghị của Nhân dân sau đối thoại của {agency}./."
UNIT_NOT_GIVEN = "(chưa phân công)"
