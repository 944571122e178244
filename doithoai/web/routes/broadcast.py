"""The radio operator's page: event form → script preview (editable, with the
lead-time check) → render → play and download; history of notices.

Rendering runs inside the POST (a few seconds with espeak-ng); the route is
a sync def, so it runs in the threadpool and other users are not blocked.
Nothing is written to the database before the audio is made.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from broadcast.errors import BroadcastError, LeadTimeError
from doithoai.messages import radio as msg
from doithoai.services import notice_form, notices
from doithoai.services.voices import engines_for, voices_for
from doithoai.store.tables import NoticeRow
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need, settings_of
from doithoai.web.flash import done
from doithoai.web.render import render
from pipeline.errors import UserError

router = APIRouter(prefix="/broadcast")


async def form_data(request: Request) -> dict[str, Any]:
    """The posted form as a plain dict (the event form has many fields)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _page(
    request: Request,
    form: notice_form.EventForm,
    *,
    preview: notices.NoticePreview | None = None,
    script: str | None = None,
    error: str | None = None,
    status: int = 200,
    history: list[NoticeRow] | None = None,
    force: bool = False,
):
    settings = settings_of(request)
    ctx = {
        "form": form.as_dict(),
        "engines": engines_for(settings),
        "voices": voices_for(),
        "ENGINE_LABELS": msg.ENGINE_LABELS,
        "preview": preview,
        "script": script if script is not None else (preview.script if preview else None),
        "error": error,
        "history": history,
        "force": force,
        "msg": msg,
    }
    return render(request, "broadcast.html", ctx, status_code=status)


def _message(exc: Exception) -> str:
    return msg.with_field_hint(exc.message if isinstance(exc, UserError) else str(exc))


@router.get("", dependencies=[need("broadcast")])
def broadcast_page(request: Request, db: DbSession, settings: AppSettings, from_notice: int | None = None):
    form = notice_form.default_form(db, settings, from_notice)
    return _page(request, form, history=notices.history(db))


@router.post("/preview", dependencies=[need("broadcast")])
def preview(request: Request, settings: AppSettings, data: dict = Depends(form_data)):
    form = notice_form.EventForm.from_mapping(data)
    try:
        result = notices.preview_notice(settings, form)
    except (BroadcastError, UserError) as exc:
        return _page(request, form, error=_message(exc), status=400)
    return _page(request, form, preview=result)


@router.post("/render", dependencies=[need("broadcast")])
def render_notice(
    request: Request, current: CurrentUser, db: DbSession, settings: AppSettings, data: dict = Depends(form_data)
):
    form = notice_form.EventForm.from_mapping(data)
    script = str(data.get("script") or "").replace("\r\n", "\n")
    force = data.get("force") in ("1", "on", "true")
    if not data.get("previewed") or not script.strip():
        return _page(request, form, script=script or None, error=msg.NOT_PREVIEWED, status=400)
    try:
        shown = notices.preview_notice(settings, form, script=script)
    except (BroadcastError, UserError) as exc:
        return _page(request, form, script=script, error=_message(exc), status=400)
    if shown.digest != data.get("previewed"):
        return _page(request, form, preview=shown, error=msg.EVENT_CHANGED, status=409, force=force)
    if shown.violation and not force:
        return _page(request, form, preview=shown, error=msg.LEAD_NEEDS_FORCE, status=409)
    try:
        notice = notices.render_notice(db, settings, current.user, form, script, force)
    except LeadTimeError:  # the clock passed a broadcast time since the preview
        shown = notices.preview_notice(settings, form, script=script)
        return _page(request, form, preview=shown, error=msg.LEAD_NEEDS_FORCE, status=409)
    except (BroadcastError, UserError) as exc:
        db.rollback()
        return _page(request, form, preview=shown, error=_message(exc), status=400, force=force)
    return done(f"/broadcast/{notice.id}", msg.rendered(notice.title))


@router.get("/{notice_id:int}.mp3", dependencies=[need("broadcast")])
def notice_mp3(notice_id: int, db: DbSession, settings: AppSettings, download: bool = False):
    notice = notices.get_notice(db, notice_id)
    path = notices.notice_file_or_404(settings, notice, notices.MP3_NAME, msg.FILE_MISSING)
    name = f"thong-bao-{notice.id}.mp3"
    return FileResponse(path, media_type="audio/mpeg", filename=name if download else None)


@router.get("/{notice_id:int}.ics", dependencies=[need("broadcast")])
def notice_ics(notice_id: int, db: DbSession, settings: AppSettings):
    notice = notices.get_notice(db, notice_id)
    path = notices.notice_file_or_404(settings, notice, notices.ICS_NAME, msg.NO_ICS)
    return FileResponse(path, media_type="text/calendar; charset=utf-8", filename=f"lich-phat-{notice.id}.ics")


@router.get("/{notice_id:int}", dependencies=[need("broadcast")])
def notice_page(request: Request, notice_id: int, db: DbSession, settings: AppSettings):
    view = notices.notice_view(settings, notices.get_notice(db, notice_id))
    return render(request, "broadcast_notice.html", {**view, "ENGINE_LABELS": msg.ENGINE_LABELS})
