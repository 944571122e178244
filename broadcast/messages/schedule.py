"""The broadcast plan and its calendar file (broadcast.schedule)."""

from __future__ import annotations

PLAN_TITLE = "Lịch phát thanh"
PLAN_EVENT = " (sự kiện: {event}; phát trước ít nhất {lead} ngày)"
PLAN_AHEAD = "  (trước {days} ngày)"
ICS_STATION_FALLBACK = "đài truyền thanh"
PLAN_EMPTY = "Chưa có lịch phát (thêm [schedule] vào tệp sự kiện hoặc dùng --slot / --broadcast-date)."


def lead_time_violation(first: str, event: str, days: int, lead: int) -> str:
    return (
        f"Lần phát đầu tiên ({first}) chỉ trước ngày tổ chức ({event}) {days} ngày, "
        f"ít hơn {lead} ngày theo quy định. Hãy phát sớm hơn, hoặc dùng --force nếu đã được chấp thuận. "
        f"/ First broadcast is only {days} day(s) before the event (lead time {lead} days); use --force to override."
    )


def lead_time_forced(days: int, lead: int) -> str:
    return f"Cảnh báo: lần phát đầu chỉ trước sự kiện {days} ngày (quy định {lead} ngày); vẫn tiếp tục vì có --force."


def broadcast_after_event(when: str) -> str:
    return f"Buổi phát {when} không trước giờ tổ chức sự kiện. / A broadcast ({when}) is not before the event."


PLAN_NEEDS_EVENT = (
    "Lịch phát tự động (days_before) cần ngày tổ chức sự kiện ([event] date). / days_before needs an event date."
)
ICS_SUMMARY = "Phát thông báo: {title}"
ICS_DESCRIPTION = "Phát trên {station} lúc {when}. Tệp âm thanh: {audio}."
ICS_NO_PLAN = "Không có lịch phát để xuất tệp .ics. / No broadcast plan to export."
NO_BROADCAST_LEFT = (
    "Mọi buổi phát trong lịch đều đã qua mà sự kiện chưa diễn ra: không còn kịp phát theo lịch. "
    "Hãy đặt lịch mới (--broadcast-date, --slot) hoặc dùng --force. / Every planned broadcast is in the past."
)


def broadcasts_past(n: int, last: str) -> str:
    return f"Cảnh báo: {n} buổi phát trong lịch đã qua (đến {last}); chỉ giữ các buổi còn lại."


def event_past(when: str) -> str:
    return f"Lưu ý: sự kiện ({when}) đã diễn ra; lịch phát được giữ nguyên như đã ghi."
