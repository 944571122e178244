"""The FastAPI application: `create_app(settings)`.

Pages are rendered on the server (Jinja2) with a little plain JavaScript
(progress, audio, uploads); nothing is built with Node. Routers live in
doithoai/web/routes/, one per area; every route depends on a permission
(doithoai/web/permissions.py) except the login page and static files.
"""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from pipeline.errors import UserError
from doithoai.messages import web as msg
from doithoai.settings import Settings
from doithoai.store.db import migrate, session_factory
from doithoai.web.deps import LoginRequired, login_url
from doithoai.web.flash import FlashSigner, load_key
from doithoai.web.render import render

log = logging.getLogger("doithoai.web")
STATIC = Path(__file__).resolve().parent / "static"

# Routers in doithoai/web/routes/, each a module with `router`; a module not
# written yet is skipped, so areas can land one at a time.
ROUTERS = ["auth", "home", "admin", "meetings", "transcript", "review", "followup", "broadcast"]


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


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and request.method == "GET"


def _error(request: Request, status: int, message: str):
    if "text/html" in request.headers.get("accept", ""):
        return render(request, "error.html", {"status": status, "message": message}, status_code=status)
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
    if migrate_db:
        migrate(settings.database_url)
    app = FastAPI(title="doithoai", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan)
    app.state.settings = settings
    app.state.sessionmaker = session_factory(settings.database_url)
    app.state.flash_key = load_key(settings.data_dir)
    app.add_middleware(FlashSigner, key=app.state.flash_key)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for name in ROUTERS:
        try:
            module = importlib.import_module(f"doithoai.web.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"doithoai.web.routes.{name}":
                raise
            continue
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired):
        if _wants_html(request):
            return RedirectResponse(login_url(request), status_code=303)
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
        fields = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return _error(request, 422, f"Dữ liệu gửi lên không hợp lệ ({fields}).")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(request, 500, msg.SERVER_ERROR)

    return app


def _die_with_parent() -> None:
    """A web process ends when `doithoai serve` does, even if that one was
    killed outright: an orphan would keep the port and serve without a
    transcription worker. Linux only (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import os
    import signal

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
    from doithoai.settings import load_settings

    _die_with_parent()
    return create_app(load_settings(), migrate_db=False)
