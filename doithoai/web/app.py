"""The FastAPI application: `create_app(settings)`.

Pages are rendered on the server (Jinja2) with a little plain JavaScript
(progress, audio, uploads); nothing is built with Node. Routers live in
doithoai/web/routes/, one per area; every route names a permission
(`need(...)`, doithoai/web/deps.py; the table is doithoai/services/actors.py)
except the login page and static files.
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import os
import signal
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from doithoai.messages import web as msg
from doithoai.settings import Settings, load_settings
from doithoai.store.db import migrate, session_factory
from doithoai.web.deps import LoginRequired, login_url
from doithoai.web.flash import FlashSigner, load_key
from doithoai.web.formkeep import FormKeeper, typed_fields
from doithoai.web.render import render
from doithoai.web.security import Guard, private_data
from pipeline.errors import UserError

log = logging.getLogger("doithoai.web")
STATIC = Path(__file__).resolve().parent / "static"

# Routers in doithoai/web/routes/, each a module with `router`.
ROUTERS = [
    "auth",
    "home",
    "admin",
    "meetings",
    "transcript_page",
    "review",
    "followup",
    "broadcast",
    "publish",
    "models",
]


def api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """(full path, route) of every endpoint, through included routers (FastAPI
    ≥ 0.130 keeps them nested) — for the permission tests and the bench."""
    out: list[tuple[str, APIRoute]] = []

    def walk(routes, prefix: str) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                out.append((prefix + route.path, route))
            elif hasattr(route, "original_router"):
                walk(route.original_router.routes, prefix + getattr(route.include_context, "prefix", ""))

    walk(app.routes, "")
    return out


def _page_request(request: Request) -> bool:
    """A browser loading a page or submitting a form (not the pages' fetch
    calls, which ask for JSON)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def _back_to(request: Request) -> str:
    """Where to return after logging in again: the page itself (GET), or for a
    submitted form the page it was on (same origin only), else the home page."""
    if request.method == "GET":
        return login_url(request)
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return "/login?next=%2F"
    target = (referer.path or "/") + (f"?{referer.query}" if referer.query else "")
    return f"/login?next={quote(target, safe='')}"


def _field_label(error: dict) -> str:
    name = str((error.get("loc") or ["?"])[-1])
    return msg.FIELD_LABELS.get(name, msg.FIELD_UNKNOWN)


def vietnamese_only(message: str) -> str:
    """The Vietnamese half of a library message "Tiếng Việt / English" (the
    CLI's convention in pipeline/ and minutes/): a page shows Vietnamese only."""
    head, sep, tail = message.rpartition(" / ")
    letters = [ch for ch in tail if ch.isalpha()]
    if (
        sep
        and head
        and letters
        and sum(not ch.isascii() for ch in letters) < 0.1 * len(letters)
        and any(not ch.isascii() for ch in head)
    ):
        return head.rstrip()
    return message


def _error(request: Request, status: int, message: str):
    message = vietnamese_only(message)
    if "text/html" in request.headers.get("accept", ""):
        # A form that failed a check comes back with what was typed (doithoai/web/formkeep.py).
        again = typed_fields(request) if status in (400, 409, 413, 422) else []
        return render(
            request,
            "error.html",
            {"status": status, "message": message, "typed": again, "action": request.url.path},
            status_code=status,
        )
    return JSONResponse({"detail": message}, status_code=status)


# Threads that run the (sync) routes. Pages are CPU-bound Python: more threads
# than this only fight over the GIL (40, anyio's default, doubled the CPU per
# request under load in bench/web.py).
WEB_THREADS = 6


@asynccontextmanager
async def _lifespan(app: FastAPI):
    anyio.to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
    yield


def create_app(settings: Settings, *, migrate_db: bool = True) -> FastAPI:
    settings.ensure_dirs()
    private_data(settings.data_dir)
    if migrate_db:
        migrate(settings.database_url)
    app = FastAPI(title="doithoai", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.sessionmaker = session_factory(settings.database_url)
    app.state.flash_key = load_key(settings.data_dir)
    app.add_middleware(FormKeeper)  # innermost: sees the body the guard lets through
    app.add_middleware(FlashSigner, key=app.state.flash_key)
    app.add_middleware(Guard, routes=api_routes)  # outermost: login and size checked before any body is read; headers
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"doithoai.web.routes.{name}").router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired):
        if _page_request(request):  # a page or a form after the session expired: the login page
            return RedirectResponse(_back_to(request), status_code=303)
        return JSONResponse({"detail": msg.LOGIN_REQUIRED}, status_code=401)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else msg.NOT_FOUND
        if exc.status_code == 404 and message == "Not Found":
            message = msg.NOT_FOUND
        response = _error(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(UserError)
    async def _user_error(request: Request, exc: UserError):
        status = getattr(exc, "http_status", 400)
        return _error(request, status, exc.message)

    @app.exception_handler(OverflowError)
    async def _huge_id(request: Request, exc: OverflowError):
        # /meetings/99999999999999999999: an id no database row can have
        return _error(request, 404, msg.NOT_FOUND)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any((e.get("loc") or ["?"])[0] == "path" for e in errors):  # /meetings/abc: no such page
            return _error(request, 404, msg.NOT_FOUND)
        fields = ", ".join(dict.fromkeys(f"«{_field_label(e)}»" for e in errors))
        return _error(request, 422, msg.invalid_request(fields))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(request, 500, msg.SERVER_ERROR)

    return app


def _die_with_parent() -> None:
    """A web process ends when `doithoai serve` does, even if that one was
    killed outright: an orphan would keep the port and serve without a
    transcription worker. Linux only (prctl PR_SET_PDEATHSIG)."""
    parent = int(os.environ.get("DOITHOAI_SERVE_PID") or os.getppid())
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def app_from_env() -> FastAPI:
    """The app of one web process started by `doithoai serve --processes N`:
    settings from the environment the parent prepared (it migrated already)."""
    _die_with_parent()
    return create_app(load_settings(), migrate_db=False)
