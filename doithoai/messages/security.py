"""Vietnamese text of the web app's guards: body limits, login back-off,
the password policy and the `serve --forwarded-allow-ips` option."""

from __future__ import annotations


def body_too_large(limit_bytes: int) -> str:
    size = f"{limit_bytes // (1024 * 1024)} MB" if limit_bytes >= 1024 * 1024 else f"{max(1, limit_bytes // 1024)} KB"
    return f"Dữ liệu gửi lên quá lớn (tối đa {size}). Bản ghi âm hãy tải lên bằng ô «Tải bản ghi âm» ở trang hội nghị."


def login_wait(seconds: int) -> str:
    if seconds < 60:
        return f"Đăng nhập sai nhiều lần. Hãy chờ {seconds} giây rồi thử lại."
    return f"Đăng nhập sai nhiều lần. Hãy chờ {(seconds + 59) // 60} phút rồi thử lại."


def password_too_short(minimum: int) -> str:
    return f"Mật khẩu phải có ít nhất {minimum} ký tự."


PASSWORD_BLANK = "Mật khẩu không được chỉ gồm dấu cách hoặc khoảng trắng."
PASSWORD_IS_USERNAME = "Mật khẩu không được trùng (hoặc gần trùng) với tên đăng nhập."
PASSWORD_COMMON = (
    "Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ gồm vài từ."
)
PASSWORD_ONE_CHARACTER = "Mật khẩu không được chỉ lặp lại một ký tự."

FORWARDED_ALLOW_IPS_HELP = (
    "Địa chỉ IP của reverse proxy (nginx, Caddy) được tin để đọc X-Forwarded-For / "
    "X-Forwarded-Proto, cách nhau bằng dấu phẩy. Mặc định: không tin ai "
    "(biến môi trường DOITHOAI_FORWARDED_ALLOW_IPS)."
)
