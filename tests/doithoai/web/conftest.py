"""Fixtures of the web app tests: a fresh data folder and SQLite database per
test, the real app through Starlette's ASGI TestClient, and logged-in
clients for each role."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from liveserver import CSRF_RE

from doithoai.jobs import queue
from doithoai.services import accounts
from doithoai.settings import Settings, load_settings
from doithoai.store.db import session_scope
from doithoai.store.tables import UserRow
from doithoai.web.app import create_app
from doithoai.web.deps import SESSION_COOKIE

ROLES = ("admin", "thu_ky", "truyen_thanh", "can_bo")
OFFICER_UNIT = "Công an xã"
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    settings = load_settings(tmp_path / "data", env={})
    settings.ensure_dirs()
    return settings


@pytest.fixture
def app(web_settings: Settings):
    return create_app(web_settings)


def add_user(settings: Settings, username: str, role: str, unit: str = "", password: str = PASSWORD) -> None:
    with session_scope(settings.database_url) as db:
        accounts.create_user(db, username, password, role, full_name=f"Người dùng {username}", unit=unit)


class WebClient(TestClient):
    """A TestClient that knows its CSRF token after `login`."""

    csrf: str = ""

    def page_csrf(self, path: str = "/") -> str:
        r = self.get(path, headers={"accept": "text/html"})
        m = CSRF_RE.search(r.text)
        assert m, f"no CSRF token on {path}: {r.status_code}"
        self.csrf = m.group(1)
        return self.csrf

    def login(self, username: str, password: str = PASSWORD):
        token = self.page_csrf("/login")
        r = self.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
        )
        if r.status_code == 303:
            self.page_csrf("/")
        return r

    def form(self, path: str, data: dict | None = None, **kw):
        """POST a form with the CSRF token."""
        return self.post(path, data={**(data or {}), "csrf_token": self.csrf}, follow_redirects=False, **kw)


def client_for(app) -> WebClient:
    return WebClient(app, headers={"accept": "text/html"})


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """Job ids put on the queue, which is replaced by this list (the queue
    itself is tested in test_jobs.py)."""
    ids: list[int] = []
    monkeypatch.setattr(queue, "enqueue", lambda settings, job_id: ids.append(job_id))
    return ids


@pytest.fixture
def anon(app) -> WebClient:
    return client_for(app)


_HASH: list[str] = []


def _password_hash() -> str:
    """Argon2 is slow on purpose; one hash of PASSWORD serves every test user."""
    if not _HASH:
        _HASH.append(accounts.hash_password(PASSWORD))
    return _HASH[0]


@pytest.fixture
def clients(app, web_settings: Settings) -> dict[str, WebClient]:
    """A logged-in client per role (user names admin, thu-ky, truyen-thanh,
    can-bo; the officer belongs to OFFICER_UNIT). Sessions are opened with
    the service the login route uses (the log-in form itself is tested in
    test_auth.py), to keep each test fast."""
    out = {}
    with session_scope(web_settings.database_url) as db:
        for role in ROLES:
            name = role.replace("_", "-")
            user = UserRow(
                username=name,
                full_name=f"Người dùng {name}",
                role=role,
                unit=OFFICER_UNIT if role == "can_bo" else "",
                password_hash=_password_hash(),
            )
            db.add(user)
            db.flush()
            token, row = accounts.open_session(db, user)
            c = client_for(app)
            c.cookies.set(SESSION_COOKIE, token)
            c.csrf = row.csrf_token
            out[role] = c
    return out
