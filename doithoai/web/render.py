"""Jinja2 templates with the labels every page needs."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from doithoai.messages import web as msg
from doithoai.services.actors import ROLE_LABELS, allowed
from doithoai.web import flash
from doithoai.web.deps import CSRF_COOKIE, anonymous_csrf
from minutes.messages.items import KIND_LABELS, STATUS_LABELS, TOPIC_LABELS

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
# No stat() of every template file on every render (an include in a loop
# stats once per row, and each stat gives up the GIL under load). Restart
# the server after changing a template.
TEMPLATES.env.auto_reload = False


def clock(seconds: float | None) -> str:
    """12.5 → "0:12", 3725 → "1:02:05"."""
    if seconds is None:
        return ""
    s = int(seconds)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


VN_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # Vietnam: UTC+7, no summer time


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """Dates as dd/mm/yyyy; stored times (naive UTC) in Vietnam time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(VN_TIME).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@functools.lru_cache(maxsize=512)
def _options(pairs: tuple[tuple[str, str], ...], selected: str) -> Markup:
    return Markup(
        "".join(
            f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
            for v, label in pairs
        )
    )


def options(pairs, selected: str | None = "") -> Markup:
    """`<option>`s of (value, label) pairs (or plain values), one selected.
    Pages with a select per row (60 items, 600 segments) share the rendered
    HTML per selected value instead of looping in Jinja for every row."""
    key = tuple((p, p) if isinstance(p, str) else (str(p[0]), str(p[1])) for p in pairs)
    return _options(key, selected or "")


TEMPLATES.env.filters["clock"] = clock
TEMPLATES.env.filters["vn_date"] = vn_date
TEMPLATES.env.globals.update(
    APP_NAME=msg.APP_NAME,
    ROLE_LABELS=ROLE_LABELS,
    KIND_LABELS=KIND_LABELS,
    TOPIC_LABELS=TOPIC_LABELS,
    STATUS_LABELS=STATUS_LABELS,
    allowed=allowed,
    options=options,
)


def _flash(request: Request) -> str | None:
    """The `?ok=` message, only when the server signed it (doithoai/web/flash.py)."""
    ok, signature = request.query_params.get("ok"), request.query_params.get("okh")
    return ok if flash.valid(request.app.state.flash_key, ok, signature) else None


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200):
    current = getattr(request.state, "current", None)
    ctx = {
        "current": current,
        "user": current.user if current else None,
        "csrf_token": current.csrf if current else anonymous_csrf(request),
        "flash": _flash(request),
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, name, ctx, status_code=status_code)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(
            CSRF_COOKIE,
            new,
            httponly=True,
            samesite="strict",
            secure=request.app.state.settings.secure_cookies or request.url.scheme == "https",
        )
    return response
