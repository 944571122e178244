"""Running one job in a worker: claim it, keep its heartbeat fresh, report
progress, and end it done, failed or cancelled.

What the job does is the `work` function the caller passes (for a
transcription, doithoai/services/transcription_jobs.py): this module never
imports services. A worker takes a job with one atomic UPDATE (the claim).
While it runs, a heartbeat thread and the progress callback keep
`heartbeat_at` fresh; a job whose heartbeat is older than STALE_SECONDS
belongs to a dead worker and may be claimed again, and it resumes from the
checkpoint the work keeps in the meeting's folder.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from doithoai.jobs.states import ours, takeable, touch, transition
from doithoai.messages import jobs as msg
from doithoai.settings import Settings
from doithoai.store.db import session_scope
from doithoai.store.tables import JobRow, JobState, utcnow
from minutes.errors import MinutesError
from pipeline.errors import UserError

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 20  # well under STALE_SECONDS: one ASR window can take longer than a callback gap
PROGRESS_INTERVAL = 1.0  # seconds between progress writes

ProgressListener = Callable[[int, float, float], None]
_listeners: list[ProgressListener] = []


class JobCancelled(Exception):
    """Raised inside the progress callback when someone asked to cancel."""


class JobLost(Exception):
    """The job is no longer ours (deleted, or claimed again by another worker)."""


@dataclass
class JobOutput:
    """What a job's work produced: `save` writes it in the transaction that
    marks the job done (so a job taken over meanwhile saves nothing)."""

    seconds: float  # the length of what was processed: done = total
    save: Callable[[Session], object]
    note: str = ""  # for the log line, e.g. "resumed from 40.0 s"


Work = Callable[[Settings, int, Callable[[float, float], None]], JobOutput]  # (settings, job_id, progress)


def add_progress_listener(fn: ProgressListener) -> None:
    """Call `fn(job_id, done_seconds, total_seconds)` on every progress report
    of jobs run in this process (before the cancel check)."""
    _listeners.append(fn)


def remove_progress_listener(fn: ProgressListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(settings: Settings, job_id: int) -> int | None:
    """Take the job if it is queued or its worker died; the attempt number, or None."""
    now = utcnow()
    with session_scope(settings.database_url) as s:
        if not transition(
            s,
            job_id,
            JobState.RUNNING,
            expect=(JobState.QUEUED, JobState.RUNNING),
            only_if=takeable(),
            started_at=now,
            heartbeat_at=now,
            attempts=JobRow.attempts + 1,
            worker=worker_name(),
            message="",
            finished_at=None,
            eta_seconds=None,
        ):
            return None
        return s.scalar(select(JobRow.attempts).where(JobRow.id == job_id))


def finish(session: Session, job_id: int, attempt: int, to: JobState, message: str, **values: object) -> bool:
    """End our running attempt in state `to`; False when the job is no longer ours."""
    return transition(
        session,
        job_id,
        to,
        expect=JobState.RUNNING,
        only_if=ours(job_id, attempt),
        message=message,
        finished_at=utcnow(),
        eta_seconds=None,
        cancel_requested=False,
        **values,
    )


class _Heartbeat(threading.Thread):
    """Keeps heartbeat_at fresh while one long ASR window gives no progress report."""

    def __init__(self, settings: Settings, job_id: int, attempt: int) -> None:
        super().__init__(name=f"heartbeat-job-{job_id}", daemon=True)
        self.settings, self.job_id, self.attempt = settings, job_id, attempt
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            try:
                with session_scope(self.settings.database_url) as s:
                    touch(s, self.job_id, self.attempt, heartbeat_at=utcnow())
            except Exception:
                log.exception("heartbeat of job %s failed", self.job_id)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


class Progress:
    """The work's progress callback: listeners, cancel check on every call,
    progress + heartbeat written at most once per PROGRESS_INTERVAL (and at
    the end)."""

    def __init__(self, settings: Settings, job_id: int, attempt: int) -> None:
        self.settings, self.job_id, self.attempt = settings, job_id, attempt
        self.first: tuple[float, float] | None = None  # (done, monotonic time) of the first report
        self.last_write = float("-inf")
        self.high = 0.0  # the page's bar never goes back: diarization reports again from 0 after the ASR

    def eta(self, done: float, total: float, now: float) -> float | None:
        if self.first is None or done <= self.first[0]:
            return None
        rate = (done - self.first[0]) / max(now - self.first[1], 1e-6)
        return max(total - done, 0.0) / rate

    def __call__(self, done: float, total: float) -> None:
        for fn in _listeners:
            fn(self.job_id, done, total)
        now = time.monotonic()
        if self.first is None:
            self.first = (done, now)
        later_stage = done < self.high
        self.high = done = max(done, self.high)
        with session_scope(self.settings.database_url) as s:
            row = s.execute(
                select(JobRow.state, JobRow.attempts, JobRow.cancel_requested).where(JobRow.id == self.job_id)
            ).one_or_none()
            if row is None or row.state != JobState.RUNNING or row.attempts != self.attempt:
                raise JobLost()
            if row.cancel_requested:
                raise JobCancelled()
            if now - self.last_write >= PROGRESS_INTERVAL or done >= total:
                touch(
                    s,
                    self.job_id,
                    self.attempt,
                    done_seconds=done,
                    total_seconds=total,
                    heartbeat_at=utcnow(),
                    eta_seconds=None if later_stage else self.eta(done, total, now),
                )
                self.last_write = now


def run_job(settings: Settings, job_id: int, work: Work) -> JobState | None:
    """Claim and run one job with `work`; its final state, or None when
    another worker has it (or it is finished, cancelled or gone)."""
    attempt = claim(settings, job_id)
    if attempt is None:
        log.info("job %s not claimed (taken or finished)", job_id)
        return None
    heartbeat = _Heartbeat(settings, job_id, attempt)
    heartbeat.start()
    try:
        return _execute(settings, job_id, attempt, work)
    finally:
        heartbeat.stop()


def _end(settings: Settings, job_id: int, attempt: int, to: JobState, message: str) -> JobState:
    with session_scope(settings.database_url) as s:
        finish(s, job_id, attempt, to, message)
    return to


def _execute(settings: Settings, job_id: int, attempt: int, work: Work) -> JobState | None:
    try:
        with session_scope(settings.database_url) as s:
            requested = s.scalar(select(JobRow.cancel_requested).where(JobRow.id == job_id))
        if requested is None:
            raise JobLost()
        if requested:
            raise JobCancelled()
        output = work(settings, job_id, Progress(settings, job_id, attempt))
        with session_scope(settings.database_url) as s:
            # The state change first: it takes the write lock and proves the job is still ours.
            if not finish(
                s, job_id, attempt, JobState.DONE, "", done_seconds=output.seconds, total_seconds=output.seconds
            ):
                raise JobLost()
            output.save(s)
        log.info("job %s done%s", job_id, f" ({output.note})" if output.note else "")
        return JobState.DONE
    except JobCancelled:
        return _end(settings, job_id, attempt, JobState.CANCELLED, msg.CANCELLED)
    except JobLost:
        log.warning("job %s was taken over or deleted; this run stops", job_id)
        return None
    except (UserError, MinutesError) as exc:
        return _end(settings, job_id, attempt, JobState.FAILED, str(exc))
    except Exception as exc:
        log.exception("job %s failed", job_id)
        return _end(settings, job_id, attempt, JobState.FAILED, msg.unexpected_error(exc))
