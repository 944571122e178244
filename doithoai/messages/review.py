"""User-facing text of the review page and the document downloads, in Vietnamese."""

from __future__ import annotations

REVIEW_LABELS = {
    "auto": "Chưa rà soát",
    "accepted": "Đã duyệt",
    "rejected": "Đã loại",
    "added": "Thêm tay",
    "merged": "Đã gộp",
}

# validation
ITEM_TEXT_EMPTY = "Nội dung ý kiến không được để trống."
KIND_INVALID = "Loại ý kiến không hợp lệ. Chọn: Câu hỏi, Kiến nghị hoặc Phản ánh."
TOPIC_INVALID = "Lĩnh vực không hợp lệ. Chọn một lĩnh vực trong danh sách."
UNIT_EMPTY = "Hãy chọn hoặc nhập bộ phận chịu trách nhiệm."
DEADLINE_INVALID = "Thời hạn không hợp lệ. Nhập ngày dạng năm-tháng-ngày (ví dụ 2024-09-30)."
TIME_INVALID = "Thời điểm không hợp lệ. Nhập số giây hoặc phút:giây (ví dụ 12:30)."
TIME_ORDER = "Thời điểm kết thúc phải sau thời điểm bắt đầu."
MERGE_TOO_FEW = "Hãy chọn ít nhất hai ý kiến để gộp."
MERGE_OTHER_MEETING = "Chỉ gộp được các ý kiến của cùng một hội nghị."
MERGE_CLOSED = "Không gộp được ý kiến đã loại hoặc đã gộp."
MERGE_CONFIRM = "Gộp các ý kiến đã đánh dấu thành một? Có thể hoàn tác lần gộp gần nhất."
UNMERGE_NOTHING = "Không có lần gộp nào để hoàn tác (chỉ hoàn tác được lần gộp gần nhất)."
UNMERGE_CHANGED = "Không hoàn tác được: ý kiến đã được sửa sau khi gộp. Hãy sửa hoặc tách ý kiến bằng tay."
SPLIT_MARKER = "||"
SPLIT_NO_MARKER = "Hãy đặt dấu || vào chỗ muốn tách (đúng một lần)."
SPLIT_EMPTY_PART = "Cả hai phần sau khi tách đều phải có nội dung."
ANSWER_MODE_INVALID = "Hãy chọn «Đã trả lời tại hội nghị» hoặc «Cần trả lời bằng văn bản»."
DOCS_NEED_TRANSCRIPT = (
    "Hội nghị chưa có bản ghi lời nói: hãy tải bản ghi âm và chờ chuyển thành văn bản trước khi tải biên bản."
)

# results (flash)
ACCEPTED = "Đã duyệt ý kiến."
REJECTED = "Đã loại ý kiến (không đưa vào biên bản)."
EDITED = "Đã lưu thay đổi của ý kiến."
ADDED = "Đã thêm ý kiến."
ASSIGNED = "Đã phân công bộ phận và thời hạn."
MARKED_ANSWERED = "Đã ghi nhận: đã trả lời tại hội nghị."
MARKED_WRITTEN = "Đã ghi nhận: cần trả lời bằng văn bản."
SPLIT_DONE = "Đã tách ý kiến thành hai."
UNMERGED = "Đã hoàn tác lần gộp: các ý kiến đã tách ra như trước."


def merged(count: int) -> str:
    return f"Đã gộp {count} ý kiến thành một."


# download file names (Vietnamese; an ASCII name is sent beside them)
def bien_ban_name(date: str) -> str:
    return f"Biên bản đối thoại {date}.docx"


def bao_cao_name(date: str) -> str:
    return f"Báo cáo kết quả đối thoại {date}.docx"


def items_name(date: str, suffix: str) -> str:
    return f"Ý kiến cử tri {date}{suffix}"
