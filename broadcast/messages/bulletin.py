"""The results bulletin (broadcast/bulletin.py): the on-air phrasing of the
dialogue's results, and the publishing-window messages."""

from __future__ import annotations

# --- on-air phrasing (written form: digits and abbreviations are normalised before synthesis) ---
BULLETIN_WHEN = "{hour} giờ {minute:02d} phút, {date}"
BULLETIN_DATE = "ngày {day} tháng {month} năm {year}"
BULLETIN_AT = "tại "  # dropped from a venue written "tại …": the sentence says it
BULLETIN_FACTS = "{organiser} đã tổ chức {event} vào lúc {when}, tại {venue}."
BULLETIN_CHAIR = "Chủ trì hội nghị: {chair}."
BULLETIN_CHAIR_NAME = "đồng chí {name}"
BULLETIN_ATTENDEES = "Có {count} người dân đến dự hội nghị."
BULLETIN_COUNTS = (
    "Tại hội nghị, bà con đã nêu {total} ý kiến; đã trả lời ngay tại hội nghị {spot} ý kiến, "
    "chuyển bộ phận chuyên môn trả lời bằng văn bản {referred} ý kiến."
)
BULLETIN_COUNTS_ALL_SPOT = "Tại hội nghị, bà con đã nêu {total} ý kiến và đều được trả lời ngay tại hội nghị."
BULLETIN_WRITTEN_SO_FAR = "Đến nay đã trả lời bằng văn bản {answered} ý kiến, còn {open} ý kiến đang được giải quyết."
BULLETIN_WRITTEN_ALL = "Đến nay các ý kiến này đều đã được trả lời bằng văn bản."
BULLETIN_COUNTS_NONE = "Tại hội nghị, bà con không nêu ý kiến nào."
BULLETIN_LEAD_IN = "Sau đây là kết quả trả lời ý kiến của bà con từng thôn."
BULLETIN_OTHERS_HEADING = "Ý kiến chưa rõ thôn."
BULLETIN_ASKED_BY = "{kind} của {asker}: {gist}"
BULLETIN_ASKED_ANON = "{kind} của một người dân: {gist}"
BULLETIN_ANSWER_SPOT = "Trả lời tại hội nghị: {answer}"
BULLETIN_ANSWER_SPOT_NO_TEXT = "Ý kiến này đã được trả lời tại hội nghị."
BULLETIN_ANSWER_WRITTEN = "{unit} đã trả lời bằng văn bản{date}: {answer}"
BULLETIN_ANSWER_WRITTEN_NO_TEXT = "{unit} đã trả lời bằng văn bản{date}."
BULLETIN_WRITTEN_BY_DEFAULT = "Ủy ban nhân dân xã"
BULLETIN_ANSWER_OPEN = "Ý kiến này đang được {unit}giải quyết, hạn trả lời là {deadline}."
BULLETIN_ANSWER_OPEN_NO_DEADLINE = "Ý kiến này đang được {unit}giải quyết."
BULLETIN_WHERE_TO_READ = (
    "Toàn văn thông báo kết quả được niêm yết tại trụ sở Ủy ban nhân dân xã và gửi đến trưởng "
    "các thôn. Bà con cần biết thêm chi tiết xin liên hệ trưởng thôn hoặc Ủy ban nhân dân xã."
)
# Words a shortened gist must not end on: the phrase would sound unfinished.
GIST_DANGLING_WORDS = frozenset(
    {
        "và",
        "của",
        "thì",
        "là",
        "để",
        "cho",
        "với",
        "các",
        "những",
        "một",
        "ở",
        "tại",
        "về",
        "đã",
        "sẽ",
        "đang",
        "được",
        "bị",
        "mà",
        "nhưng",
        "hoặc",
        "hay",
        "từ",
        "đến",
        "trong",
        "khi",
        "nếu",
        "vì",
        "do",
    }
)


# --- the publishing window ---------------------------------------------------------------------
def bulletin_plan_header(deadline: str, days: int) -> str:
    return f"Lịch phát kết quả đối thoại (hạn công bố: {deadline}, {days} ngày sau đối thoại):"


def publish_window_missed(last: str, deadline: str, days: int) -> str:
    return (
        f"Buổi phát {last} sau hạn công bố kết quả ({deadline}: {days} ngày sau đối thoại). "
        f"Hãy phát sớm hơn, hoặc dùng --force nếu đã được chấp thuận. "
        f"/ A broadcast ({last}) falls after the publishing deadline ({deadline}); use --force to override."
    )


def publish_window_forced(last: str, deadline: str) -> str:
    return f"Cảnh báo: buổi phát {last} sau hạn công bố kết quả ({deadline}); vẫn tiếp tục vì có --force."


def broadcast_before_dialogue(when: str) -> str:
    return (
        f"Buổi phát {when} không sau buổi đối thoại: kết quả chỉ phát sau khi đối thoại xong. "
        f"/ A broadcast ({when}) is not after the dialogue."
    )


BULLETIN_NO_SLOTS = "Lịch phát cần ít nhất một giờ phát (ví dụ 06:00). / The plan needs at least one slot."
BULLETIN_BAD_DAYS = "Số ngày phát phải từ 1 đến 10. / The number of broadcast days must be 1 to 10."
