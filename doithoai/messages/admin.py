"""User-facing text of backup/restore and the demo data, in Vietnamese."""

from __future__ import annotations

# backup
BACKUP_HELP = "Sao lưu cơ sở dữ liệu và các tệp (bản ghi âm, biên bản, thông báo) vào một tệp .tar.gz."
RESTORE_HELP = "Khôi phục dữ liệu từ tệp sao lưu của `doithoai backup`."
BACKUP_OUTPUT_IN_USE = "Tệp sao lưu phải là tệp .tar.gz (ví dụ: sao-luu.tar.gz)."


def backup_done(path: str, rows: int, tables: int, files: int, size_mb: float) -> str:
    return f"Đã sao lưu {rows} dòng ({tables} bảng) và {files} tệp vào {path} ({size_mb:.1f} MB)."


def backup_progress(files: int, total: int) -> str:
    return f"\rĐang sao lưu tệp {files}/{total}…"


def no_database(url: str) -> str:
    return f"Chưa có cơ sở dữ liệu để sao lưu ({url}). Hãy chạy `doithoai serve` hoặc `doithoai users add` trước."


# restore
def not_a_backup(path: str, why: str = "") -> str:
    tail = f" ({why})" if why else ""
    return f"«{path}» không phải tệp sao lưu của doithoai hoặc đã hỏng{tail}. Không có gì bị thay đổi."


def unsafe_member(name: str) -> str:
    return (
        f"Tệp sao lưu chứa mục không an toàn «{name}» (đường dẫn tuyệt đối, '..', liên kết hoặc tệp thiết bị). "
        "Đã từ chối khôi phục; không có gì bị thay đổi."
    )


def database_not_empty(users: int, meetings: int) -> str:
    return (
        f"Cơ sở dữ liệu hiện có {users} tài khoản và {meetings} hội nghị. Khôi phục sẽ xóa hết dữ liệu này; "
        "nếu chắc chắn, chạy lại với --force. Không có gì bị thay đổi."
    )


def other_revision(backup: str, current: str) -> str:
    return (
        f"Tệp sao lưu dùng phiên bản cơ sở dữ liệu «{backup}», phần mềm hiện tại dùng «{current}». "
        "Hãy khôi phục bằng đúng phiên bản phần mềm đã tạo bản sao lưu."
    )


def bad_row(table: str, line: int) -> str:
    return f"Dòng {line} của bảng «{table}» trong tệp sao lưu không đọc được."


def restore_done(rows: int, tables: int, files: int) -> str:
    return f"Đã khôi phục {rows} dòng ({tables} bảng) và {files} tệp."


# backup and restore from the admin page
RESTORE_NOT_CONFIRMED = (
    "Hãy đánh dấu ô xác nhận: khôi phục sẽ thay toàn bộ dữ liệu hiện có bằng dữ liệu trong "
    "tệp sao lưu. Chưa có gì bị thay đổi."
)
RESTORE_NO_FILE = "Hãy chọn tệp sao lưu (.tar.gz) để khôi phục."


def restore_jobs_running(count: int) -> str:
    return (
        f"Đang có {count} việc gỡ băng chờ hoặc đang chạy. Hãy đợi xong (hoặc hủy) rồi mới khôi phục. "
        "Chưa có gì bị thay đổi."
    )


# the units an officer's account can be set to
UNIT_NOT_IN_LIST = (
    "Đơn vị này không có trong danh sách. Hãy chọn trong danh sách; đơn vị riêng của xã được thêm "
    "qua mục [routing.overrides] của tệp hội nghị."
)


# demo
DEMO_FILE_COLUMNS = "# tên đăng nhập\tvai trò\tmật khẩu\n"
# the sample meeting file is retitled for the sample transcript's hamlet
DEMO_SAMPLE_HAMLET = "Phước Hòa"
DEMO_TRANSCRIPT_HAMLET = "Bình Thới"
DEMO_MEETING_SUFFIX = "(bản ghi mẫu)"
DEMO_TRANSCRIBING = "Đang gỡ băng bản ghi âm mẫu"
DEMO_ALREADY = "Dữ liệu mẫu đã có sẵn (không tạo lại)."
DEMO_ACCOUNTS_TITLE = "Tài khoản dùng thử (mật khẩu chỉ hiện một lần, đã lưu trong tệp bên dưới):"
DEMO_FILE_HEADER = "# Tài khoản dùng thử của doithoai (tạo bởi `doithoai serve --demo`). Giữ bí mật tệp này.\n"
DEMO_SAMPLES_MISSING = "Không tìm thấy dữ liệu mẫu (thư mục samples/ và bench/data/spoken/ của mã nguồn)."
DEMO_ROLE_NAMES = {
    "admin": "Quản trị viên (dùng thử)",
    "thu_ky": "Thư ký (dùng thử)",
    "truyen_thanh": "Cán bộ truyền thanh (dùng thử)",
    "can_bo": "Cán bộ Phòng Kinh tế (dùng thử)",
}


def demo_meeting_created(title: str, segments: int, items: int) -> str:
    return f"Đã tạo hội nghị mẫu «{title}»: {segments} đoạn, {items} ý kiến."


def demo_transcription_failed(message: str) -> str:
    return f"Gỡ băng bản ghi âm mẫu không thành công: {message}"


def demo_account_line(username: str, role_label: str, password: str) -> str:
    return f"  {role_label:<16} tên đăng nhập: {username:<12} mật khẩu: {password}"


def demo_accounts_saved(path: str) -> str:
    return f"Mật khẩu các tài khoản dùng thử có trong tệp {path}"


def demo_open(url: str) -> str:
    return f"Mở {url} trong trình duyệt"
