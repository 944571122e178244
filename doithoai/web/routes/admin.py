"""Administration: accounts (units picked from a list), the audit log,
backup and restore."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from doithoai.messages import admin as admin_msg
from doithoai.messages import audit as audit_text
from doithoai.messages import web as msg
from doithoai.services import accounts, audit, backup, units
from doithoai.services.actors import ROLE_LABELS
from doithoai.services.recordings import clean_name
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need
from doithoai.web.flash import done
from doithoai.web.render import render
from pipeline.errors import UserError

router = APIRouter(prefix="/admin")


def _users_page(request: Request, db: DbSession, error: str | None = None, form: dict | None = None, status: int = 200):
    return render(
        request,
        "admin_users.html",
        {"users": accounts.list_users(db), "error": error, "form": form or {}, "units": units.unit_choices(db)},
        status_code=status,
    )


@router.get("/users", dependencies=[need("admin")])
def users(request: Request, db: DbSession):
    return _users_page(request, db)


@router.post("/users", dependencies=[need("admin")])
def create_user(
    request: Request,
    current: CurrentUser,
    db: DbSession,
    username: str = Form(""),
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    password: str = Form(""),
):
    try:
        user = accounts.add_user(db, current.user, username, password, role, full_name, units.checked_unit(db, unit))
    except UserError as exc:
        db.rollback()
        form = {"username": username, "full_name": full_name, "role": role, "unit": unit}
        return _users_page(request, db, exc.message, form, status=400)
    return done("/admin/users", msg.user_created(user.username, ROLE_LABELS[user.role]))


@router.post("/users/{user_id}", dependencies=[need("admin")])
def update_user(
    user_id: int,
    current: CurrentUser,
    db: DbSession,
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    active: str = Form(""),
):
    accounts.update_user(
        db,
        current.user,
        user_id,
        full_name=full_name,
        role=role,
        unit=units.checked_unit(db, unit),
        active=active in ("1", "on", "true"),
    )
    return done("/admin/users", msg.SAVED)


@router.post("/users/{user_id}/password", dependencies=[need("admin")])
def reset_password(user_id: int, current: CurrentUser, db: DbSession, password: str = Form("")):
    user = accounts.reset_password(db, current.user, user_id, password)
    return done("/admin/users", msg.password_changed(user.username))


@router.get("/audit", dependencies=[need("admin")])
def audit_log(request: Request, db: DbSession, entity: str | None = None, meeting: int | None = None):
    entries = audit.history(db, entity=entity or None, meeting_id=meeting, limit=500)
    return render(
        request, "admin_audit.html", {"entries": entries, "entity": entity, "meeting": meeting, "audit": audit_text}
    )


@router.get("/backup", dependencies=[need("admin")])
def backup_page(request: Request):
    return render(request, "admin_backup.html", {})


@router.get("/backup/download", dependencies=[need("admin")])
def backup_download(current: CurrentUser, db: DbSession, settings: AppSettings):
    path, name = backup.backup_for_download(db, settings, current.user)
    return FileResponse(
        path, media_type="application/gzip", filename=name, background=BackgroundTask(path.unlink, missing_ok=True)
    )


@router.post("/backup/restore", dependencies=[need("admin")])
async def backup_restore(
    current: CurrentUser,
    db: DbSession,
    settings: AppSettings,
    file: UploadFile | None = File(None),
    confirm: str = Form(""),
):
    if file is None or not file.filename:
        raise UserError(admin_msg.RESTORE_NO_FILE)
    settings.tmp_dir.mkdir(parents=True, exist_ok=True)
    part = settings.tmp_dir / f"{secrets.token_hex(16)}.part"
    try:
        with part.open("wb") as out:
            while chunk := await file.read(1 << 20):
                out.write(chunk)
        summary = await run_in_threadpool(
            backup.restore_upload,
            db,
            settings,
            current.user,
            part,
            clean_name(file.filename),
            confirm in ("1", "on", "true"),
        )
    finally:
        part.unlink(missing_ok=True)
    return done("/admin/backup", admin_msg.restore_done(summary.rows, summary.tables, summary.files))
