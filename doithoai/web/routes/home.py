"""The start page: what each role can do, and the latest meetings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.store.tables import JobRow, MeetingRow, NoticeRow
from doithoai.web.deps import Current, get_db, need
from doithoai.web.permissions import allowed
from doithoai.web.render import render
from doithoai.web.routes.followup import overview_for

router = APIRouter()


@router.get("/")
def home(request: Request, current: Current = Depends(need("home")), db: DB = Depends(get_db, scope="function")):
    role = current.user.role
    ctx: dict = {}
    if allowed(role, "meetings.view"):
        ctx["meetings"] = list(db.scalars(select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc()).limit(10)))
        ctx["running_jobs"] = db.scalar(select(func.count(JobRow.id)).where(JobRow.state.in_(("queued", "running"))))
    if allowed(role, "followup.view"):
        # the counts of the follow-up page, with its unit rule for a cán bộ
        ctx["status_counts"] = overview_for(db, current.user).by_status
    if allowed(role, "broadcast"):
        ctx["notices"] = list(db.scalars(select(NoticeRow).order_by(NoticeRow.id.desc()).limit(5)))
    return render(request, "home.html", ctx)
