"""The security guards of issue 13: no body read before the login check (over
the whole route table, and against a real `doithoai serve`), capped bodies,
flash messages signed only where the app made them, spreadsheet exports
without formulas, login back-off per user and address, security headers,
the password policy, the idle timeout, Secure cookies over HTTPS, the CSRF
slot of cached HTML and a private data folder."""

from __future__ import annotations

import asyncio
import base64
import csv
import datetime as dt
import hashlib
import http.client
import io
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import PASSWORD, ROLES, add_user, client_for
from servers import DOITHOAI, free_port
from sqlalchemy import select, update
from webbuild import make_meeting

from doithoai.commands.serve import proxy_options
from doithoai.messages import security as smsg
from doithoai.services import accounts
from doithoai.services.actors import allowed
from doithoai.services.passwords import check_password_policy
from doithoai.store.db import session_scope
from doithoai.store.tables import ItemRow, LoginAttemptRow, LoginSession, utcnow
from doithoai.web.app import api_routes
from doithoai.web.deps import SESSION_COOKIE
from doithoai.web.fragments import CSRF_SLOT
from doithoai.web.security import FORM_LIMIT, PUBLIC_LIMIT, route_permission
from pipeline.errors import UserError

MB = 1024 * 1024


# --- 1. nothing is read before the login check -------------------------------------------------


class Body:
    """A request body produced lazily in 1 MiB chunks, counting what the app pulls."""

    def __init__(self, size: int, prefix: bytes = b"") -> None:
        self.size, self.pulled, self.prefix = size, 0, prefix

    async def receive(self):
        if self.pulled < self.size:
            n = min(MB, self.size - self.pulled)
            chunk = (self.prefix + b"a" * n)[:n] if self.pulled == 0 else b"a" * n
            self.pulled += n
            return {"type": "http.request", "body": chunk, "more_body": self.pulled < self.size}
        return {"type": "http.disconnect"}


# A multipart body whose one file part never ends: Starlette spools file parts
# to disk without a size limit, whatever the route's fields.
ENDLESS_FILE = b'--B\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\n'
MULTIPART = b"multipart/form-data; boundary=B"


def call(
    app,
    method: str,
    path: str,
    size: int,
    cookie: str = "",
    declare: bool = True,
    content_type: bytes = b"application/x-www-form-urlencoded",
    prefix: bytes = b"",
) -> tuple[int, int]:
    """(status, bytes the app pulled) of one request sent straight to the ASGI app."""
    headers = [(b"host", b"testserver"), (b"content-type", content_type), (b"accept", b"application/json")]
    headers.append((b"content-length", str(size).encode()) if declare else (b"transfer-encoding", b"chunked"))
    if cookie:
        headers.append((b"cookie", f"{SESSION_COOKIE}={cookie}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    body, status = Body(size, prefix), []

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])

    asyncio.run(app(scope, body.receive, send))
    return status[0], body.pulled


def _routes(app):
    for path, route in api_routes(app):
        for method in sorted(route.methods - {"HEAD"}):
            yield method, re.sub(r"\{[^}]+\}", "1", path), route_permission(route.dependant)


def test_anonymous_50_mb_is_refused_unread_on_every_route(app):
    checked = 0
    for method, path, perm in _routes(app):
        status, pulled = call(app, method, path, 50 * MB)
        if perm is None:  # the login form: far over its limit
            assert status == 413 and pulled == 0, (method, path, status, pulled)
            continue
        assert status in (401, 303), (method, path, status)
        assert pulled == 0, (method, path, pulled)
        chunked_status, chunked_pulled = call(
            app, method, path, 50 * MB, declare=False, content_type=MULTIPART, prefix=ENDLESS_FILE
        )
        assert chunked_status in (401, 303) and chunked_pulled == 0, (method, path, chunked_status)
        checked += 1
    assert checked >= 40


def test_a_role_without_the_permission_is_refused_unread(app, web_settings):
    tokens = {}
    for role in ROLES:
        add_user(web_settings, role.replace("_", "-"), role)
    with session_scope(web_settings.database_url) as db:
        for role in ROLES:
            tokens[role], _ = accounts.open_session(db, accounts.get_user(db, role.replace("_", "-")))
    refused = 0
    for method, path, perm in _routes(app):
        if method == "GET" or perm is None:
            continue
        for role in ROLES:
            if not allowed(role, perm):
                status, pulled = call(app, method, path, 50 * MB, cookie=tokens[role])
                assert status == 403 and pulled == 0, (role, method, path, status, pulled)
                refused += 1
    assert refused >= 20


def test_allowed_forms_are_capped_by_length_and_while_streaming(app, clients, web_settings):
    token = clients["admin"].cookies.get(SESSION_COOKIE)
    web_settings.max_upload_bytes = 8 * MB
    forms = files = 0
    for method, path, perm in _routes(app):
        if method != "POST" or perm is None or path == "/meetings/1/recordings":
            continue
        route = next(r for p, r in api_routes(app) if re.sub(r"\{[^}]+\}", "1", p) == path and method in r.methods)
        has_file = any(type(p.field_info).__name__ == "File" for p in route.dependant.body_params)
        limit = web_settings.max_upload_bytes if has_file else FORM_LIMIT
        status, pulled = call(app, method, path, limit + 1, cookie=token)
        assert status == 413 and pulled == 0, (path, status, pulled)
        status, pulled = call(
            app, method, path, 50 * MB, cookie=token, declare=False, content_type=MULTIPART, prefix=ENDLESS_FILE
        )
        assert status == 413 and pulled <= limit + MB, (path, status, pulled)
        files += has_file
        forms += not has_file
    assert forms >= 20 and files >= 2


def test_the_login_form_is_capped_small(app):
    assert call(app, "POST", "/login", PUBLIC_LIMIT + 1) == (413, 0)
    status, pulled = call(app, "POST", "/login", 50 * MB, declare=False, content_type=MULTIPART, prefix=ENDLESS_FILE)
    assert status == 413 and pulled <= PUBLIC_LIMIT + MB


def _rss_kb(pid: int, field: str = "VmHWM") -> int:
    """The process's peak resident memory (VmHWM; memory freed after the
    request would not show in VmRSS)."""
    with open(f"/proc/{pid}/status") as fh:
        return int(next(line for line in fh if line.startswith(field + ":")).split()[1])


def many_fields(size: int) -> list[bytes]:
    """A multipart body of about `size` bytes made of text fields just under
    Starlette's 1 MB per-field limit: each one is kept in memory."""
    value, parts, total = b"a" * (1000 * 1000), [], 0
    while total + len(value) < size:
        part = (b'--B\r\nContent-Disposition: form-data; name="f%d"\r\n\r\n' % len(parts)) + value + b"\r\n"
        parts.append(part)
        total += len(part)
    return [*parts, b"--B--\r\n"]


def _post(port: int, path: str, size: int) -> tuple[int, float]:
    parts = many_fields(size)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.monotonic()
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", MULTIPART.decode())
    conn.putheader("Content-Length", str(sum(map(len, parts))))
    conn.endheaders()
    try:
        for part in parts:
            conn.send(part)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may stop listening once it has answered
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_real_server_answers_50_mb_anonymous_posts_fast_without_growing(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DOITHOAI_DATA")}
    proc = subprocess.Popen(
        [str(DOITHOAI), "serve", "--data", str(tmp_path / "d"), "--port", str(port), "--no-worker", "--processes", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/login")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        for path in ("/followup/items/1", "/login", "/admin/users"):
            _post(port, path, 1024)  # warm up: imports, the route table
        before = _rss_kb(proc.pid)
        results = {
            path: _post(port, path, 50 * MB)
            for path in ("/followup/items/1", "/broadcast/preview", "/meetings/1/items/1/edit", "/login")
        }
        grown_mb = (_rss_kb(proc.pid) - before) / 1024
        print(f"50 MB probes: {results}, peak RSS grew {grown_mb:.1f} MB")
        assert [status for status, _ in results.values()] == [401, 401, 401, 413]
        assert all(seconds < 1.0 for _, seconds in results.values()), results
        assert grown_mb < 10, grown_mb
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --- 2. flash messages ----------------------------------------------------------------------------


def test_login_next_cannot_carry_a_signed_message(app, clients, web_settings):
    admin = clients["admin"]
    r = admin.get(
        "/login?next=%2Fmeetings%3Fok%3DG%E1%BB%8Di%20s%E1%BB%91%20l%E1%BA%A1%26okh%3Dx%26q%3D1", follow_redirects=False
    )
    assert r.status_code == 303
    assert "okh=" not in r.headers["location"] and "ok=" not in r.headers["location"]
    assert r.headers["location"] == "/meetings?q=1"
    add_user(web_settings, "mai", "thu_ky")
    c = client_for(app)
    token = c.page_csrf("/login")
    r = c.post(
        "/login",
        data={"username": "mai", "password": PASSWORD, "csrf_token": token, "next": "/?ok=Gọi số lạ"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "ok" not in r.headers["location"]
    page = admin.get("/?ok=G%E1%BB%8Di&okh=00000000000000000000000000000000").text
    assert "Gọi" not in page


def test_a_route_made_redirect_is_still_signed(clients, web_settings):
    mid = make_meeting(web_settings, items=[{"text": "đèn đường", "unit": "Công an xã", "status": "da_phan_cong"}])
    with session_scope(web_settings.database_url) as db:
        item = db.scalar(select(ItemRow.id).where(ItemRow.meeting_id == mid))
    r = clients["admin"].form(f"/followup/items/{item}", {"status": "dang_xu_ly", "next": "/followup?ok=giả"})
    assert r.status_code == 303 and "okh=" in r.headers["location"] and "gi%E1%BA%A3" not in r.headers["location"]


# --- 3. formula injection -------------------------------------------------------------------------

RISKY = ['=HYPERLINK("http://x","bấm")', "=1+2", "@SUM(1+1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1"]


def test_exports_never_carry_a_formula(clients, web_settings):
    mid = make_meeting(
        web_settings,
        items=[
            {"text": t, "summary": t, "asker": t, "unit": "Công an xã", "status": "da_phan_cong", "start": 10.0 * n}
            for n, t in enumerate(RISKY)
        ],
    )
    admin = clients["admin"]
    for url in (f"/meetings/{mid}/y-kien.xlsx", "/followup.xlsx"):
        r = admin.get(url)
        assert r.status_code == 200, url
        sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
        values = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert not [c.coordinate for c in values if c.data_type == "f"], url
        risky = [c for c in values if c.value in RISKY]
        assert len(risky) >= len(RISKY) and all(c.quotePrefix for c in risky), url
    r = admin.get(f"/meetings/{mid}/y-kien.csv")
    fields = [f for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"))) for f in row]
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert all("'" + t in fields for t in RISKY)


# --- 4. login back-off ----------------------------------------------------------------------------


def _attempts(settings, username: str, ip: str, count: int, seconds_ago: float) -> None:
    with session_scope(settings.database_url) as db:
        for _ in range(count):
            db.add(
                LoginAttemptRow(
                    username=username, ip=ip, success=False, at=utcnow() - dt.timedelta(seconds=seconds_ago)
                )
            )


def test_an_attacker_elsewhere_never_locks_the_user_out(app, web_settings):
    add_user(web_settings, "admin", "admin", password="quan-tri-vien-xa-2025")
    _attempts(web_settings, "admin", "203.0.113.9", 40, 1)
    with session_scope(web_settings.database_url) as db:
        with pytest.raises(accounts.LoginThrottled):
            accounts.authenticate(db, "admin", "quan-tri-vien-xa-2025", "203.0.113.9")
        assert accounts.authenticate(db, "admin", "quan-tri-vien-xa-2025", "192.0.2.7").username == "admin"
        add_user(web_settings, "mai", "thu_ky")
        assert accounts.authenticate(db, "mai", PASSWORD, "203.0.113.9").username == "mai"  # same address, other user
    web = client_for(app)  # the web form, from the test client's own address
    assert web.login("admin", "quan-tri-vien-xa-2025").status_code == 303


def test_back_off_doubles_and_then_lets_the_right_password_in(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    throttle = accounts.Throttle(max_failures=3, window_seconds=3600, max_delay=60)
    assert [throttle.delay(n) for n in range(9)] == [0, 0, 0, 1, 2, 4, 8, 16, 32]
    assert throttle.delay(30) == 60
    _attempts(web_settings, "mai", "10.0.0.5", 6, 5)  # 6 failures: wait 8 s after the last, 5 s ago
    with session_scope(web_settings.database_url) as db:
        with pytest.raises(accounts.LoginThrottled) as info:
            accounts.authenticate(db, "mai", PASSWORD, "10.0.0.5", throttle)
        assert 2 <= info.value.retry_after <= 4 and "giây" in info.value.message
        db.execute(update(LoginAttemptRow).values(at=utcnow() - dt.timedelta(seconds=9)))
        db.commit()
        assert accounts.authenticate(db, "mai", PASSWORD, "10.0.0.5", throttle).username == "mai"
        # the success resets the count: one more typo costs nothing
        with pytest.raises(UserError) as typo:
            accounts.authenticate(db, "mai", "sai", "10.0.0.5", throttle)
        assert not isinstance(typo.value, accounts.LoginThrottled)


def test_forwarded_headers_are_off_unless_configured(run_cli, tmp_path, monkeypatch):
    assert proxy_options("") == {"proxy_headers": False, "forwarded_allow_ips": ""}
    assert proxy_options(" 10.0.0.1, 10.0.0.2 ") == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.1,10.0.0.2"}
    import uvicorn

    seen = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.append(kw))
    monkeypatch.delenv("DOITHOAI_FORWARDED_ALLOW_IPS", raising=False)
    assert run_cli("serve", "--no-worker", "--processes", "1", "--data", tmp_path / "d").exit_code == 0
    monkeypatch.setenv("DOITHOAI_FORWARDED_ALLOW_IPS", "10.1.1.1")
    assert run_cli("serve", "--no-worker", "--processes", "1", "--data", tmp_path / "d").exit_code == 0
    assert [(kw["proxy_headers"], kw["forwarded_allow_ips"]) for kw in seen] == [(False, ""), (True, "10.1.1.1")]


# --- 5. security headers --------------------------------------------------------------------------


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def test_pages_and_downloads_carry_the_headers(anon, clients, web_settings):
    mid = make_meeting(web_settings, items=[{"text": "đèn", "unit": "Công an xã", "status": "da_phan_cong"}])
    admin = clients["admin"]
    responses = {
        "login": anon.get("/login"),
        "missing": admin.get("/khong-co"),
        "meeting": admin.get(f"/meetings/{mid}"),
        "review": admin.get(f"/meetings/{mid}/review"),
        "csv": admin.get(f"/meetings/{mid}/y-kien.csv"),
        "xlsx": admin.get("/followup.xlsx"),
        "redirect": anon.get("/", follow_redirects=False),
    }
    for name, r in responses.items():
        h = r.headers
        assert "frame-ancestors 'none'" in h["content-security-policy"], name
        assert "unsafe-inline" not in h["content-security-policy"].split("script-src")[1].split(";")[0], name
        assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff", name
        assert h["referrer-policy"] == "same-origin" and h["cache-control"] == "no-store", name
    for name in ("meeting",):  # every inline script the page carries is allowed by its hash
        scripts = re.findall(r"<script>(.*?)</script>", responses[name].text, flags=re.S)
        assert scripts, name
        assert all(_hash(s) in responses[name].headers["content-security-policy"] for s in scripts), name
    static = anon.get("/static/app.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    assert static.headers["x-content-type-options"] == "nosniff"


# --- 6. passwords, idle timeout, cookies, CSRF slot, file modes -----------------------------------


@pytest.mark.parametrize(
    "password, username, role, message",
    [
        ("12345678", "quantri", "admin", smsg.password_too_short(12)),
        ("mot-mat-kh", "quantri", "admin", smsg.password_too_short(12)),
        ("ngan-qua", "mai", "thu_ky", smsg.password_too_short(10)),
        (" " * 12, "quantri", "admin", smsg.PASSWORD_BLANK),
        ("\t \u3000" * 5, "mai", "thu_ky", smsg.PASSWORD_BLANK),
        ("aaaaaaaaaaaa", "quantri", "admin", smsg.PASSWORD_ONE_CHARACTER),
        ("1234567890", "mai", "thu_ky", smsg.PASSWORD_COMMON),
        ("Matkhau@2025!", "mai", "thu_ky", smsg.PASSWORD_COMMON),
        ("password1234", "quantri", "admin", smsg.PASSWORD_COMMON),
        ("quantri12345", "quantri", "admin", smsg.PASSWORD_IS_USERNAME),
        ("Nguyen.VanAn-1", "nguyen.vanan", "thu_ky", smsg.PASSWORD_IS_USERNAME),
    ],
)
def test_password_policy_refuses(password, username, role, message):
    with pytest.raises(UserError) as info:
        check_password_policy(password, username, role)
    assert info.value.message == message


def test_password_policy_accepts_a_real_phrase():
    check_password_policy("trâu ăn cỏ ngoài đồng", "quantri", "admin")
    check_password_policy(PASSWORD, "mai", "thu_ky")


def test_policy_applies_on_the_admin_page_and_the_cli(clients, run_cli, tmp_path, monkeypatch):
    r = clients["admin"].form("/admin/users", {"username": "lan", "role": "admin", "password": "12345678"})
    assert r.status_code == 400 and smsg.password_too_short(12) in r.text
    r = clients["admin"].form("/admin/users/1/password", {"password": " " * 14})
    assert r.status_code == 400 and smsg.PASSWORD_BLANK in r.text
    data = tmp_path / "d"
    monkeypatch.setattr(sys, "stdin", io.StringIO("12345678\n"))
    r = run_cli("users", "add", "quantri", "--role", "admin", "--password-stdin", "--data", data)
    assert r.exit_code == 2 and smsg.password_too_short(12) in r.stderr
    monkeypatch.setattr(sys, "stdin", io.StringIO("mot-cau-dai-de-nho\n"))
    assert run_cli("users", "add", "quantri", "--role", "admin", "--password-stdin", "--data", data).exit_code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("qwertyuiop\n"))
    r = run_cli("users", "passwd", "quantri", "--password-stdin", "--data", data)
    assert r.exit_code == 2 and smsg.password_too_short(12) in r.stderr
    monkeypatch.setattr(sys, "stdin", io.StringIO("password1234\n"))
    r = run_cli("users", "passwd", "quantri", "--password-stdin", "--data", data)
    assert r.exit_code == 2 and smsg.PASSWORD_COMMON in r.stderr


def _last_seen(settings) -> dt.datetime:
    with session_scope(settings.database_url) as db:
        return db.scalar(select(LoginSession.last_seen).where(LoginSession.id == 1))


def test_an_idle_session_ends_and_visits_are_noted_once_a_minute(clients, web_settings):
    admin = clients["admin"]
    first = _last_seen(web_settings)
    assert admin.get("/", follow_redirects=False).status_code == 200
    assert _last_seen(web_settings) == first  # within the minute: no write
    with session_scope(web_settings.database_url) as db:
        db.execute(
            update(LoginSession).where(LoginSession.id == 1).values(last_seen=utcnow() - dt.timedelta(minutes=5))
        )
    assert admin.get("/", follow_redirects=False).status_code == 200
    assert utcnow() - _last_seen(web_settings) < dt.timedelta(seconds=30)  # noted
    with session_scope(web_settings.database_url) as db:
        db.execute(
            update(LoginSession)
            .where(LoginSession.id == 1)
            .values(last_seen=utcnow() - dt.timedelta(minutes=web_settings.idle_minutes + 1))
        )
    assert admin.get("/", follow_redirects=False).status_code == 303  # to the login page
    assert clients["thu_ky"].get("/", follow_redirects=False).status_code == 200  # other sessions live on


def test_cookies_are_secure_over_https(app, web_settings):
    add_user(web_settings, "mai", "thu_ky")
    plain = client_for(app)
    assert plain.login("mai").status_code == 303
    assert "secure" not in plain.cookies.jar and all(not c.secure for c in plain.cookies.jar)
    tls = client_for(app)
    tls.base_url = tls.base_url.copy_with(scheme="https")
    r = tls.get("/login")
    assert "secure" in r.headers["set-cookie"].lower()
    token = re.search(r'name="csrf-token" content="([^"]+)"', r.text).group(1)
    r = tls.post("/login", data={"username": "mai", "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    session_cookie = [v for k, v in r.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v]
    assert session_cookie and "secure" in session_cookie[0].lower()


def test_item_text_cannot_pull_in_the_csrf_token(clients, web_settings):
    for slot in ("@@doithoai-csrf@@", str(CSRF_SLOT)):
        mid = make_meeting(web_settings, items=[{"text": f"trước {slot} sau", "start": 1.0}])
        secretary = clients["thu_ky"]
        page = secretary.get(f"/meetings/{mid}/review").text
        assert page.count(secretary.csrf) == page.count('name="csrf_token"') + 1  # the forms and <meta>
        assert f"trước {slot} sau" in page.replace("&lt;", "<").replace("&gt;", ">")


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_is_private(tmp_path, clients, web_settings, sent):
    data = web_settings.data_dir
    mid = make_meeting(web_settings, items=[{"text": "đèn", "start": 1.0}])
    wav = Path(__file__).resolve().parents[3] / "tests" / "data" / "speech-vi" / "example_1.wav"
    r = clients["thu_ky"].post(
        f"/meetings/{mid}/recordings",
        content=wav.read_bytes(),
        headers={
            "x-filename": "ghi-am.wav",
            "x-csrf-token": clients["thu_ky"].csrf,
            "accept": "application/json",
            "content-type": "application/octet-stream",
        },
    )
    assert r.status_code == 200, r.text
    clients["thu_ky"].get(f"/meetings/{mid}/y-kien.xlsx")
    files = [p for p in data.rglob("*") if p.is_file()]
    folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
    assert any(p.suffix == ".wav" for p in files) and any(p.name == "secret.key" for p in files)
    assert any(p.name.endswith(".sqlite3") for p in files)
    assert {str(p.relative_to(data)): oct(_mode(p)) for p in files if _mode(p) != 0o600} == {}
    assert {str(p.relative_to(data)): oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}


def test_an_old_readable_data_folder_is_tightened_at_start(tmp_path):
    from doithoai.settings import load_settings
    from doithoai.web.app import create_app

    settings = load_settings(tmp_path / "old", env={})
    settings.ensure_dirs()
    os.chmod(settings.data_dir, 0o755)
    old = settings.recordings_dir / "cu.wav"
    old.write_bytes(b"x")
    os.chmod(old, 0o644)
    create_app(settings)
    assert _mode(settings.data_dir) == 0o700 and _mode(old) == 0o600


def test_inline_scripts_of_the_templates_are_plain_text():
    """The CSP allows inline scripts by the hash of the template's text, so
    one holding a Jinja expression would be blocked in the browser."""
    templates = Path(__file__).resolve().parents[3] / "doithoai" / "web" / "templates"
    scripts = [
        (page.name, code)
        for page in templates.glob("*.html")
        for code in re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), flags=re.S)
    ]
    assert scripts and [name for name, code in scripts if "{{" in code or "{%" in code] == []
