"""The biên bản and báo cáo (minutes.bienban, minutes.baocao, minutes.docformat).

Spelling follows Nghị định 30/2020/NĐ-CP (e.g. "CỘNG HÒA", "chủ tọa").
"""

# --- header (every document) -------------------------------------------------
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TYPE_CODE_MINUTES = "BB"
TYPE_CODE_REPORT = "BC"
AGENCY_FULL = "Ủy ban nhân dân {name}"  # the issuing body, e.g. "Ủy ban nhân dân xã Bình Thanh"
NUMBER_LABEL = "Số:"
DATE_WORDS = "ngày {day} tháng {month} năm {year}"
TIME_WORDS = "{hour:02d} giờ {minute:02d} phút"
COMMUNE_PREFIXES = ("thị trấn ", "phường ", "xã ")  # dropped from the agency name for the date line
AGENCY_NAME_MISSING = (
    "Chưa có «Tên cơ quan» của hội nghị (ví dụ: xã Bình Thanh). Hãy điền ở «Sửa thông tin» "
    "trên trang hội nghị (trong tệp hội nghị là khóa agency.name)."
)
# The agency of a biên bản or báo cáo whose meeting has no «Tên cơ quan» (an
# optional field): a blank to fill in by hand, as on a printed form.
AGENCY_NAME_BLANK = "xã ………………"
END_TIME_MISSING = "Chưa có giờ kết thúc (meeting.end). / The end time is missing."

# --- biên bản (Mẫu 1.9) -----------------------------------------------------
MINUTES_TYPE = "BIÊN BẢN"
FIELD_START = "Thời gian bắt đầu"
FIELD_VENUE = "Địa điểm"
FIELD_PARTICIPANTS = "Thành phần tham dự"
FIELD_CHAIR = "Chủ trì (chủ tọa)"
FIELD_SECRETARY = "Thư ký (người ghi biên bản)"
FIELD_CONTENT = "Nội dung (theo diễn biến cuộc họp)"
ATTENDEES_LINE = "Nhân dân tham dự: {count} người"
COMRADE = "Đồng chí {name}"
PERSON_WITH_TITLE = "{name}, {title}"

SECTION_OPENING = "1. Khai mạc và báo cáo tại hội nghị"
SECTION_ITEMS = "2. Ý kiến của Nhân dân và giải trình, trả lời tại hội nghị"
SECTION_CONCLUSION = "3. Kết luận của chủ tọa"
NO_ITEMS = "Không có ý kiến của Nhân dân được ghi nhận."
OPENING_DEFAULT = "{chair} khai mạc hội nghị, nêu mục đích, yêu cầu của buổi đối thoại{contents}."
OPENING_CONTENTS = " và thông tin về các nội dung đối thoại: {contents}"
CONCLUSION_DEFAULT = (
    "{chair} kết luận hội nghị: ghi nhận, tiếp thu các ý kiến của Nhân dân; "
    "giao các bộ phận chuyên môn tham mưu trả lời bằng văn bản các ý kiến chưa được "
    "trả lời tại hội nghị trong thời hạn {days} ngày."
)

ITEM_HEADING = "2.{n}. {who} ({kind}, lĩnh vực {topic}; [{time}]):"
ITEM_HEADING_NO_TIME = "2.{n}. {who} ({kind}, lĩnh vực {topic}):"
ASKER = "Ông (bà) {name}"
ASKER_UNKNOWN = "Một người dân (không nêu tên)"
ASKER_HAMLET = "{who}, thôn {hamlet}"
ANSWER_BY = "{who} trả lời: {answer}"
ANSWER_ANON = "Trả lời: {answer}"
WRITTEN_ANSWER = "UBND xã ghi nhận, sẽ trả lời bằng văn bản{unit}{deadline}."
WRITTEN_UNIT = "; đơn vị xử lý: {unit}"
WRITTEN_DEADLINE = ", thời hạn trước ngày {date}"
OUTSIDE_CONTENT = "Ý kiến nằm ngoài nội dung đối thoại đã thông báo."

CLOSING = "Cuộc họp kết thúc vào {time}, {date}/."
SIGN_SECRETARY = "THƯ KÝ"
SIGN_CHAIR = "CHỦ TỌA"
RECIPIENTS_LABEL = "Nơi nhận:"
ARCHIVE_MINUTES = "Lưu: VT, Hồ sơ."
ARCHIVE_REPORT = "Lưu: VT."

APPENDIX_TITLE = "PHỤ LỤC"
APPENDIX_SUBTITLE = "(Kèm theo Biên bản {number}ngày {date})"
APPENDIX_NUMBER = "số {number} "
APPENDIX_ITEMS = "I. DANH SÁCH Ý KIẾN CỦA NHÂN DÂN"
APPENDIX_TRANSCRIPT = "II. BẢN GHI LỜI NÓI TẠI HỘI NGHỊ (gỡ băng tự động, có mốc thời gian)"
APPENDIX_NO_TRANSCRIPT = "Không có bản ghi."
APPENDIX_REVIEW_NOTE = (
    "Ghi chú: từ được gạch chân là từ máy nhận dạng chưa chắc chắn; thư ký đối chiếu với băng ghi âm trước khi ký."
)
ITEMS_COLUMNS = ("STT", "Người hỏi", "Thôn", "Nội dung", "Lĩnh vực", "Bộ phận", "Hình thức trả lời", "Thời hạn")
FORM_ON_SPOT = "Trả lời tại hội nghị"
FORM_WRITTEN = "Trả lời bằng văn bản"
NOT_GIVEN = "—"

# --- báo cáo (Mẫu 1.4) --------------------------------------------------------
REPORT_TYPE = "BÁO CÁO"
REPORT_SUBJECT_PREFIX = "Kết quả "
SUBJECT_DROP_PREFIXES = ("Hội nghị ", "Buổi ", "Cuộc ")  # dropped from the meeting title in the trích yếu
REPORT_TO = "Kính gửi: {superior}."
REPORT_INTRO = "{agency} báo cáo kết quả {event} như sau:"
REPORT_INTRO_BASIS = "{basis}, {agency} báo cáo kết quả {event} như sau:"
REPORT_PART_ORG = "I. TÌNH HÌNH TỔ CHỨC ĐỐI THOẠI"
REPORT_TIME_VENUE = "Thời gian: {time}, {date}. Địa điểm: {venue}."
REPORT_CHAIR = "Chủ trì: {chair}."
REPORT_PARTICIPANTS = "Thành phần tham dự: {participants}."
REPORT_ATTENDEES = "Số người dân tham dự: {count} người."
REPORT_ATTENDEES_UNKNOWN = "Số người dân tham dự: chưa thống kê."
REPORT_PART_RESULTS = "II. KẾT QUẢ ĐỐI THOẠI"
REPORT_SEC_TOTAL = "1. Ý kiến của Nhân dân tại hội nghị"
REPORT_TOTAL = "Tại hội nghị có {total} ý kiến của Nhân dân, gồm: {parts}."
REPORT_TOTAL_NONE = "Tại hội nghị không có ý kiến của Nhân dân."
REPORT_KIND_PART = "{count} {label}"
REPORT_BY_KIND = "a) Theo loại ý kiến:"
REPORT_BY_TOPIC = "b) Theo lĩnh vực:"
KIND_COLUMNS = ("Loại ý kiến", "Số ý kiến", "Giải trình tại chỗ", "Chuyển trả lời bằng văn bản")
TOPIC_COLUMNS = ("Lĩnh vực", "Số ý kiến", "Giải trình tại chỗ", "Chuyển trả lời bằng văn bản")
TOTAL_ROW = "Tổng cộng"
REPORT_SEC_ANSWERS = "2. Kết quả giải trình, trả lời"
REPORT_ANSWERS = "Chủ tịch UBND xã và các bộ phận chuyên môn đã giải trình tại chỗ {spot} ý kiến, ghi nhận chuyển cơ quan chức năng {referred} ý kiến."
REPORT_ANSWERS_ALL_SPOT = "Chủ tịch UBND xã và các bộ phận chuyên môn đã giải trình tại chỗ toàn bộ {spot} ý kiến."
REPORT_ANSWERS_NONE_SPOT = "Toàn bộ {referred} ý kiến được ghi nhận, chuyển cơ quan chức năng trả lời bằng văn bản."
REPORT_SEC_REFERRED = "3. Các ý kiến chuyển cơ quan chức năng trả lời bằng văn bản"
REPORT_NO_REFERRED = "Không có ý kiến phải trả lời bằng văn bản."
REFERRED_COLUMNS = ("STT", "Người hỏi, thôn", "Nội dung", "Đơn vị xử lý", "Thời hạn trả lời")
REPORT_CLOSING = "Trên đây là báo cáo kết quả {event} của {agency}./."
SIGN_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
SIGN_TITLE = "CHỦ TỊCH"
PAGE_PLACEHOLDER = "2"
DRAFT_NOTE = "Dự thảo lập tự động từ bản ghi hội nghị (doithoai); thư ký kiểm tra trước khi ký."
