"""The password policy of accounts (`doithoai users add|passwd`, the admin
page): long enough (longer for administrators), not one repeated character
or only spaces, not the username, not a common password. The list ships
with the package (common-passwords.txt)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from doithoai.messages import security as msg
from pipeline.errors import UserError

MIN_LENGTH = 10
MIN_LENGTH_ADMIN = 12
COMMON_FILE = Path(__file__).resolve().parent / "common-passwords.txt"
_AFFIXES = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # "Matkhau@2025!" is "matkhau" with decorations


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def check_password_policy(password: str, username: str = "", role: str = "") -> None:
    """UserError (Vietnamese) when `password` breaks the policy."""
    password = password or ""
    minimum = MIN_LENGTH_ADMIN if role == "admin" else MIN_LENGTH
    if not password.strip():
        raise UserError(msg.PASSWORD_BLANK)
    if len(password) < minimum:
        raise UserError(msg.password_too_short(minimum))
    if len(set(password)) == 1:
        raise UserError(msg.PASSWORD_ONE_CHARACTER)
    name = _squash(username)
    squashed = _squash(password)
    common = common_passwords()
    if name and name in squashed:
        rest = squashed.replace(name, "")
        if len(rest) < 6 or rest.isdigit() or rest in common:
            raise UserError(msg.PASSWORD_IS_USERNAME)
    lower = password.lower()
    core = _AFFIXES.sub("", lower)
    if lower in common or lower.strip() in common or (len(core) >= 4 and core in common) or squashed in common:
        raise UserError(msg.PASSWORD_COMMON)
