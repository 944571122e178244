"""The job state machine: which state may follow which, and the one helper
that moves a job, a conditional UPDATE, so that two workers (or a worker and
a click on "Hủy") cannot both win.

    queued    → running (a worker claims it), cancelled (cancelled before it ran)
    running   → done, failed, cancelled (the worker ends it),
                queued (its worker's process is gone: recovered),
                running (its worker went silent: another worker claims it)
    failed    → queued (retry)
    cancelled → queued (retry; resumes from the checkpoint)
    done      → nothing
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy.orm import Session

from doithoai.store.tables import JobRow, JobState, utcnow

STALE_SECONDS = 90  # a running job without a heartbeat for this long has lost its worker

FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})
NEXT: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.CANCELLED}),
    JobState.RUNNING: frozenset({JobState.RUNNING, JobState.QUEUED, *FINISHED}),
    JobState.DONE: frozenset(),
    JobState.FAILED: frozenset({JobState.QUEUED}),
    JobState.CANCELLED: frozenset({JobState.QUEUED}),
}


def stale_before() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=STALE_SECONDS)


def is_stale() -> ColumnElement[bool]:
    """The job's heartbeat is missing or older than STALE_SECONDS."""
    return or_(JobRow.heartbeat_at.is_(None), JobRow.heartbeat_at < stale_before())


def takeable() -> ColumnElement[bool]:
    """Queued, or running with a dead worker: a worker may claim it, a click cancels it at once."""
    return or_(JobRow.state == JobState.QUEUED, and_(JobRow.state == JobState.RUNNING, is_stale()))


def ours(job_id: int, attempt: int) -> ColumnElement[bool]:
    """The job is still running the given attempt (nobody took it over)."""
    return and_(JobRow.id == job_id, JobRow.state == JobState.RUNNING, JobRow.attempts == attempt)


def transition(
    session: Session,
    job_id: int,
    to: JobState,
    *,
    expect: JobState | Iterable[JobState],
    only_if: ColumnElement[bool] | None = None,
    **values: Any,
) -> bool:
    """Move the job to `to` if it is now in one of the `expect` states (and
    `only_if` holds), setting `values` too. One UPDATE; True when it moved.
    Does not commit. A move the state machine does not allow is a bug: ValueError."""
    sources = (expect,) if isinstance(expect, JobState) else tuple(expect)
    wrong = [s for s in sources if to not in NEXT[s]]
    if not sources or wrong:
        raise ValueError(f"no job transition {wrong or 'from nothing'} → {to}")
    where = and_(JobRow.id == job_id, JobRow.state.in_(sources))
    if only_if is not None:
        where = and_(where, only_if)
    res = session.execute(
        update(JobRow).where(where).values(state=to, **values).execution_options(synchronize_session=False)
    )
    return res.rowcount == 1  # type: ignore[attr-defined]  # a CursorResult for an UPDATE


def touch(session: Session, job_id: int, attempt: int, **values: Any) -> bool:
    """Write progress or heartbeat fields of a job still running `attempt` (no state change)."""
    res = session.execute(
        update(JobRow).where(ours(job_id, attempt)).values(**values).execution_options(synchronize_session=False)
    )
    return res.rowcount == 1  # type: ignore[attr-defined]
