"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session as DB

from pipeline.errors import UserError
from doithoai.services import accounts
from doithoai.web.deps import (
    SESSION_COOKIE,
    Current,
    check_csrf,
    client_ip,
    get_db,
    need,
    optional_user,
    settings_of,
)
from doithoai.web.render import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str | None = None, current: Current | None = Depends(optional_user)):
    if current is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/"),
          db: DB = Depends(get_db, scope="function")):
    settings = settings_of(request)
    throttle = accounts.Throttle(settings.login_max_failures, settings.login_window_seconds)
    try:
        user = accounts.authenticate(db, username, password, client_ip(request), throttle)
    except accounts.LoginThrottled as exc:
        response = render(request, "login.html", {"error": exc.message, "username": username, "next": _safe_next(next)},
                          status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except UserError as exc:
        return render(request, "login.html", {"error": exc.message, "username": username, "next": _safe_next(next)},
                      status_code=401)
    token, _ = accounts.open_session(db, user, settings.session_days)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies,
                        max_age=settings.session_days * 86400, path="/")
    return response


@router.post("/logout")
def logout(request: Request, current: Current = Depends(need("home")), db: DB = Depends(get_db, scope="function")):
    accounts.close_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
