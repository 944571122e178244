"""Administration: accounts and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session as DB

from pipeline.errors import UserError
from doithoai.messages import web as msg
from doithoai.messages import audit as audit_text
from doithoai.services import accounts, audit
from doithoai.store.tables import UserRow
from doithoai.web.deps import Current, get_db, need
from doithoai.web.flash import done
from doithoai.web.permissions import ROLE_LABELS
from doithoai.web.render import render

router = APIRouter(prefix="/admin")
USER_FIELDS = ("username", "full_name", "role", "unit", "active")


def _users_page(request: Request, db: DB, error: str | None = None, form: dict | None = None, status: int = 200):
    users = list(db.scalars(select(UserRow).order_by(UserRow.username)))
    return render(request, "admin_users.html", {"users": users, "error": error, "form": form or {}}, status_code=status)


@router.get("/users")
def users(request: Request, current: Current = Depends(need("admin")), db: DB = Depends(get_db, scope="function")):
    return _users_page(request, db)


@router.post("/users")
def create_user(request: Request, username: str = Form(""), full_name: str = Form(""), role: str = Form(""),
                unit: str = Form(""), password: str = Form(""), current: Current = Depends(need("admin")),
                db: DB = Depends(get_db, scope="function")):
    try:
        user = accounts.create_user(db, username, password, role, full_name, unit)
    except UserError as exc:
        db.rollback()
        form = {"username": username, "full_name": full_name, "role": role, "unit": unit}
        return _users_page(request, db, exc.message, form, status=400)
    audit.record(db, current.user, "user", user.id, "create", None, audit.snapshot(user, USER_FIELDS))
    return done("/admin/users", msg.user_created(user.username, ROLE_LABELS[user.role]))


def _user(db: DB, user_id: int) -> UserRow:
    user = db.get(UserRow, user_id)
    if user is None:
        raise HTTPException(404, msg.NOT_FOUND)
    return user


@router.post("/users/{user_id}")
def update_user(user_id: int, full_name: str = Form(""), role: str = Form(""), unit: str = Form(""),
                active: str = Form(""), current: Current = Depends(need("admin")), db: DB = Depends(get_db, scope="function")):
    user = _user(db, user_id)
    if role not in ROLE_LABELS:
        raise UserError(msg.ROLE_INVALID)
    if user.id == current.user.id and role != "admin":
        raise UserError(msg.CANNOT_DEMOTE_SELF)  # the last admin would lock everyone out of this page
    before = audit.snapshot(user, USER_FIELDS)
    user.full_name, user.role, user.unit = full_name.strip(), role, unit.strip()
    user.active = active in ("1", "on", "true") or user.id == current.user.id  # never lock yourself out
    old, new = audit.changes(before, audit.snapshot(user, USER_FIELDS))
    if new:
        audit.record(db, current.user, "user", user.id, "update", old, new)
    return done("/admin/users", msg.SAVED)


@router.post("/users/{user_id}/password")
def reset_password(user_id: int, password: str = Form(""), current: Current = Depends(need("admin")),
                   db: DB = Depends(get_db, scope="function")):
    user = _user(db, user_id)
    accounts.set_password(db, user, password)
    audit.record(db, current.user, "user", user.id, "password")
    return done("/admin/users", msg.password_changed(user.username))


@router.get("/audit")
def audit_log(request: Request, entity: str | None = None, meeting: int | None = None,
              current: Current = Depends(need("admin")), db: DB = Depends(get_db, scope="function")):
    entries = audit.history(db, entity=entity or None, meeting_id=meeting, limit=500)
    return render(request, "admin_audit.html", {"entries": entries, "entity": entity, "meeting": meeting,
                                                "audit": audit_text})
