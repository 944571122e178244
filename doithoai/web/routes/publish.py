""" "Công bố kết quả" (the secretary, from the follow-up page): the public
notice written for download and the radio bulletin handed to the radio
operator's page as a draft notice; the audit log records who published what.
The work is doithoai.services.published_meetings, over doithoai.services.publish,
shared with `doithoai publish`."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse

from broadcast.errors import BroadcastError, LeadTimeError
from doithoai.messages import publish as msg
from doithoai.services import published_meetings
from doithoai.services.followup import meeting_of
from doithoai.services.lookup import get_meeting
from doithoai.services.publish_input import plan_from_text
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need
from doithoai.web.flash import done
from doithoai.web.render import render
from pipeline.errors import UserError

router = APIRouter()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(
    request: Request,
    db: DbSession,
    meeting_id: int,
    *,
    slots: str = "06:00, 17:00",
    dates: str = "",
    force: bool = False,
    error: str | None = None,
    status: int = 200,
):
    row = get_meeting(db, meeting_id)
    meeting = meeting_of(row)
    last = published_meetings.last_publication(db, meeting_id)
    days = meeting.deadlines.publish_days
    return render(
        request,
        "publish.html",
        {
            "title": msg.PUBLISH_TITLE,
            "meeting": row,
            "deadline": meeting.date + dt.timedelta(days=days),
            "days": days,
            "last": last[0] if last else None,
            "notice": last[1] if last else None,
            "form": {"slots": slots, "dates": dates, "force": force},
            "error": error,
        },
        status_code=status,
    )


@router.get("/meetings/{meeting_id}/publish", dependencies=[need("publish")])
def publish_page(request: Request, meeting_id: int, db: DbSession):
    return _page(request, db, meeting_id)


@router.post("/meetings/{meeting_id}/publish", dependencies=[need("publish")])
def publish(
    request: Request,
    meeting_id: int,
    current: CurrentUser,
    db: DbSession,
    settings: AppSettings,
    slots: str = Form("06:00, 17:00"),
    dates: str = Form(""),
    force: str = Form(""),
):
    forced = force in ("1", "on", "true")
    try:
        plan = plan_from_text(slots, dates, force=forced)
        p, _notice = published_meetings.publish_meeting(
            db, settings, current.user, meeting_id, today=dt.date.today(), plan=plan
        )
    except LeadTimeError as exc:  # the plan misses the publishing window: say so, offer to force
        db.rollback()
        return _page(request, db, meeting_id, slots=slots, dates=dates, force=forced, error=str(exc), status=409)
    except (BroadcastError, UserError) as exc:
        db.rollback()
        status = getattr(exc, "http_status", 400)
        if status == 404:
            raise
        return _page(
            request,
            db,
            meeting_id,
            slots=slots,
            dates=dates,
            force=forced,
            error=exc.message if isinstance(exc, UserError) else str(exc),
            status=status,
        )
    return done(f"/meetings/{meeting_id}/publish", msg.published(p.meeting.title))


@router.get("/meetings/{meeting_id}/thong-bao-ket-qua.docx", dependencies=[need("publish")])
def notice_download(meeting_id: int, db: DbSession, settings: AppSettings):
    get_meeting(db, meeting_id)
    return FileResponse(
        published_meetings.published_notice(settings, meeting_id),
        media_type=DOCX_TYPE,
        filename=f"thong-bao-ket-qua-{meeting_id}.docx",
    )
