"""Accounts, logins and sessions: what `doithoai users` and the web app's
login and admin pages call. Passwords are hashed with Argon2id; a session
cookie carries a random token whose SHA-256 alone is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DB
from sqlalchemy.orm import joinedload

from pipeline.errors import UserError
from doithoai.messages import web as msg
from doithoai.store.tables import ROLES, LoginAttemptRow, LoginSession, UserRow, utcnow

_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
MIN_PASSWORD = 8


class LoginThrottled(UserError):
    """Too many failed logins for this name or address."""

    exit_code = 2

    def __init__(self, retry_after: int) -> None:
        super().__init__(msg.too_many_attempts(max(1, (retry_after + 59) // 60)))
        self.retry_after = retry_after


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_new(username: str, password: str, role: str) -> None:
    if not _USERNAME.match(username or ""):
        raise UserError(msg.USERNAME_INVALID)
    if role not in ROLES:
        raise UserError(msg.ROLE_INVALID)
    if len(password or "") < MIN_PASSWORD:
        raise UserError(msg.PASSWORD_TOO_SHORT)


def create_user(db: DB, username: str, password: str, role: str, full_name: str = "", unit: str = "") -> UserRow:
    username = (username or "").strip()
    _check_new(username, password, role)
    if db.scalar(select(UserRow).where(func.lower(UserRow.username) == username.lower())):
        raise UserError(msg.username_taken(username))
    user = UserRow(username=username, full_name=full_name.strip(), role=role, unit=unit.strip(),
                password_hash=hash_password(password))
    db.add(user)
    db.flush()
    return user


def get_user(db: DB, username: str) -> UserRow:
    user = db.scalar(select(UserRow).where(func.lower(UserRow.username) == (username or "").strip().lower()))
    if user is None:
        raise UserError(msg.user_not_found(username))
    return user


def set_password(db: DB, user: UserRow, password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(msg.PASSWORD_TOO_SHORT)
    user.password_hash = hash_password(password)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))  # log out everywhere


def count_users(db: DB) -> int:
    return db.scalar(select(func.count(UserRow.id))) or 0


@dataclass
class Throttle:
    max_failures: int = 5
    window_seconds: int = 15 * 60


def _check_throttle(db: DB, username: str, ip: str, throttle: Throttle) -> None:
    since = utcnow() - dt.timedelta(seconds=throttle.window_seconds)
    for column, value in ((LoginAttemptRow.username, username.lower()), (LoginAttemptRow.ip, ip)):
        failures = db.scalars(
            select(LoginAttemptRow.at).where(column == value, LoginAttemptRow.at >= since, LoginAttemptRow.success.is_(False))
            .order_by(LoginAttemptRow.at)
        ).all()
        if len(failures) >= throttle.max_failures:
            oldest = failures[-throttle.max_failures]
            retry = int((oldest + dt.timedelta(seconds=throttle.window_seconds) - utcnow()).total_seconds())
            raise LoginThrottled(max(retry, 1))


def authenticate(db: DB, username: str, password: str, ip: str, throttle: Throttle | None = None) -> UserRow:
    """The user, or UserError (wrong password, disabled, throttled). Every
    attempt is recorded; the same message for a wrong name or password."""
    throttle = throttle or Throttle()
    username = (username or "").strip()
    _check_throttle(db, username, ip, throttle)
    user = db.scalar(select(UserRow).where(func.lower(UserRow.username) == username.lower()))
    ok = user is not None and check_password(user.password_hash, password or "")
    if user is None:
        check_password(hash_password("x" * 12), password or "")  # same time as a real check
    db.add(LoginAttemptRow(username=username.lower()[:64], ip=ip[:64], success=bool(ok and user.active)))
    db.commit()
    if not ok:
        raise UserError(msg.LOGIN_FAILED)
    if not user.active:
        raise UserError(msg.ACCOUNT_DISABLED)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: DB, user: UserRow, days: int = 7) -> tuple[str, LoginSession]:
    token = secrets.token_urlsafe(32)
    row = LoginSession(token_hash=_token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                  expires_at=utcnow() + dt.timedelta(days=days))
    db.add(row)
    db.flush()
    return token, row


def session_for(db: DB, token: str | None) -> LoginSession | None:
    """The live session of a cookie token, with an active user, or None."""
    if not token:
        return None
    row = db.scalar(select(LoginSession).options(joinedload(LoginSession.user))  # one query per request, not two
                    .where(LoginSession.token_hash == _token_hash(token)))
    if row is None or row.expires_at < utcnow() or not row.user.active:
        return None
    return row


def close_session(db: DB, token: str | None) -> None:
    if token:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
