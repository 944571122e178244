"""What a person typed into a form, kept for the error page: a form that
fails a check (a UserError) is shown again on the error page with the typed
values, ready to correct and send again, instead of being lost.

`FormKeeper` copies the body of a plain form POST (urlencoded, already capped
by security.Guard) into the request scope as it streams to the route;
`typed_fields` turns it into the fields error.html shows."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

from doithoai.messages import web as msg

KEEP_LIMIT = 256 * 1024  # a bigger form is not shown again
SCOPE_KEY = "doithoai.form_body"
NEVER_SHOWN = ("csrf_token", "password")  # a password is never written back into a page
# Fields a person types into; the others (choices, ids, where to go back) are sent again as they were.
TYPED = {
    "answer",
    "asker",
    "hamlet",
    "full_name",
    "reason",
    "responded_at",
    "response",
    "summary",
    "text",
    "deadline",
    "unit_other",
    "title",
}


@dataclass(frozen=True)
class TypedField:
    name: str
    label: str
    value: str
    shown: bool  # an editable box; else a hidden field


class FormKeeper:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not _urlencoded(scope):
            return await self.app(scope, receive, send)
        kept = bytearray()
        scope[SCOPE_KEY] = kept

        async def keeping():
            message = await receive()
            if message["type"] == "http.request" and len(kept) <= KEEP_LIMIT:
                kept.extend(message.get("body", b""))
            return message

        await self.app(scope, keeping, send)


def _urlencoded(scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"content-type":
            return value.split(b";")[0].strip().lower() == b"application/x-www-form-urlencoded"
    return False


def typed_fields(request: Request) -> list[TypedField]:
    """The fields of the form this request posted, passwords and the CSRF
    token left out; [] when there was none or it was too big to keep."""
    body = request.scope.get(SCOPE_KEY)
    if not body or len(body) > KEEP_LIMIT:
        return []
    try:
        pairs = parse_qsl(bytes(body).decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return []
    return [
        TypedField(name, msg.FIELD_LABELS.get(name, msg.FIELD_UNKNOWN), value, name in TYPED)
        for name, value in pairs
        if not any(word in name for word in NEVER_SHOWN)
    ]
