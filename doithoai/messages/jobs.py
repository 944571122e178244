"""User-facing text of background jobs and `doithoai worker` (Vietnamese)."""

from __future__ import annotations

STATE_LABELS = {
    "queued": "Đang chờ",
    "running": "Đang gỡ băng",
    "done": "Đã xong",
    "failed": "Lỗi",
    "cancelled": "Đã hủy",
}

JOB_NOT_FOUND = "Không tìm thấy việc gỡ băng này."
RECORDING_NOT_FOUND = "Không tìm thấy bản ghi âm của cuộc đối thoại."
CANCEL_REQUESTED = "Đã yêu cầu hủy, đang dừng…"
CANCELLED = "Đã hủy. Có thể chạy lại: phần đã gỡ băng được giữ."
RESUMING = "Máy chủ đã khởi động lại: việc gỡ băng sẽ tiếp tục từ chỗ đã làm."
QUEUE_UNAVAILABLE = "Chưa gửi được vào hàng đợi; việc sẽ được gửi lại khi máy chủ hoặc worker khởi động lại."


def cannot_cancel(state: str) -> str:
    return f"Không thể hủy việc đang ở trạng thái «{STATE_LABELS.get(state, state)}»."


def cannot_retry(state: str) -> str:
    return f"Chỉ chạy lại được việc bị lỗi hoặc đã hủy (trạng thái hiện tại: «{STATE_LABELS.get(state, state)}»)."


def unexpected_error(exc: BaseException) -> str:
    return f"Gỡ băng gặp lỗi không mong muốn. Hãy báo cho quản trị viên. Chi tiết: {type(exc).__name__}: {exc}"


def worker_started(queue: str, workers: int, recovered: int) -> str:
    return f"Worker đã chạy: hàng đợi {queue}, {workers} luồng; gửi lại {recovered} việc còn dở. Nhấn Ctrl+C để dừng."


WORKER_STOPPED = "Worker đã dừng."
WORKER_HELP = (
    "Chạy worker gỡ băng nền (hàng đợi Huey: Redis nếu có REDIS_URL, nếu không thì SQLite trong thư mục dữ liệu)."
)
WORKERS_HELP = "Số việc chạy song song (mặc định 1)."
