"""Confirmation messages after an action ("Đã lưu.") travel in the redirect's
`?ok=` parameter. They are signed with the server's key (`&okh=`), so a
crafted link cannot make the app show its own words in the green box
("your password expired, call …"); an unsigned message is not shown.

Only the app's own words are signed: `done` marks its redirect and
`FlashSigner` signs the `ok` of marked redirects alone (a redirect to a
user-supplied `next=/?ok=…` stays unsigned, so it shows nothing);
`signed_url` does it for a URL handed to JavaScript."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi.responses import RedirectResponse

KEY_FILE = "secret.key"
MARK = b"x-doithoai-flash"  # set by `done` only; FlashSigner removes it


def load_key(data_dir: Path) -> bytes:
    """The server's signing key, made once per data folder (shared by its
    web processes and by servers on other machines using the same folder)."""
    path = data_dir / KEY_FILE
    if not path.exists():
        fd, tmp = tempfile.mkstemp(prefix=".secret.", dir=data_dir)  # 0600
        try:
            os.write(fd, secrets.token_hex(32).encode("ascii"))
            os.fsync(fd)
            os.close(fd)
            os.link(tmp, path)  # never replaces: two processes starting at once agree on the first key
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def valid(key: bytes, message: str | None, signature: str | None) -> bool:
    if not message or not signature:
        return False
    return hmac.compare_digest(sign(key, message), signature)


def done(path: str, message: str, anchor: str = "") -> RedirectResponse:
    """303 back to `path` with a confirmation (quoted: free text such as a
    notice title may hold & or #); FlashSigner signs it on the way out."""
    return redirect_with_message(f"{path}?{urlencode({'ok': message})}{anchor}")


def redirect_with_message(url: str) -> RedirectResponse:
    """303 to `url`, whose `ok=` the app itself wrote (never a user's URL)."""
    response = RedirectResponse(url, status_code=303)
    response.headers[MARK.decode()] = "1"
    return response


def signed_url(key: bytes, url: str) -> str:
    """`url` with `okh` added when it carries an `ok` message."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "okh"]
    ok = next((v for k, v in query if k == "ok"), None)
    if ok is None:
        return url
    return urlunsplit(parts._replace(query=urlencode(query + [("okh", sign(key, ok))])))


class FlashSigner:
    """ASGI middleware: signs the `ok` message of the redirects `done` made."""

    def __init__(self, app, key: bytes) -> None:
        self.app, self.key = app, key

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_signed(message):
            if message["type"] == "http.response.start":
                raw = message.get("headers", [])
                marked = any(name.lower() == MARK for name, _ in raw) and 300 <= message["status"] < 400
                headers = []
                for name, value in raw:
                    if name.lower() == MARK:
                        continue
                    if marked and name.lower() == b"location" and b"ok=" in value:
                        value = signed_url(self.key, value.decode("latin-1")).encode("latin-1")
                    headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_signed)
