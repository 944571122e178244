"""Login and logout."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from doithoai.services import accounts
from doithoai.web.deps import SESSION_COOKIE, AppSettings, DbSession, MaybeUser, check_csrf, client_ip, need
from doithoai.web.render import render
from doithoai.web.security import secure_request
from pipeline.errors import UserError

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect), without a confirmation
    message (`ok=` is the app's to write, doithoai/web/flash.py)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("ok", "okh")])
    return parts.path + (f"?{query}" if query else "")


@router.get("/login")
def login_page(request: Request, current: MaybeUser, next: str | None = None):
    if current is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
):
    throttle = accounts.Throttle(settings.login_max_failures, settings.login_window_seconds)
    try:
        user = accounts.authenticate(db, username, password, client_ip(request), throttle)
    except accounts.LoginThrottled as exc:
        response = render(
            request,
            "login.html",
            {"error": exc.message, "username": username, "next": _safe_next(next)},
            status_code=429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except UserError as exc:
        return render(
            request,
            "login.html",
            {"error": exc.message, "username": username, "next": _safe_next(next)},
            status_code=401,
        )
    token, _ = accounts.open_session(db, user, settings.session_days)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure_request(request),
        max_age=settings.session_days * 86400,
        path="/",
    )
    return response


@router.post("/logout", dependencies=[need("home")])
def logout(request: Request, db: DbSession):
    accounts.close_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
