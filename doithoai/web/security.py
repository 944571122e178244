"""`Guard`: the one ASGI middleware that runs before the app reads a request
body, and sets the security headers of every response.

FastAPI reads (and spools) a form before it runs a route's dependencies, so
the login check in `need(...)` came after an anonymous client had sent its
whole body. The guard looks the route up in the app's own table, resolves
the session cookie and the route's permission first: a refused request
reaches the app with an empty body (the app answers 401/403 as usual; the
server discards the rest unread). Allowed bodies are capped, by their
Content-Length and as they stream: plain forms `FORM_LIMIT`, the login form
`PUBLIC_LIMIT`, file forms the upload limit; routes in `STREAMED` read and
check their own body (a recording)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi import params as fastapi_params
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.routing import compile_path

from doithoai.messages import security as msg
from doithoai.services import accounts
from doithoai.services.actors import allowed
from doithoai.web.deps import SESSION_COOKIE, UNSAFE
from doithoai.web.render import render

FORM_LIMIT = 2 * 1024 * 1024
PUBLIC_LIMIT = 64 * 1024  # the login form and unknown paths
# Routes that stream their body and check its size themselves (X-CSRF-Token header, raw body).
STREAMED = {("POST", "/meetings/{meeting_id}/recordings")}
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class RoutePolicy:
    methods: frozenset[str]
    pattern: re.Pattern
    path: str
    permission: str | None  # None: public (the login page)
    files: bool  # a multipart form with a file field
    streamed: bool


def route_permission(dependant) -> str | None:
    """The permission named by the route's `need(...)` (deps.py), if any."""
    for dep in dependant.dependencies:
        perm = getattr(dep.call, "permission", None) or route_permission(dep)
        if perm:
            return perm
    return None


def route_policies(routes: list[tuple[str, APIRoute]]) -> list[RoutePolicy]:
    """The policy of every (full path, route) of the app (`app.api_routes`)."""
    out = []
    for path, route in routes:
        files = any(isinstance(p.field_info, fastapi_params.File) for p in route.dependant.body_params)
        methods = frozenset(route.methods or ())  # typed Optional; set for every APIRoute
        out.append(
            RoutePolicy(
                methods,
                compile_path(path)[0],
                path,
                route_permission(route.dependant),
                files,
                any((m, path) in STREAMED for m in methods),
            )
        )
    return out


def _inline_hashes() -> list[str]:
    """CSP hashes of the inline <script>s and on…="" handlers of the templates
    (none holds a Jinja expression, so the page carries them byte for byte)."""
    scripts, handlers = set(), set()
    for page in TEMPLATES.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        scripts.update(re.findall(r"<script>(.*?)</script>", text, flags=re.S))
        handlers.update(re.findall(r"\son[a-z]+=\"([^\"]*)\"", text))

    def h(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"

    return sorted(h(s) for s in scripts) + (["'unsafe-hashes'"] + sorted(h(s) for s in handlers) if handlers else [])


def content_security_policy() -> str:
    scripts = " ".join(["'self'", *_inline_hashes()])
    return (
        "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def secure_request(request: Request) -> bool:
    """Cookies get `Secure` when the setting says so or the page came over
    HTTPS (after a trusted proxy's X-Forwarded-Proto, see `serve`)."""
    return bool(request.app.state.settings.secure_cookies) or request.url.scheme == "https"


class Guard:
    """Pure ASGI middleware: auth and size before the body, headers after.
    `routes(app)` lists the app's (full path, route) pairs (`app.api_routes`)."""

    def __init__(self, app, routes: Callable[[Any], list[tuple[str, APIRoute]]]) -> None:
        self.app, self.routes = app, routes
        self.policies: list[RoutePolicy] | None = None
        self.headers = [
            (b"content-security-policy", content_security_policy().encode("latin-1")),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = self._with_headers(scope, send)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        declared = headers.get(b"content-length")
        has_body = (
            scope["method"] in UNSAFE or b"transfer-encoding" in headers or (declared is not None and declared != b"0")
        )
        if not has_body:
            return await self.app(scope, receive, send)
        policy = self._policy(scope)
        app = scope["app"]
        if policy is not None and policy.permission is not None:
            role = await self._role(app, scope)
            if role is None or not allowed(role, policy.permission):
                return await self.app(_without_body(scope), _empty_body(receive), send)
        limit = self._limit(app, policy)
        if limit is None:
            return await self.app(scope, receive, send)
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await self._too_large(scope, receive, send, limit)
        await self.app(scope, _capped(receive, limit), send)

    def _policy(self, scope) -> RoutePolicy | None:
        if self.policies is None:
            self.policies = route_policies(self.routes(scope["app"]))
        path = scope["path"]
        for policy in self.policies:
            if scope["method"] in policy.methods and policy.pattern.match(path):
                return policy
        return None

    @staticmethod
    def _limit(app, policy: RoutePolicy | None) -> int | None:
        if policy is None or policy.permission is None:
            return PUBLIC_LIMIT
        if policy.streamed:
            return None
        return app.state.settings.max_upload_bytes if policy.files else FORM_LIMIT

    @staticmethod
    async def _role(app, scope) -> str | None:
        token = Request(scope).cookies.get(SESSION_COOKIE)
        if not token:
            return None
        idle = app.state.settings.idle_minutes

        def lookup() -> str | None:
            with app.state.sessionmaker() as db:
                row = accounts.session_for(db, token, idle_minutes=idle)
                role = str(row.user.role) if row else None
                db.commit()  # session_for may have noted the visit
                return role

        return await run_in_threadpool(lookup)

    async def _too_large(self, scope, receive, send, limit: int) -> None:
        request = Request(_without_body(scope), _empty_body(receive))
        text = msg.body_too_large(limit)
        if "text/html" in request.headers.get("accept", ""):
            response = render(request, "error.html", {"status": 413, "message": text}, status_code=413)
        else:
            response = JSONResponse({"detail": text}, status_code=413)
        response.headers["connection"] = "close"
        await response(scope, _empty_body(receive), send)

    def _with_headers(self, scope, send):
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                headers = [(k, v) for k, v in message.get("headers", []) if static or k.lower() != b"cache-control"]
                headers += [(k, v) for k, v in self.headers if k not in names]
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        return send_with_headers


def _without_body(scope) -> dict:
    drop = {b"content-length", b"content-type", b"transfer-encoding"}
    return {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in drop]}


def _empty_body(receive):
    """The app sees an empty body; a later receive waits for the disconnect,
    dropping whatever the client still sends."""
    sent = False

    async def empty():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return message

    return empty


def _capped(receive, limit: int):
    total = 0

    async def capped():
        nonlocal total
        message = await receive()
        if message["type"] == "http.request":
            total += len(message.get("body", b""))
            if total > limit:
                raise HTTPException(status_code=413, detail=msg.body_too_large(limit))
        return message

    return capped


def private_data(data_dir: Path) -> None:
    """The data folder (database, recordings, notices, backups, secret key)
    is the server account's alone: new files 0600 and folders 0700 (the
    umask of this process), and what an older version left readable is
    tightened once at start."""
    os.umask(0o077)
    for root, _dirs, files in os.walk(data_dir):
        _chmod(Path(root), 0o700)
        for name in files:
            _chmod(Path(root) / name, 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink() and path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except OSError:  # another account's file in a shared folder: left as it is
        pass
