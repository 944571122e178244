"""User-facing text of the web app core (login, accounts, errors), in Vietnamese."""

from __future__ import annotations

APP_NAME = "Đối thoại"
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_REQUIRED = "Vui lòng đăng nhập để tiếp tục."
ACCOUNT_DISABLED = "Tài khoản đã bị khóa. Liên hệ quản trị viên."
FORBIDDEN = "Tài khoản của bạn không có quyền thực hiện việc này."
NOT_FOUND = "Không tìm thấy trang hoặc dữ liệu yêu cầu."
CSRF_FAILED = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lại."
SERVER_ERROR = "Có lỗi trong hệ thống. Thao tác chưa được thực hiện; hãy thử lại hoặc báo quản trị viên."
SAVED = "Đã lưu."
NOTHING_CHANGED = "Không có gì thay đổi."
FORM_TOO_LARGE = (
    "Biểu mẫu gửi lên quá lớn (tối đa 20 MB). Bản ghi âm hãy tải lên bằng ô «Tải bản ghi âm» ở trang hội nghị."
)


def invalid_request(fields: str) -> str:
    return f"Dữ liệu gửi lên không hợp lệ ở: {fields}. Hãy kiểm tra lại và gửi lại."


# The fields of the pages' forms and query strings, named in invalid_request
# (tests/doithoai/web/test_plain_text.py checks every route's field has one).
FIELD_LABELS = {
    "active": "trạng thái tài khoản",
    "all": "hiện tất cả",
    "answer": "nội dung trả lời",
    "answered": "đã trả lời tại hội nghị",
    "asker": "người hỏi",
    "dates": "ngày phát",
    "deadline": "hạn xử lý",
    "download": "tải về",
    "end": "thời điểm kết thúc",
    "entity": "loại dữ liệu",
    "file": "tệp",
    "fmt": "định dạng",
    "force": "làm lại dù đã có",
    "from_notice": "thông báo mẫu",
    "full_name": "họ tên",
    "hamlet": "thôn",
    "ids": "các ý kiến",
    "kind": "loại ý kiến",
    "meeting": "hội nghị",
    "mode": "cách trả lời",
    "name": "tên",
    "next": "trang tiếp theo",
    "outside_content": "ngoài nội dung hội nghị",
    "overdue": "quá hạn",
    "page": "trang",
    "password": "mật khẩu",
    "reason": "lý do",
    "responded_at": "ngày trả lời",
    "response": "kết quả xử lý",
    "role": "vai trò",
    "slots": "giờ phát",
    "start": "thời điểm bắt đầu",
    "state": "trạng thái",
    "status": "trạng thái xử lý",
    "summary": "tóm tắt",
    "text": "nội dung",
    "topic": "lĩnh vực",
    "unit": "đơn vị",
    "unit_other": "đơn vị khác",
    "username": "tên đăng nhập",
    "confirm": "ô xác nhận",
}
FIELD_UNKNOWN = "một ô của biểu mẫu"


# accounts
ROLE_LABELS = {"admin": "Quản trị", "thu_ky": "Thư ký", "truyen_thanh": "Truyền thanh", "can_bo": "Cán bộ xử lý"}
USERNAME_INVALID = "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang (3–64 ký tự)."
ROLE_INVALID = "Vai trò không hợp lệ. Chọn một trong: admin, thu_ky, truyen_thanh, can_bo."
CANNOT_DEMOTE_SELF = "Không thể tự bỏ quyền quản trị của chính mình. Nhờ một quản trị viên khác đổi vai trò nếu cần."
PASSWORD_PROMPT = "Mật khẩu"
PASSWORD_AGAIN = "Nhập lại mật khẩu"
ACCOUNT_LOCKED_MARK = "  (đã khóa)"  # after a locked account in `doithoai users list`
PASSWORDS_DIFFER = "Hai lần nhập mật khẩu không khớp."


def username_taken(name: str) -> str:
    return f"Tên đăng nhập «{name}» đã có người dùng."


def user_not_found(name: str) -> str:
    return f"Không có tài khoản «{name}»."


def user_created(name: str, role_label: str) -> str:
    return f"Đã tạo tài khoản «{name}» ({role_label})."


def password_changed(name: str) -> str:
    return f"Đã đổi mật khẩu của «{name}»."


def serving(url: str) -> str:
    return f"doithoai đang chạy tại {url}  (Ctrl+C để dừng)"


NO_USERS_YET = "Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên:\n  doithoai users add admin --role admin"


def database_url_unsupported(scheme: str) -> str:
    return (
        f"DATABASE_URL kiểu «{scheme}» không được hỗ trợ: dùng sqlite:///đường/dẫn.sqlite3 "
        "hoặc postgresql://người-dùng:mật-khẩu@máy/tên-csdl."
    )


def database_unreachable(url: str, detail: object) -> str:
    first = str(detail).strip().splitlines()[0] if str(detail).strip() else ""
    return (
        f"Không kết nối được cơ sở dữ liệu {url}: {first}. Kiểm tra máy chủ cơ sở dữ liệu đã chạy và DATABASE_URL đúng."
    )


def bad_number_setting(name: str, value: str) -> str:
    return f"{name} phải là một số nguyên, không phải «{value}»."
