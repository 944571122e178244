"""Log-in, sessions, throttling, CSRF and accounts, through the real app."""

from __future__ import annotations

import io
import sys

from conftest import PASSWORD, add_user, client_for
from sqlalchemy import select

from doithoai.messages import security as security_msg
from doithoai.messages import web as msg
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, LoginAttemptRow, LoginSession, UserRow


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    c = client_for(app)
    r = c.login("mai")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    token = c.cookies.get("doithoai_session")
    assert token and len(token) >= 40
    with session_scope(web_settings.database_url) as db:
        stored = db.scalars(select(LoginSession.token_hash)).all()
    assert stored and token not in stored  # only the hash is kept
    assert "Xin chào" in c.get("/").text
    assert c.form("/logout").status_code == 303
    assert c.get("/", follow_redirects=False).status_code == 303
    with session_scope(web_settings.database_url) as db:
        assert db.scalars(select(LoginSession)).all() == []
    # the old cookie no longer works even if replayed
    replay = client_for(app)
    replay.cookies.set("doithoai_session", token)
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_secure_cookie_when_configured(app, web_settings):
    web_settings.secure_cookies = True
    add_user(web_settings, "mai", "thu_ky")
    c = client_for(app)
    r = c.login("mai")
    assert "secure" in r.headers["set-cookie"].lower()


def test_passwords_are_argon2_and_wrong_ones_fail_with_one_message(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    with session_scope(web_settings.database_url) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "mai"))
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    c = client_for(app)
    wrong_pw = c.login("mai", "sai-mat-khau")
    wrong_name = c.login("khong-co", PASSWORD)
    assert wrong_pw.status_code == wrong_name.status_code == 401
    assert msg.LOGIN_FAILED in wrong_pw.text and msg.LOGIN_FAILED in wrong_name.text
    assert "doithoai_session" not in c.cookies


def test_login_is_throttled_after_repeated_failures(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    web_settings.login_max_failures = 3
    c = client_for(app)
    codes = [c.login("mai", f"sai-{i}").status_code for i in range(3)]
    assert codes == [401, 401, 401]
    blocked = c.login("mai")  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "rồi thử lại" in blocked.text
    with session_scope(web_settings.database_url) as db:
        attempts = db.scalars(select(LoginAttemptRow)).all()
    assert len(attempts) == 3 and not any(a.success for a in attempts)


def test_disabled_account_cannot_log_in(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    with session_scope(web_settings.database_url) as db:
        db.scalar(select(UserRow).where(UserRow.username == "mai")).active = False
    r = client_for(app).login("mai")
    assert r.status_code == 401 and msg.ACCOUNT_DISABLED in r.text


def test_login_form_needs_its_csrf_token(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    c = client_for(app)
    c.page_csrf("/login")
    r = c.post("/login", data={"username": "mai", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and msg.CSRF_FAILED in r.text
    assert "doithoai_session" not in c.cookies


def test_next_parameter_cannot_redirect_off_site(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    for target, expected in (("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/meetings", "/meetings")):
        c = client_for(app)
        token = c.page_csrf("/login")
        r = c.post(
            "/login",
            data={"username": "mai", "password": PASSWORD, "next": target, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.headers["location"] == expected


def test_admin_creates_an_account_and_it_is_audited(clients, app, web_settings):
    admin = clients["admin"]
    r = admin.form(
        "/admin/users",
        {
            "username": "lan",
            "full_name": "Võ Thị Lan",
            "role": "can_bo",
            "unit": "Văn hóa – Xã hội",
            "password": "mot-mat-khau",
        },
    )
    assert r.status_code == 303
    bad = admin.form("/admin/users", {"username": "x", "role": "can_bo", "password": "ngan"})
    assert bad.status_code == 400 and msg.USERNAME_INVALID in bad.text
    dup = admin.form("/admin/users", {"username": "LAN", "role": "thu_ky", "password": "mot-mat-khau"})
    assert dup.status_code == 400 and "đã có người dùng" in dup.text
    assert client_for(app).login("lan", "mot-mat-khau").status_code == 303
    with session_scope(web_settings.database_url) as db:
        entries = db.scalars(select(AuditRow).where(AuditRow.entity == "user")).all()
    assert len(entries) == 1 and entries[0].username == "admin" and entries[0].after["role"] == "can_bo"
    page = admin.get("/admin/audit").text
    assert "lan" in page and "Tài khoản" in page and "vai trò</b>: Cán bộ xử lý" in page  # words, not field names
    assert "can_bo" not in page


def test_password_reset_logs_the_user_out(clients, app, web_settings):
    secretary = clients["thu_ky"]
    with session_scope(web_settings.database_url) as db:
        uid = db.scalar(select(UserRow.id).where(UserRow.username == "thu-ky"))
    r = clients["admin"].form(f"/admin/users/{uid}/password", {"password": "mat-khau-moi-123"})
    assert r.status_code == 303
    assert secretary.get("/", follow_redirects=False).status_code == 303
    assert client_for(app).login("thu-ky", "mat-khau-moi-123").status_code == 303


def test_first_admin_from_the_cli(run_cli, tmp_path, monkeypatch):
    data = tmp_path / "d"
    monkeypatch.setattr(sys, "stdin", io.StringIO("mot-mat-khau-dai\n"))
    r = run_cli(
        "users", "add", "quantri", "--role", "admin", "--name", "Nguyễn Văn A", "--password-stdin", "--data", data
    )
    assert r.exit_code == 0, r.stderr
    assert "quantri" in r.stdout
    listed = run_cli("users", "list", "--data", data)
    assert "quantri" in listed.stdout and "Quản trị" in listed.stdout
    monkeypatch.setattr(sys, "stdin", io.StringIO("ngan\n"))
    short = run_cli("users", "add", "khac", "--role", "thu_ky", "--password-stdin", "--data", data)
    assert short.exit_code == 2 and security_msg.password_too_short(10) in short.stderr
    monkeypatch.setattr(sys, "stdin", io.StringIO("mot-mat-khau-dai\n"))
    again = run_cli("users", "add", "QuanTri", "--role", "thu_ky", "--password-stdin", "--data", data)
    assert again.exit_code == 2 and "đã có người dùng" in again.stderr


def test_a_failed_commit_is_reported_not_hidden_behind_a_redirect(clients, app, web_settings):
    """The request's session commits before the response goes out: when the
    commit fails the user sees an error page, not "saved"."""
    from conftest import WebClient
    from sqlalchemy.exc import OperationalError

    admin = WebClient(app, headers={"accept": "text/html"}, raise_server_exceptions=False)
    admin.cookies = clients["admin"].cookies
    admin.csrf = clients["admin"].csrf
    real = app.state.sessionmaker

    def failing_sessions():
        db = real()
        plain_commit = db.commit

        def commit():
            if db.new or db.dirty:  # only the write fails, not the session look-up
                raise OperationalError("COMMIT", {}, Exception("database is locked"))
            plain_commit()

        db.commit = commit
        return db

    app.state.sessionmaker = failing_sessions
    try:
        r = admin.form("/admin/users", {"username": "lan", "role": "can_bo", "password": "mot-mat-khau"})
    finally:
        app.state.sessionmaker = real
    assert r.status_code == 500 and msg.SERVER_ERROR in r.text
    with session_scope(web_settings.database_url) as db:
        assert db.scalar(select(UserRow).where(UserRow.username == "lan")) is None


def test_an_admin_cannot_remove_his_own_admin_role(clients, web_settings):
    admin = clients["admin"]
    with session_scope(web_settings.database_url) as db:
        uid = db.scalar(select(UserRow.id).where(UserRow.username == "admin"))
    r = admin.form(f"/admin/users/{uid}", {"full_name": "Quản trị", "role": "thu_ky", "active": "1"})
    assert r.status_code == 400 and msg.CANNOT_DEMOTE_SELF in r.text
    assert admin.get("/admin/audit").status_code == 200  # still an admin


def test_an_impossible_id_is_not_found(clients):
    r = clients["admin"].get("/meetings/99999999999999999999999")
    assert r.status_code == 404 and msg.NOT_FOUND in r.text
