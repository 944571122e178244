"""Follow-up pages: open items across meetings, per-unit lists, status
updates, and the results report for the higher level (DOCX)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session as DB

from minutes.items import STATUS_LABELS
from pipeline.errors import UserError
from doithoai.messages import followup as msg
from doithoai.services import followup as svc
from doithoai.web.deps import Current, get_db, need
from doithoai.web.fragments import CACHE
from doithoai.web.render import render

router = APIRouter()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(status: str, unit: str, meeting: str, overdue: str) -> svc.Filters:
    meeting = meeting.strip()
    if meeting and not meeting.isdigit():
        raise UserError(msg.MEETING_NOT_FOUND)
    return svc.Filters(status=status.strip(), unit=unit.strip(), meeting_id=int(meeting) if meeting else None,
                       overdue_only=overdue in ("1", "on", "true"))


def _guarded(call, *args, **kw):
    """Service refusals as HTTP answers: another unit's item → 403, missing → 404."""
    try:
        return call(*args, **kw)
    except svc.Forbidden as exc:
        raise HTTPException(status_code=403, detail=str(exc)) from None
    except svc.NotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


def overview_for(db: DB, actor, f: svc.Filters = svc.Filters()) -> svc.Overview:
    """The follow-up data, the same for everyone with the same view (a cán bộ:
    his unit) until something changes (doithoai/web/fragments.py)."""
    today = dt.date.today()
    key = ("followup", svc.restricted_unit(actor), f, today, svc.version(db))
    return CACHE.get(key, lambda: svc.overview(db, actor, today, f))


@router.get("/followup")
def view(request: Request, status: str = "", unit: str = "", meeting: str = "", overdue: str = "",
         current: Current = Depends(need("followup.view")), db: DB = Depends(get_db, scope="function")):
    f = _filters(status, unit, meeting, overdue)
    data = overview_for(db, current.user, f)
    return render(request, "followup.html", {
        "data": data, "filters": f, "chain": svc.CHAIN, "choices": svc.choices, "days_left": msg.days_left, "title": msg.TITLE,
        "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    })


@router.get("/followup/units/{unit:path}")
def unit_list(request: Request, unit: str, include: str = Query("", alias="all"),
              current: Current = Depends(need("followup.view")),
              db: DB = Depends(get_db, scope="function")):
    answered = include in ("1", "on", "true")
    rows = _guarded(svc.unit_rows, db, current.user, unit, dt.date.today(), include_answered=answered)
    return render(request, "followup_unit.html", {
        "unit": unit, "rows": rows, "include_answered": answered, "today": dt.date.today(),
        "days_left": msg.days_left,
    })


def _back(next_url: str, ok: str) -> str:
    """Back to the follow-up page the form came from (never another site)."""
    parts = urlsplit(next_url or "/followup")
    path = parts.path if parts.path.startswith("/followup") and not parts.netloc and not parts.scheme else "/followup"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "ok"] + [("ok", ok)]
    return f"{path}?{urlencode(query)}"


@router.post("/followup/items/{item_id}")
def update(item_id: int, status: str = Form(""), response: str = Form(""), responded_at: str = Form(""),
           reason: str = Form(""), next: str = Form("/followup"),
           current: Current = Depends(need("followup.update")), db: DB = Depends(get_db, scope="function")):
    item, changed = _guarded(svc.update_item, db, current.user, item_id, status=status, response=response,
                             responded_at=responded_at, reason=reason, today=dt.date.today())
    return RedirectResponse(_back(next, msg.updated(item.status) if changed else msg.NO_CHANGE), status_code=303)


@router.get("/meetings/{meeting_id}/ket-qua.docx")
def results_report(request: Request, meeting_id: int, current: Current = Depends(need("followup.view")),
                   db: DB = Depends(get_db, scope="function")):
    doc, _title = _guarded(svc.report_document, db, current.user, meeting_id, dt.date.today())
    buf = io.BytesIO()
    doc.save(buf)
    return Response(buf.getvalue(), media_type=DOCX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="bao-cao-ket-qua-{meeting_id}.docx"'})


@router.get("/followup.xlsx")
def export_xlsx(status: str = "", unit: str = "", meeting: str = "", overdue: str = "",
                current: Current = Depends(need("followup.view")), db: DB = Depends(get_db, scope="function")):
    from openpyxl import Workbook

    today = dt.date.today()
    data = svc.overview(db, current.user, today, _filters(status, unit, meeting, overdue))
    book = Workbook()
    sheet = book.active
    sheet.title = "Theo dõi"
    sheet.append(["STT", "Hội nghị", "Người nêu", "Thôn", "Nội dung", "Đơn vị xử lý", "Hạn trả lời",
                  "Còn lại / quá hạn", "Trạng thái", "Kết quả", "Ngày trả lời"])
    for n, r in enumerate(data.rows, 1):
        sheet.append([n, r.meeting_title, r.asker or "", r.hamlet or "", r.summary or r.text, r.unit,
                      r.deadline, msg.days_left(r.days_left) if r.is_open else "",
                      STATUS_LABELS.get(r.status, r.status), r.response, r.responded_at])
    for col, width in zip("ABCDEFGHIJK", (5, 30, 18, 14, 50, 22, 12, 16, 14, 40, 12)):
        sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), media_type=XLSX_TYPE,
                    headers={"Content-Disposition": 'attachment; filename="theo-doi-kien-nghi.xlsx"'})
