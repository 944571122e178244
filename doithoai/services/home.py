"""The start page's data: what each role can reach, at a glance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB

from doithoai.services import followup
from doithoai.services.actors import Actor
from doithoai.store.tables import JobRow, JobState, MeetingRow, NoticeRow

LATEST_MEETINGS = 10
LATEST_NOTICES = 5


def home_view(db: DB, actor: Actor) -> dict[str, Any]:
    """The page's parts `actor` may see, by name; a part it may not see is absent."""
    out: dict[str, Any] = {}
    if actor.may("meetings.view"):
        out["meetings"] = list(
            db.scalars(select(MeetingRow).order_by(MeetingRow.date.desc(), MeetingRow.id.desc()).limit(LATEST_MEETINGS))
        )
        out["running_jobs"] = db.scalar(
            select(func.count(JobRow.id)).where(JobRow.state.in_((JobState.QUEUED, JobState.RUNNING)))
        )
    if actor.may("followup.view"):
        # the counts of the follow-up page, with its unit rule for a cán bộ
        out["status_counts"] = followup.cached_overview(db, actor).by_status
    if actor.may("broadcast"):
        out["notices"] = list(db.scalars(select(NoticeRow).order_by(NoticeRow.id.desc()).limit(LATEST_NOTICES)))
    return out
