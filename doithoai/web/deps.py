"""Request dependencies: the database session, the logged-in user, role
checks and CSRF. Every route lists `need(permission)` in its decorator's
`dependencies` (or is public: only the login page and static files) and
takes what it uses as typed parameters: `db: DbSession`, `current:
CurrentUser`, `settings: AppSettings`."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.params import Depends as DependsParam
from sqlalchemy.orm import Session

from doithoai.messages import web as msg
from doithoai.services import accounts
from doithoai.services.actors import Actor, allowed
from doithoai.settings import Settings
from doithoai.store.tables import LoginSession

SESSION_COOKIE = "doithoai_session"
CSRF_COOKIE = "doithoai_csrf"  # anonymous forms (login): double-submit cookie
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# A form body parsed to find its csrf_token field is spooled by Starlette
# whatever its size: forms (a meeting file, a transcript JSON) stay under this;
# recordings go up as a raw body with the X-CSRF-Token header.
MAX_FORM_BYTES = 20 * 1024 * 1024


class LoginRequired(Exception):
    """Anonymous request to a protected route: 303 to the login page for a
    page, 401 for anything else."""


@dataclass(frozen=True)
class Current:
    """The logged-in user and the login's CSRF token."""

    user: Actor
    csrf: str
    session_id: int

    @classmethod
    def of(cls, row: LoginSession) -> Current:
        return cls(Actor.of(row.user), row.csrf_token, row.id)


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Iterator[Session]:
    """A session committed when the endpoint returns. Routes use it with
    scope="function": the default request scope would commit after the
    response is sent, so a redirect could outrun (or hide a failure of) the
    commit it reports."""
    db = request.app.state.sessionmaker()
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]
AppSettings = Annotated[Settings, Depends(settings_of)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "?"


def optional_user(request: Request, db: DbSession) -> Current | None:
    row = accounts.session_for(db, request.cookies.get(SESSION_COOKIE), settings_of(request).idle_minutes)
    current = Current.of(row) if row else None
    request.state.current = current
    return current


MaybeUser = Annotated[Current | None, Depends(optional_user)]


def current_user(current: MaybeUser) -> Current:
    """The logged-in user (the route's `need(...)` has checked the permission)."""
    if current is None:
        raise LoginRequired()
    return current


CurrentUser = Annotated[Current, Depends(current_user)]


def anonymous_csrf(request: Request) -> str:
    """The double-submit token of an anonymous visitor (set by the page)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def check_csrf(request: Request) -> None:
    """Every unsafe request carries the session's CSRF token, in the form
    field `csrf_token` or the `X-CSRF-Token` header."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > MAX_FORM_BYTES:
            raise HTTPException(status_code=413, detail=msg.FORM_TOO_LARGE)
        form = await request.form(max_files=2, max_fields=200)
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    current: Current | None = getattr(request.state, "current", None)
    expected = current.csrf if current else request.cookies.get(CSRF_COOKIE)
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail=msg.CSRF_FAILED)


def need(permission: str) -> DependsParam:
    """For a route's `dependencies=[...]`: a logged-in user whose role has
    `permission`; checks CSRF on unsafe methods. Route dependencies run
    before the parameters', so nothing else is done for a refused request."""

    async def dependency(request: Request, current: MaybeUser) -> None:
        if current is None:
            raise LoginRequired()
        if not allowed(current.user.role, permission):
            raise HTTPException(status_code=403, detail=msg.FORBIDDEN)
        await check_csrf(request)

    dependency.permission = permission  # type: ignore[attr-defined]  # read by the permission tests
    return Depends(dependency)


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/login?next={quote(target, safe='')}"
