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

from doithoai.messages import security as security_msg
from doithoai.messages import web as msg
from doithoai.services import audit
from doithoai.services.actors import ROLES, Actor, Role
from doithoai.services.lookup import get_or_404
from doithoai.services.passwords import check_password_policy
from doithoai.store.tables import LoginAttemptRow, LoginSession, UserRow, utcnow
from pipeline.errors import NotFoundError, UserError

_HASHER = PasswordHasher()
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,64}$")
IDLE_MINUTES = 30  # Settings.idle_minutes
SEEN_EVERY = dt.timedelta(minutes=1)  # a session's last_seen is written at most this often
USER_FIELDS = ("username", "full_name", "role", "unit", "active")  # what the audit log keeps of an account


class LoginThrottled(UserError):
    """Too many failed logins for this name from this address: wait a little."""

    exit_code = 2

    def __init__(self, retry_after: int) -> None:
        super().__init__(security_msg.login_wait(max(1, retry_after)))
        self.retry_after = max(1, retry_after)


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
    check_password_policy(password, username, role)


def create_user(db: DB, username: str, password: str, role: str, full_name: str = "", unit: str = "") -> UserRow:
    username = (username or "").strip()
    _check_new(username, password, role)
    if db.scalar(select(UserRow).where(func.lower(UserRow.username) == username.lower())):
        raise UserError(msg.username_taken(username))
    user = UserRow(
        username=username,
        full_name=full_name.strip(),
        role=role,
        unit=unit.strip(),
        password_hash=hash_password(password),
    )
    db.add(user)
    db.flush()
    return user


def list_users(db: DB) -> list[UserRow]:
    return list(db.scalars(select(UserRow).order_by(UserRow.username)))


def add_user(
    db: DB, actor: Actor, username: str, password: str, role: str, full_name: str = "", unit: str = ""
) -> UserRow:
    """An account made by an administrator (audited); see create_user."""
    user = create_user(db, username, password, role, full_name, unit)
    audit.record(db, actor, "user", user.id, "create", None, audit.snapshot(user, USER_FIELDS))
    return user


def update_user(db: DB, actor: Actor, user_id: int, *, full_name: str, role: str, unit: str, active: bool) -> UserRow:
    """An administrator changes an account (audited). Nobody demotes or locks
    out himself: the last admin would lock everyone out of the admin pages."""
    user = get_or_404(db, UserRow, user_id, msg.NOT_FOUND)
    if role not in ROLES:
        raise UserError(msg.ROLE_INVALID)
    if user.id == actor.id and role != Role.ADMIN:
        raise UserError(msg.CANNOT_DEMOTE_SELF)
    before = audit.snapshot(user, USER_FIELDS)
    user.full_name, user.role, user.unit = full_name.strip(), role, unit.strip()
    user.active = active or user.id == actor.id
    old, new = audit.changes(before, audit.snapshot(user, USER_FIELDS))
    if new:
        audit.record(db, actor, "user", user.id, "update", old, new)
    return user


def reset_password(db: DB, actor: Actor, user_id: int, password: str) -> UserRow:
    """An administrator sets someone's password (audited; logs them out everywhere)."""
    user = get_or_404(db, UserRow, user_id, msg.NOT_FOUND)
    set_password(db, user, password)
    audit.record(db, actor, "user", user.id, "password")
    return user


def get_user(db: DB, username: str) -> UserRow:
    user = db.scalar(select(UserRow).where(func.lower(UserRow.username) == (username or "").strip().lower()))
    if user is None:
        raise NotFoundError(msg.user_not_found(username))
    return user


def set_password(db: DB, user: UserRow, password: str) -> None:
    check_password_policy(password, user.username, user.role)
    user.password_hash = hash_password(password)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))  # log out everywhere


def count_users(db: DB) -> int:
    return db.scalar(select(func.count(UserRow.id))) or 0


@dataclass
class Throttle:
    """Back-off per (user name, client address): after `max_failures` wrong
    passwords in a row within `window_seconds`, each further try waits 1, 2,
    4, 8 … seconds (at most `max_delay`) after the last failure. Someone
    guessing from another address never locks the real user out."""

    max_failures: int = 5
    window_seconds: int = 15 * 60
    max_delay: int = 15 * 60

    def delay(self, failures: int) -> int:
        if failures < self.max_failures:
            return 0
        return min(self.max_delay, 2 ** min(failures - self.max_failures, 30))


def _check_throttle(db: DB, username: str, ip: str, throttle: Throttle) -> None:
    since = utcnow() - dt.timedelta(seconds=throttle.window_seconds)
    recent = db.execute(
        select(LoginAttemptRow.at, LoginAttemptRow.success)
        .where(
            LoginAttemptRow.username == username.lower()[:64],
            LoginAttemptRow.ip == ip[:64],
            LoginAttemptRow.at >= since,
        )
        .order_by(LoginAttemptRow.at.desc(), LoginAttemptRow.id.desc())
        .limit(throttle.max_failures + 32)
    ).all()
    failures = 0
    for _, success in recent:  # the failures since this key's last success
        if success:
            break
        failures += 1
    wait = throttle.delay(failures)
    if wait:
        retry = (recent[0].at + dt.timedelta(seconds=wait) - utcnow()).total_seconds()
        if retry > 0:
            raise LoginThrottled(int(retry + 0.999))


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
    db.add(
        LoginAttemptRow(
            username=username.lower()[:64], ip=ip[:64], success=bool(ok and user is not None and user.active)
        )
    )
    db.commit()
    if user is None or not ok:
        raise UserError(msg.LOGIN_FAILED)
    if not user.active:
        raise UserError(msg.ACCOUNT_DISABLED)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: DB, user: UserRow, days: int = 7) -> tuple[str, LoginSession]:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = LoginSession(
        token_hash=_token_hash(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.add(row)
    db.flush()
    return token, row


def session_for(db: DB, token: str | None, idle_minutes: int = IDLE_MINUTES) -> LoginSession | None:
    """The live session of a cookie token, with an active user, or None. A
    session unused for `idle_minutes` has ended; a visit is noted (flushed
    with the caller's commit) at most once a minute, not on every request."""
    if not token:
        return None
    row = db.scalar(
        select(LoginSession)
        .options(joinedload(LoginSession.user))  # one query per request, not two
        .where(LoginSession.token_hash == _token_hash(token))
    )
    now = utcnow()
    if row is None or row.expires_at < now or not row.user.active:
        return None
    seen = row.last_seen or row.created_at
    if now - seen > dt.timedelta(minutes=idle_minutes):
        return None
    if now - seen >= SEEN_EVERY:
        row.last_seen = now
    return row


def close_session(db: DB, token: str | None) -> None:
    if token:
        db.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))
