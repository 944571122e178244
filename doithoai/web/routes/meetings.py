"""Meetings: list, create/edit form (the meeting-file fields), the meeting
page with recordings and live job progress, streamed recording uploads,
the audio for the players (HTTP Range), transcript import, job actions."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from doithoai.messages import jobs as job_msg
from doithoai.messages import meetings as msg
from doithoai.messages import web as web_msg
from doithoai.services import meeting_config, recordings, transcript_import
from doithoai.services import meetings as svc
from doithoai.services.lookup import get_meeting
from doithoai.services.transcription_jobs import job_view
from doithoai.store.tables import JobRow, MeetingRow
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need
from doithoai.web.flash import done, signed_url
from doithoai.web.render import render
from minutes.routing import presets
from pipeline.errors import UserError
from pipeline.transcript import transcript_from_dict

router = APIRouter()
TOML_MAX = 1 << 20
TRANSCRIPT_MAX = 200 << 20


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@router.get("/meetings", dependencies=[need("meetings.view")])
def meetings_list(request: Request, db: DbSession):
    listed = svc.list_meetings(db)
    return render(
        request,
        "meetings_list.html",
        {
            "meetings": listed.meetings,
            "recording_counts": listed.recording_counts,
            "last_job": listed.last_job,
            "job_labels": job_msg.STATE_LABELS,
        },
    )


def _form_page(
    request: Request, form: dict, meeting: MeetingRow | None = None, error: str | None = None, status: int = 200
):
    return render(
        request,
        "meeting_form.html",
        {"form": form, "meeting": meeting, "error": error, "presets": presets()},
        status_code=status,
    )


def _form_values(raw) -> dict[str, str]:
    return {k: v for k, v in raw.items() if isinstance(v, str) and k != "csrf_token"}


@router.get("/meetings/new", dependencies=[need("meetings.manage")])
def new_meeting(request: Request):
    form = {"routing_preset": "tu-2025-07", "written_answer_days": "10", "result_report_days": "20", "start": "08:00"}
    return _form_page(request, form)


@router.post("/meetings/new", dependencies=[need("meetings.manage")])
async def create_meeting(request: Request, current: CurrentUser, db: DbSession):
    form = _form_values(await request.form())
    try:
        row = svc.create_meeting(db, current.user, meeting_config.config_from_form(form))
    except UserError as exc:
        db.rollback()
        return _form_page(request, form, error=exc.message, status=400)
    return done(f"/meetings/{row.id}", msg.MEETING_CREATED)


@router.post("/meetings/import", dependencies=[need("meetings.manage")])
async def import_meeting_file(current: CurrentUser, db: DbSession, file: UploadFile | None = File(None)):
    if file is None or not file.filename:
        raise UserError(msg.NO_FILE)
    if not file.filename.lower().endswith(".toml"):
        raise UserError(msg.TOML_ONLY)
    data = await file.read(TOML_MAX + 1)
    if len(data) > TOML_MAX:
        raise UserError(msg.TOML_TOO_BIG)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(msg.NOT_UTF8) from None
    row = svc.create_meeting(db, current.user, meeting_config.config_from_text(text))
    return done(f"/meetings/{row.id}", msg.MEETING_CREATED)


@router.get("/meetings/{meeting_id}/edit", dependencies=[need("meetings.manage")])
def edit_meeting(request: Request, meeting_id: int, db: DbSession):
    row = get_meeting(db, meeting_id)
    return _form_page(request, meeting_config.form_from_config(row.config), row)


@router.post("/meetings/{meeting_id}/edit", dependencies=[need("meetings.manage")])
async def update_meeting(request: Request, meeting_id: int, current: CurrentUser, db: DbSession):
    row = get_meeting(db, meeting_id)
    form = _form_values(await request.form())
    try:
        changed = svc.update_meeting(db, current.user, row, meeting_config.config_from_form(form, row.config))
    except UserError as exc:
        db.rollback()
        return _form_page(request, form, row, error=exc.message, status=400)
    note = msg.MEETING_SAVED if changed else web_msg.NOTHING_CHANGED
    return done(f"/meetings/{row.id}", note)


@router.get("/meetings/{meeting_id}", dependencies=[need("meetings.view")])
def meeting_page(request: Request, meeting_id: int, db: DbSession, settings: AppSettings):
    page = svc.meeting_page(db, meeting_id)
    return render(
        request,
        "meeting.html",
        {
            "meeting": page.row,
            "info": page.info,
            "error": page.error,
            "recordings": page.recordings,
            "jobs": page.jobs,
            "segments": page.segments,
            "max_upload_mb": settings.max_upload_bytes // (1024 * 1024),
            "transcripts": page.transcripts,
            "in_use": page.in_use,
        },
    )


@router.post("/meetings/{meeting_id}/transcripts/{transcript_id}/use", dependencies=[need("meetings.manage")])
def use_transcript(meeting_id: int, transcript_id: int, current: CurrentUser, db: DbSession):
    version, items = transcript_import.use_transcript(db, current.user, meeting_id, transcript_id)
    return done(f"/meetings/{meeting_id}", msg.transcript_used(version.source, items), "#ban-go-bang")


@router.post("/meetings/{meeting_id}/recordings", dependencies=[need("meetings.manage")])
async def upload_recording(
    request: Request, meeting_id: int, current: CurrentUser, db: DbSession, settings: AppSettings
):
    """The raw request body is the file (sent by XMLHttpRequest); its name
    comes URL-encoded in X-Filename and is used for display only."""
    limit = settings.max_upload_bytes
    await run_in_threadpool(get_meeting, db, meeting_id)
    await run_in_threadpool(db.commit)  # no database connection held while a long upload streams in
    name = recordings.clean_name(unquote(request.headers.get("x-filename", "")))
    recordings.audio_extension(name)  # refuse a wrong type before reading the body
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise recordings.TooLarge(msg.upload_too_large(limit))
    part = recordings.new_temp(settings)
    size = 0
    try:
        with open(part, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise recordings.TooLarge(msg.upload_too_large(limit))
                out.write(chunk)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, Exception) and not isinstance(exc, UserError):
            raise UserError(msg.UPLOAD_INTERRUPTED) from None
        raise
    if size == 0:
        part.unlink(missing_ok=True)
        raise UserError(msg.UPLOAD_EMPTY)
    rec, job = await run_in_threadpool(recordings.add_recording, db, settings, current.user, meeting_id, part, name)
    return JSONResponse(
        {
            "recording_id": rec.id,
            "job_id": job.id,
            "name": rec.original_name,
            "redirect": signed_url(
                request.app.state.flash_key,
                f"/meetings/{meeting_id}?ok={quote(msg.recording_added(rec.original_name))}",
            ),
        }
    )


@router.get("/meetings/{meeting_id}/audio", dependencies=[need("meetings.view")])
def meeting_audio(meeting_id: int, db: DbSession, settings: AppSettings):
    """The latest recording; FileResponse answers Range requests (206) so the
    player can seek in a long file."""
    path = recordings.recording_file(db, settings, meeting_id)
    return FileResponse(path, filename=f"ghi-am-{meeting_id}{path.suffix}", content_disposition_type="inline")


@router.post("/meetings/{meeting_id}/transcript-import", dependencies=[need("meetings.manage")])
async def import_transcript(meeting_id: int, current: CurrentUser, db: DbSession, file: UploadFile | None = File(None)):
    await run_in_threadpool(get_meeting, db, meeting_id)
    if file is None or not file.filename:
        raise UserError(msg.NO_FILE)
    data = await file.read(TRANSCRIPT_MAX + 1)
    if len(data) > TRANSCRIPT_MAX:
        raise recordings.TooLarge(msg.TRANSCRIPT_TOO_BIG)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(msg.TRANSCRIPT_NOT_UTF8) from None
    except json.JSONDecodeError as exc:
        raise UserError(msg.transcript_not_json(exc.lineno, exc.colno)) from None
    transcript = transcript_from_dict(parsed)
    result = await run_in_threadpool(svc.import_transcript, db, current.user, meeting_id, transcript, file.filename)
    note = msg.transcript_imported(result.segments, result.items) if result.used else msg.TRANSCRIPT_KEPT_EDITED
    return done(f"/meetings/{meeting_id}", note)


# --- jobs -------------------------------------------------------------------------------------


@router.get("/jobs/{job_id}", dependencies=[need("meetings.view")])
def job_status(job_id: int, db: DbSession):
    return JSONResponse(svc.job_status(db, job_id))


def _job_answer(request: Request, job: JobRow, note: str):
    if _wants_json(request):
        return JSONResponse(job_view(job))
    return done(f"/meetings/{job.meeting_id}", note)


@router.post("/jobs/{job_id}/cancel", dependencies=[need("meetings.manage")])
def job_cancel(request: Request, job_id: int, current: CurrentUser, db: DbSession):
    job = svc.cancel_transcription(db, current.user, job_id)
    return _job_answer(request, job, msg.JOB_CANCEL_ASKED)


@router.post("/jobs/{job_id}/retry", dependencies=[need("meetings.manage")])
def job_retry(request: Request, job_id: int, current: CurrentUser, db: DbSession, settings: AppSettings):
    job = svc.retry_transcription(db, settings, current.user, job_id)
    return _job_answer(request, job, msg.JOB_RETRIED)
