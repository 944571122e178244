"""The start page: what each role can do, and the latest meetings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from pipeline.store.models import Job, Meeting, Notice
from pipeline.web.deps import Current, get_db, need
from pipeline.web.permissions import allowed
from pipeline.web.render import render
from pipeline.web.routes.followup import overview_for

router = APIRouter()


@router.get("/")
def home(request: Request, current: Current = Depends(need("home")), db: DB = Depends(get_db, scope="function")):
    role = current.user.role
    ctx: dict = {}
    if allowed(role, "meetings.view"):
        ctx["meetings"] = list(db.scalars(select(Meeting).order_by(Meeting.date.desc(), Meeting.id.desc()).limit(10)))
        ctx["running_jobs"] = db.scalar(select(func.count(Job.id)).where(Job.state.in_(("queued", "running"))))
    if allowed(role, "followup.view"):
        # the counts of the follow-up page, with its unit rule for a cán bộ
        ctx["status_counts"] = overview_for(db, current.user).by_status
    if allowed(role, "broadcast"):
        ctx["notices"] = list(db.scalars(select(Notice).order_by(Notice.id.desc()).limit(5)))
    return render(request, "home.html", ctx)
