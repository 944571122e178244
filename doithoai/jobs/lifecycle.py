"""What the app does to jobs: create and enqueue one, cancel, retry, and
recover the jobs of dead workers. Running a job is execution.py.

A JobRow is the truth; the queue only carries job ids. Every state change
is one conditional UPDATE (states.transition), so a job enqueued twice, or
by `recover_jobs` after a restart, still runs once.
"""

from __future__ import annotations

import logging
import os
import socket

from sqlalchemy import select
from sqlalchemy.orm import Session

from doithoai.jobs import queue
from doithoai.jobs.states import is_stale, takeable, transition
from doithoai.messages import jobs as msg
from doithoai.settings import Settings
from doithoai.store.db import session_scope
from doithoai.store.tables import JobRow, JobState, RecordingRow, utcnow
from pipeline.errors import UserError

log = logging.getLogger(__name__)

RECOVER_SECONDS = 30.0  # how often a running server or worker looks for jobs of dead workers


def _enqueue(settings: Settings, job_id: int) -> bool:
    try:
        queue.enqueue(settings, job_id)
        return True
    except Exception:  # the row stays queued; recover_jobs sends it again at the next start
        log.exception("could not enqueue job %s", job_id)
        return False


def get_job(session: Session, job_id: int) -> JobRow:
    job = session.get(JobRow, job_id)
    if job is None:
        raise UserError(msg.JOB_NOT_FOUND)
    return job


def enqueue_transcription(
    session: Session, settings: Settings, meeting_id: int, recording_id: int, user_id: int | None
) -> JobRow:
    """Create a queued JobRow for the recording, commit the session, then put
    the job's id on the queue (a worker must never see an uncommitted id)."""
    rec = session.get(RecordingRow, recording_id)
    if rec is None or rec.meeting_id != meeting_id:
        raise UserError(msg.RECORDING_NOT_FOUND)
    job = JobRow(
        meeting_id=meeting_id, recording_id=recording_id, kind="transcribe", state=JobState.QUEUED, created_by=user_id
    )
    session.add(job)
    session.commit()
    if not _enqueue(settings, job.id):
        job.message = msg.QUEUE_UNAVAILABLE
        session.commit()
    return job


def cancel_job(session: Session, job_id: int) -> JobRow:
    """Queued (or running with a dead worker) → cancelled at once; running →
    cancel_requested, the worker stops at its next progress report. Commits."""
    job = get_job(session, job_id)
    gone = transition(
        session,
        job_id,
        JobState.CANCELLED,
        expect=(JobState.QUEUED, JobState.RUNNING),
        only_if=takeable(),
        message=msg.CANCELLED,
        finished_at=utcnow(),
        eta_seconds=None,
        cancel_requested=False,
    )
    if not gone:
        asked = transition(
            session,
            job_id,
            JobState.RUNNING,
            expect=JobState.RUNNING,
            cancel_requested=True,
            message=msg.CANCEL_REQUESTED,
        )
        if not asked:
            session.rollback()
            session.refresh(job)
            raise UserError(msg.cannot_cancel(job.state))
    session.commit()
    session.refresh(job)
    return job


def retry_job(session: Session, settings: Settings, job_id: int) -> JobRow:
    """A failed or cancelled job → queued again (resuming from its checkpoint). Commits, then enqueues."""
    job = get_job(session, job_id)
    moved = transition(
        session,
        job_id,
        JobState.QUEUED,
        expect=(JobState.FAILED, JobState.CANCELLED),
        cancel_requested=False,
        message="",
        finished_at=None,
        eta_seconds=None,
    )
    if not moved:
        session.rollback()
        session.refresh(job)
        raise UserError(msg.cannot_retry(job.state))
    session.commit()
    session.refresh(job)
    if not _enqueue(settings, job.id):
        job.message = msg.QUEUE_UNAVAILABLE
        session.commit()
    return job


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True


def _dead_here(worker: str) -> bool:
    """A worker of this machine whose process is gone (a server killed or
    restarted): its jobs need not wait for the heartbeat to go stale."""
    host, _, pid = worker.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


def recover_jobs(settings: Settings) -> list[int]:
    """At server or worker start, and then every RECOVER_SECONDS: enqueue
    again every queued job (the queue may have lost it), every running job
    whose worker died (stale heartbeat, or a process of this machine that is
    gone). Enqueueing a job twice is harmless: only one claim succeeds."""
    with session_scope(settings.database_url) as s:
        live = select(JobRow.id, JobRow.worker).where(JobRow.state == JobState.RUNNING, ~is_stale())
        for job_id, worker in s.execute(live).all():
            if worker and _dead_here(worker):
                transition(
                    s,
                    job_id,
                    JobState.QUEUED,
                    expect=JobState.RUNNING,
                    only_if=JobRow.worker == worker,
                    message=msg.RESUMING,
                )
        s.commit()
        ids = list(s.scalars(select(JobRow.id).where(takeable()).order_by(JobRow.id)))
    for job_id in ids:
        _enqueue(settings, job_id)
    return ids
