"""Background transcription jobs: the service layer shared by the web app,
`doithoai worker` and the Huey task (doithoai/jobs/queue.py).

A JobRow row is the truth; the queue only carries job ids. A worker takes a job
with one atomic UPDATE (the claim), so a job enqueued twice, or by
`recover_jobs` after a restart, still runs once. While it runs, a heartbeat
thread and the progress callback keep `heartbeat_at` fresh; a job whose
heartbeat is older than STALE_SECONDS belongs to a dead worker and may be
claimed again, and it resumes from the checkpoint transcribe_file keeps in
the meeting's folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from minutes.errors import MinutesError
from minutes.items import Item as ExtractedItem
from minutes.meeting import Meeting as MeetingFile
from pipeline.errors import UserError
from doithoai.messages import jobs as msg
from doithoai.settings import Settings
from doithoai.store.db import session_scope
from doithoai.store.tables import (
    ItemRow,
    JobRow,
    MeetingRow,
    RecordingRow,
    SegmentRow,
    SpeakerRow,
    utcnow,
)
from pipeline.transcript import Transcript

log = logging.getLogger(__name__)

STALE_SECONDS = 90  # a running job without a heartbeat for this long has lost its worker
HEARTBEAT_SECONDS = 20  # well under STALE_SECONDS: one ASR window can take longer than a callback gap
PROGRESS_INTERVAL = 1.0  # seconds between progress writes
RECOVER_SECONDS = 30.0  # how often a running server or worker looks for jobs of dead workers
FINISHED_STATES = ("done", "failed", "cancelled")

ProgressListener = Callable[[int, float, float], None]
_listeners: list[ProgressListener] = []


class JobCancelled(Exception):
    """Raised inside the progress callback when someone asked to cancel."""


class JobLost(Exception):
    """The job is no longer ours (deleted, or claimed again by another worker)."""


def add_progress_listener(fn: ProgressListener) -> None:
    """Call `fn(job_id, done_seconds, total_seconds)` on every progress report
    of jobs run in this process (before the cancel check)."""
    _listeners.append(fn)


def remove_progress_listener(fn: ProgressListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _stale_before() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=STALE_SECONDS)


def _is_stale():
    return or_(JobRow.heartbeat_at.is_(None), JobRow.heartbeat_at < _stale_before())


def _enqueue(settings: Settings, job_id: int) -> bool:
    from doithoai.jobs.queue import enqueue

    try:
        enqueue(settings, job_id)
        return True
    except Exception:  # the row stays queued; recover_jobs sends it again at the next start
        log.exception("could not enqueue job %s", job_id)
        return False


def _get_job(session: Session, job_id: int) -> JobRow:
    job = session.get(JobRow, job_id)
    if job is None:
        raise UserError(msg.JOB_NOT_FOUND)
    return job


def enqueue_transcription(session: Session, settings: Settings, meeting_id: int, recording_id: int,
                          user_id: int | None) -> JobRow:
    """Create a queued JobRow for the recording, commit the session, then put
    the job's id on the queue (a worker must never see an uncommitted id)."""
    rec = session.get(RecordingRow, recording_id)
    if rec is None or rec.meeting_id != meeting_id:
        raise UserError(msg.RECORDING_NOT_FOUND)
    job = JobRow(meeting_id=meeting_id, recording_id=recording_id, kind="transcribe", state="queued",
              created_by=user_id)
    session.add(job)
    session.commit()
    if not _enqueue(settings, job.id):
        job.message = msg.QUEUE_UNAVAILABLE
        session.commit()
    return job


def cancel_job(session: Session, job_id: int) -> JobRow:
    """Queued (or running with a dead worker) → cancelled at once; running →
    cancel_requested, the worker stops at its next progress report. Commits."""
    job = _get_job(session, job_id)
    now = utcnow()
    gone = session.execute(
        update(JobRow).where(JobRow.id == job_id, or_(JobRow.state == "queued", and_(JobRow.state == "running", _is_stale())))
        .values(state="cancelled", message=msg.CANCELLED, finished_at=now, eta_seconds=None, cancel_requested=False)
        .execution_options(synchronize_session=False))
    if gone.rowcount != 1:
        asked = session.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.state == "running")
            .values(cancel_requested=True, message=msg.CANCEL_REQUESTED).execution_options(synchronize_session=False))
        if asked.rowcount != 1:
            session.rollback()
            session.refresh(job)
            raise UserError(msg.cannot_cancel(job.state))
    session.commit()
    session.refresh(job)
    return job


def retry_job(session: Session, settings: Settings, job_id: int) -> JobRow:
    """A failed or cancelled job → queued again (resuming from its checkpoint). Commits, then enqueues."""
    job = _get_job(session, job_id)
    res = session.execute(
        update(JobRow).where(JobRow.id == job_id, JobRow.state.in_(("failed", "cancelled")))
        .values(state="queued", cancel_requested=False, message="", finished_at=None, eta_seconds=None)
        .execution_options(synchronize_session=False))
    if res.rowcount != 1:
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
        for job_id, worker in s.execute(select(JobRow.id, JobRow.worker).where(JobRow.state == "running", ~_is_stale())).all():
            if worker and _dead_here(worker):
                s.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state == "running", JobRow.worker == worker)
                          .values(state="queued", message=msg.RESUMING).execution_options(synchronize_session=False))
        s.commit()
        ids = list(s.scalars(select(JobRow.id).where(
            or_(JobRow.state == "queued", and_(JobRow.state == "running", _is_stale()))).order_by(JobRow.id)))
    for job_id in ids:
        _enqueue(settings, job_id)
    return ids


def job_view(job: JobRow) -> dict[str, Any]:
    """What the progress page and its JSON show."""
    total = job.total_seconds or 0.0
    done = min(job.done_seconds or 0.0, total) if total else 0.0
    percent = 100.0 if job.state == "done" else (round(100.0 * done / total, 1) if total else 0.0)
    return {
        "id": job.id,
        "meeting_id": job.meeting_id,
        "state": job.state,
        "state_label": msg.STATE_LABELS.get(job.state, job.state),
        "finished": job.state in FINISHED_STATES,
        "percent": percent,
        "done": round(done, 1),
        "total": round(total, 1),
        "eta": None if job.eta_seconds is None or job.state != "running" else round(job.eta_seconds),
        "message": job.message or "",
        "cancel_requested": bool(job.cancel_requested),
        "attempts": job.attempts,
    }


def parse_meeting(config: str) -> MeetingFile:
    """Meeting.config (TOML text of a meeting file) → minutes MeetingRow; bad text is a UserError."""
    from doithoai.services.meetings import meeting_file

    try:
        return meeting_file(config)
    except UserError as exc:
        raise UserError(msg.bad_meeting_config(exc)) from None


@dataclass
class ImportResult:
    segments: int
    speakers: int
    items: int  # auto-extracted items inserted
    kept_items: int  # reviewed or hand-added items kept
    notes: list[str] = field(default_factory=list)


_ITEM_FIELDS = ("kind", "text", "summary", "topic", "unit", "asker", "hamlet", "start", "end", "answered", "answer",
                "answer_start", "answer_end", "outside_content", "confidence", "evidence", "status", "deadline")


def import_transcript(session: Session, meeting_id: int, transcript: Transcript) -> ImportResult:
    """Replace the meeting's segments, speakers and auto-extracted items with
    those of `transcript`. Items people reviewed or added stay; a new item
    over the same stretch as one of them (or with its key) is dropped. Does
    not commit: the caller's transaction makes it all-or-nothing."""
    from doithoai.services.documents import drop_duplicates_of_reviewed
    from doithoai.services.items import extract_items

    row = session.get(MeetingRow, meeting_id)
    if row is None:
        raise UserError(msg.MEETING_NOT_FOUND)
    meeting = parse_meeting(row.config)

    session.execute(delete(SegmentRow).where(SegmentRow.meeting_id == meeting_id))
    labels: list[str] = []
    for idx, seg in enumerate(transcript.segments):
        text = seg.text.strip()
        speaker = seg.speaker or next((w.speaker for w in seg.words if w.speaker), None)
        if speaker and speaker not in labels:
            labels.append(speaker)
        session.add(SegmentRow(meeting_id=meeting_id, idx=idx, start=seg.start, end=seg.end, speaker=speaker,
                            text=text, asr_text=text, words=[asdict(w) for w in seg.words]))
    labels += [label for label in transcript.speakers if label not in labels]

    session.execute(delete(SpeakerRow).where(SpeakerRow.meeting_id == meeting_id))
    for label in labels:
        name = meeting.speakers.get(label) or transcript.speakers.get(label) or ""
        session.add(SpeakerRow(meeting_id=meeting_id, label=label, name=name))

    session.execute(delete(ItemRow).where(ItemRow.meeting_id == meeting_id, ItemRow.review == "auto"))
    kept_rows = list(session.scalars(select(ItemRow).where(ItemRow.meeting_id == meeting_id)))
    kept = [ExtractedItem(id=r.key, kind=r.kind, text=r.text, start=r.start, end=r.end, reviewed=True)
            for r in kept_rows]
    kept_keys = {r.key for r in kept_rows}
    notes: list[str] = []
    auto = [i for i in extract_items(transcript, meeting) if i.id not in kept_keys]
    auto = drop_duplicates_of_reviewed(auto, kept, notes) if kept else auto
    for item in auto:
        session.add(ItemRow(meeting_id=meeting_id, key=item.id, review="auto",
                         **{name: getattr(item, name) for name in _ITEM_FIELDS}))
    session.flush()
    return ImportResult(len(transcript.segments), len(labels), len(auto), len(kept_rows), notes)


# --- running a job ---------------------------------------------------------------------------


def _claim(settings: Settings, job_id: int) -> int | None:
    """Take the job if it is queued or its worker died; the attempt number, or None."""
    now = utcnow()
    with session_scope(settings.database_url) as s:
        res = s.execute(
            update(JobRow).where(JobRow.id == job_id, or_(JobRow.state == "queued", and_(JobRow.state == "running", _is_stale())))
            .values(state="running", started_at=now, heartbeat_at=now, attempts=JobRow.attempts + 1,
                    worker=worker_name(), message="", finished_at=None, eta_seconds=None)
            .execution_options(synchronize_session=False))
        if res.rowcount != 1:
            return None
        return s.scalar(select(JobRow.attempts).where(JobRow.id == job_id))


def _ours(job_id: int, attempt: int):
    return and_(JobRow.id == job_id, JobRow.state == "running", JobRow.attempts == attempt)


def _finish(settings: Settings, job_id: int, attempt: int, state: str, message: str) -> bool:
    with session_scope(settings.database_url) as s:
        res = s.execute(update(JobRow).where(_ours(job_id, attempt)).values(
            state=state, message=message, finished_at=utcnow(), eta_seconds=None, cancel_requested=False)
            .execution_options(synchronize_session=False))
        return res.rowcount == 1


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
                    s.execute(update(JobRow).where(_ours(self.job_id, self.attempt)).values(heartbeat_at=utcnow())
                              .execution_options(synchronize_session=False))
            except Exception:
                log.exception("heartbeat of job %s failed", self.job_id)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


class _Progress:
    """transcribe_file's progress callback: listeners, cancel check on every
    call, progress + heartbeat written at most once per PROGRESS_INTERVAL
    (and at the end)."""

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
            row = s.execute(select(JobRow.state, JobRow.attempts, JobRow.cancel_requested).where(JobRow.id == self.job_id)).one_or_none()
            if row is None or row.state != "running" or row.attempts != self.attempt:
                raise JobLost()
            if row.cancel_requested:
                raise JobCancelled()
            if now - self.last_write >= PROGRESS_INTERVAL or done >= total:
                s.execute(update(JobRow).where(_ours(self.job_id, self.attempt)).values(
                    done_seconds=done, total_seconds=total, heartbeat_at=utcnow(),
                    eta_seconds=None if later_stage else self.eta(done, total, now))
                    .execution_options(synchronize_session=False))
                self.last_write = now


def run_job(settings: Settings, job_id: int) -> str | None:
    """Claim and run one transcription job; its final state, or None when
    another worker has it (or it is finished, cancelled or gone)."""
    attempt = _claim(settings, job_id)
    if attempt is None:
        log.info("job %s not claimed (taken or finished)", job_id)
        return None
    heartbeat = _Heartbeat(settings, job_id, attempt)
    heartbeat.start()
    try:
        return _execute(settings, job_id, attempt)
    finally:
        heartbeat.stop()


def _execute(settings: Settings, job_id: int, attempt: int) -> str | None:
    from doithoai.services.recognition import transcribe_file

    try:
        with session_scope(settings.database_url) as s:
            job = s.get(JobRow, job_id)
            if job is None:
                raise JobLost()
            if job.cancel_requested:
                raise JobCancelled()
            rec = s.get(RecordingRow, job.recording_id)
            meeting_row = s.get(MeetingRow, job.meeting_id)
            if rec is None or meeting_row is None:
                raise UserError(msg.RECORDING_NOT_FOUND)
            meeting_id, rec_path, config = job.meeting_id, rec.path, meeting_row.config
        result = transcribe_file(
            settings.data_dir / rec_path, out_dir=settings.meetings_dir / str(meeting_id), model=settings.model,
            meeting=parse_meeting(config), speakers=settings.speakers,
            progress=_Progress(settings, job_id, attempt))
        with session_scope(settings.database_url) as s:
            # The state change first: it takes the write lock and proves the job is still ours.
            res = s.execute(update(JobRow).where(_ours(job_id, attempt)).values(
                state="done", message="", finished_at=utcnow(), eta_seconds=None, cancel_requested=False,
                done_seconds=result.transcript.duration, total_seconds=result.transcript.duration)
                .execution_options(synchronize_session=False))
            if res.rowcount != 1:
                raise JobLost()
            import_transcript(s, meeting_id, result.transcript)
        log.info("job %s done (resumed from %.1f s)", job_id, result.resumed_from)
        return "done"
    except JobCancelled:
        _finish(settings, job_id, attempt, "cancelled", msg.CANCELLED)
        return "cancelled"
    except JobLost:
        log.warning("job %s was taken over or deleted; this run stops", job_id)
        return None
    except (UserError, MinutesError) as exc:
        _finish(settings, job_id, attempt, "failed", str(exc))
        return "failed"
    except Exception as exc:
        log.exception("job %s failed", job_id)
        _finish(settings, job_id, attempt, "failed", msg.unexpected_error(exc))
        return "failed"
