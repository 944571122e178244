"""Follow-up pages: open items across meetings, per-unit lists, status
updates, and the results report for the higher level (DOCX)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from doithoai.messages import followup as msg
from doithoai.messages import meetings as meetings_msg
from doithoai.messages import web as web_msg
from doithoai.services import followup as svc
from doithoai.web.deps import CurrentUser, DbSession, need
from doithoai.web.flash import redirect_with_message
from doithoai.web.render import render
from pipeline.errors import UserError

router = APIRouter()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(status: str, unit: str, meeting: str, overdue: str) -> svc.Filters:
    meeting = meeting.strip()
    if meeting and not meeting.isdigit():
        raise UserError(meetings_msg.MEETING_NOT_FOUND)  # a bad filter value (400), like a bad status
    return svc.Filters(
        status=status.strip(),
        unit=unit.strip(),
        meeting_id=int(meeting) if meeting else None,
        overdue_only=overdue in ("1", "on", "true"),
    )


@router.get("/followup", dependencies=[need("followup.view")])
def view(
    request: Request,
    current: CurrentUser,
    db: DbSession,
    status: str = "",
    unit: str = "",
    meeting: str = "",
    overdue: str = "",
):
    f = _filters(status, unit, meeting, overdue)
    data = svc.cached_overview(db, current.user, f)
    return render(
        request,
        "followup.html",
        {
            "data": data,
            "filters": f,
            "chain": svc.CHAIN,
            "choices": svc.choices,
            "days_left": msg.days_left,
            "title": msg.TITLE,
            "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        },
    )


@router.get("/followup/units/{unit:path}", dependencies=[need("followup.view")])
def unit_list(request: Request, unit: str, current: CurrentUser, db: DbSession, include: str = Query("", alias="all")):
    answered = include in ("1", "on", "true")
    rows = svc.unit_rows(db, current.user, unit, dt.date.today(), include_answered=answered)
    return render(
        request,
        "followup_unit.html",
        {
            "unit": unit,
            "rows": rows,
            "include_answered": answered,
            "today": dt.date.today(),
            "days_left": msg.days_left,
        },
    )


def _back(next_url: str, ok: str) -> str:
    """Back to the follow-up page the form came from (never another site)."""
    parts = urlsplit(next_url or "/followup")
    path = parts.path if parts.path.startswith("/followup") and not parts.netloc and not parts.scheme else "/followup"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "ok"] + [("ok", ok)]
    return f"{path}?{urlencode(query)}"


@router.post("/followup/items/{item_id}", dependencies=[need("followup.update")])
def update(
    item_id: int,
    current: CurrentUser,
    db: DbSession,
    status: str = Form(""),
    response: str = Form(""),
    responded_at: str = Form(""),
    reason: str = Form(""),
    next: str = Form("/followup"),
):
    item, changed = svc.update_item(
        db,
        current.user,
        item_id,
        status=status,
        response=response,
        responded_at=responded_at,
        reason=reason,
        today=dt.date.today(),
    )
    return redirect_with_message(_back(next, msg.updated(item.status) if changed else web_msg.NOTHING_CHANGED))


@router.get("/meetings/{meeting_id}/ket-qua.docx", dependencies=[need("followup.view")])
def results_report(meeting_id: int, current: CurrentUser, db: DbSession):
    doc, _title = svc.report_document(db, current.user, meeting_id, dt.date.today())
    buf = io.BytesIO()
    doc.save(buf)
    return Response(
        buf.getvalue(),
        media_type=DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="bao-cao-ket-qua-{meeting_id}.docx"'},
    )


@router.get("/followup.xlsx", dependencies=[need("followup.view")])
def export_xlsx(
    current: CurrentUser, db: DbSession, status: str = "", unit: str = "", meeting: str = "", overdue: str = ""
):
    content = svc.overview_xlsx(db, current.user, dt.date.today(), _filters(status, unit, meeting, overdue))
    return Response(
        content, media_type=XLSX_TYPE, headers={"Content-Disposition": 'attachment; filename="theo-doi-kien-nghi.xlsx"'}
    )
