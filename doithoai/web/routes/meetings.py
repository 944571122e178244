"""Meetings: list, create/edit form (the meeting-file fields), the meeting
page with recordings and live job progress, streamed recording uploads,
the audio for the players (HTTP Range), transcript import, job actions."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB
from starlette.concurrency import run_in_threadpool

from minutes.routing import presets
from pipeline.errors import UserError
from doithoai.messages import meetings as msg
from doithoai.services import audit, jobs, segments
from doithoai.services import meetings as svc
from doithoai.store.tables import JobRow, MeetingRow, RecordingRow, SegmentRow
from pipeline.transcript import transcript_from_dict
from doithoai.web.deps import Current, get_db, need, settings_of
from doithoai.web.flash import done, signed_url
from doithoai.web.render import render

router = APIRouter()
TOML_MAX = 1 << 20
TRANSCRIPT_MAX = 200 << 20


def _meeting(db: DB, meeting_id: int) -> MeetingRow:
    row = db.get(MeetingRow, meeting_id)
    if row is None:
        raise HTTPException(404, msg.MEETING_NOT_FOUND)
    return row


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@router.get("/meetings")
def meetings_list(request: Request, current: Current = Depends(need("meetings.view")), db: DB = Depends(get_db, scope="function")):
    rows = list(db.scalars(select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc())))
    counts = dict(db.execute(select(RecordingRow.meeting_id, func.count(RecordingRow.id)).group_by(RecordingRow.meeting_id)).all())
    latest = select(func.max(JobRow.id)).group_by(JobRow.meeting_id)
    last_job = {job.meeting_id: job for job in db.scalars(select(JobRow).where(JobRow.id.in_(latest)))}
    return render(request, "meetings_list.html", {"meetings": rows, "recording_counts": counts,
                                                  "last_job": last_job, "job_labels": jobs.msg.STATE_LABELS})


def _form_page(request: Request, form: dict, meeting: MeetingRow | None = None, error: str | None = None,
               status: int = 200):
    return render(request, "meeting_form.html", {"form": form, "meeting": meeting, "error": error,
                                                 "presets": presets()}, status_code=status)


def _form_values(raw) -> dict[str, str]:
    return {k: v for k, v in raw.items() if isinstance(v, str) and k != "csrf_token"}


@router.get("/meetings/new")
def new_meeting(request: Request, current: Current = Depends(need("meetings.manage"))):
    form = {"routing_preset": "tu-2025-07", "written_answer_days": "10", "result_report_days": "20",
            "start": "08:00"}
    return _form_page(request, form)


@router.post("/meetings/new")
async def create_meeting(request: Request, current: Current = Depends(need("meetings.manage")),
                         db: DB = Depends(get_db, scope="function")):
    form = _form_values(await request.form())
    try:
        text = svc.config_text_from_form(form)
        row = svc.create_meeting(db, current.user, text)
    except UserError as exc:
        db.rollback()
        return _form_page(request, form, error=exc.message, status=400)
    return done(f"/meetings/{row.id}", msg.MEETING_CREATED)


@router.post("/meetings/import")
async def import_meeting_file(request: Request, file: UploadFile | None = File(None),
                              current: Current = Depends(need("meetings.manage")), db: DB = Depends(get_db, scope="function")):
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
    row = svc.create_meeting(db, current.user, text)
    return done(f"/meetings/{row.id}", msg.MEETING_CREATED)


@router.get("/meetings/{meeting_id}/edit")
def edit_meeting(request: Request, meeting_id: int, current: Current = Depends(need("meetings.manage")),
                 db: DB = Depends(get_db, scope="function")):
    row = _meeting(db, meeting_id)
    return _form_page(request, svc.form_from_config(row.config), row)


@router.post("/meetings/{meeting_id}/edit")
async def update_meeting(request: Request, meeting_id: int, current: Current = Depends(need("meetings.manage")),
                         db: DB = Depends(get_db, scope="function")):
    row = _meeting(db, meeting_id)
    form = _form_values(await request.form())
    try:
        text = svc.config_text_from_form(form, row.config)
        changed = svc.update_meeting(db, current.user, row, text)
    except UserError as exc:
        db.rollback()
        return _form_page(request, form, row, error=exc.message, status=400)
    note = msg.MEETING_SAVED if changed else msg.NOTHING_CHANGED
    return done(f"/meetings/{row.id}", note)


@router.get("/meetings/{meeting_id}")
def meeting_page(request: Request, meeting_id: int, current: Current = Depends(need("meetings.view")),
                 db: DB = Depends(get_db, scope="function")):
    row = _meeting(db, meeting_id)
    try:
        info, error = svc.meeting_of(row), None
    except UserError as exc:
        info, error = None, exc.message
    segments = db.scalar(select(func.count(SegmentRow.id)).where(SegmentRow.meeting_id == meeting_id))
    views = [jobs.job_view(j) for j in svc.meeting_jobs(db, meeting_id)]
    settings = settings_of(request)
    return render(request, "meeting.html", {
        "meeting": row, "info": info, "error": error, "recordings": list(reversed(row.recordings)),
        "jobs": views, "segments": segments, "max_upload_mb": settings.max_upload_bytes // (1024 * 1024),
    })


@router.post("/meetings/{meeting_id}/recordings")
async def upload_recording(request: Request, meeting_id: int, current: Current = Depends(need("meetings.manage")),
                           db: DB = Depends(get_db, scope="function")):
    """The raw request body is the file (sent by XMLHttpRequest); its name
    comes URL-encoded in X-Filename and is used for display only."""
    settings = settings_of(request)
    limit = settings.max_upload_bytes
    await run_in_threadpool(_meeting, db, meeting_id)
    await run_in_threadpool(db.commit)  # no database connection held while a long upload streams in
    name = svc.clean_name(unquote(request.headers.get("x-filename", "")))
    svc.audio_extension(name)  # refuse a wrong type before reading the body
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise svc.TooLarge(msg.upload_too_large(limit))
    part = svc.new_temp(settings)
    size = 0
    try:
        with open(part, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise svc.TooLarge(msg.upload_too_large(limit))
                out.write(chunk)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, Exception) and not isinstance(exc, UserError):
            raise UserError(msg.UPLOAD_INTERRUPTED) from None
        raise
    if size == 0:
        part.unlink(missing_ok=True)
        raise UserError(msg.UPLOAD_EMPTY)
    rec, job = await run_in_threadpool(svc.add_recording, db, settings, current.user, meeting_id, part, name)
    return JSONResponse({"recording_id": rec.id, "job_id": job.id, "name": rec.original_name,
                         "redirect": signed_url(request.app.state.flash_key,
                                                f"/meetings/{meeting_id}?ok={quote(msg.recording_added(rec.original_name))}")})


@router.get("/meetings/{meeting_id}/audio")
def meeting_audio(request: Request, meeting_id: int, current: Current = Depends(need("meetings.view")),
                  db: DB = Depends(get_db, scope="function")):
    """The latest recording; FileResponse answers Range requests (206) so the
    player can seek in a long file."""
    _meeting(db, meeting_id)
    rec = segments.latest_recording(db, meeting_id)
    if rec is None:
        raise HTTPException(404, msg.NO_RECORDING)
    path = settings_of(request).data_dir / rec.path
    if not path.is_file():
        raise HTTPException(404, msg.NO_RECORDING)
    return FileResponse(path, filename=f"ghi-am-{meeting_id}{Path(rec.path).suffix}",
                        content_disposition_type="inline")


@router.post("/meetings/{meeting_id}/transcript-import")
async def import_transcript(request: Request, meeting_id: int, file: UploadFile | None = File(None),
                            current: Current = Depends(need("meetings.manage")), db: DB = Depends(get_db, scope="function")):
    await run_in_threadpool(_meeting, db, meeting_id)
    if file is None or not file.filename:
        raise UserError(msg.NO_FILE)
    data = await file.read(TRANSCRIPT_MAX + 1)
    if len(data) > TRANSCRIPT_MAX:
        raise svc.TooLarge(msg.TRANSCRIPT_TOO_BIG)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(msg.TRANSCRIPT_NOT_JSON.format(detail=exc)) from None
    transcript = transcript_from_dict(parsed)

    def run():
        result = jobs.import_transcript(db, meeting_id, transcript)
        audit.record(db, current.user, "meeting", meeting_id, "import_transcript", None,
                         {"segments": result.segments, "items": result.items,
                          "source": svc.clean_name(file.filename)}, meeting_id=meeting_id)
        return result

    result = await run_in_threadpool(run)
    note = msg.transcript_imported(result.segments, result.items)
    return done(f"/meetings/{meeting_id}", note)


# --- jobs -------------------------------------------------------------------------------------


def _job(db: DB, job_id: int) -> JobRow:
    job = db.get(JobRow, job_id)
    if job is None:
        raise HTTPException(404, msg.JOB_NOT_FOUND)
    return job


@router.get("/jobs/{job_id}")
def job_status(job_id: int, current: Current = Depends(need("meetings.view")), db: DB = Depends(get_db, scope="function")):
    return JSONResponse(jobs.job_view(_job(db, job_id)))


def _job_answer(request: Request, job: JobRow, note: str):
    if _wants_json(request):
        return JSONResponse(jobs.job_view(job))
    return done(f"/meetings/{job.meeting_id}", note)


@router.post("/jobs/{job_id}/cancel")
def job_cancel(request: Request, job_id: int, current: Current = Depends(need("meetings.manage")),
               db: DB = Depends(get_db, scope="function")):
    _job(db, job_id)
    job = jobs.cancel_job(db, job_id)
    audit.record(db, current.user, "job", job.id, "cancel", None, {"state": job.state}, meeting_id=job.meeting_id)
    return _job_answer(request, job, msg.JOB_CANCEL_ASKED)


@router.post("/jobs/{job_id}/retry")
def job_retry(request: Request, job_id: int, current: Current = Depends(need("meetings.manage")),
              db: DB = Depends(get_db, scope="function")):
    _job(db, job_id)
    job = jobs.retry_job(db, settings_of(request), job_id)
    audit.record(db, current.user, "job", job.id, "retry", None, {"state": job.state}, meeting_id=job.meeting_id)
    return _job_answer(request, job, msg.JOB_RETRIED)
