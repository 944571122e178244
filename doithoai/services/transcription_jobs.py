"""Transcription jobs on the service side: what a job does (transcribe the
recording, then import the transcript in the transaction that marks the job
done), the runner the composition root gives the queue, and the job's view
for the progress page and its JSON. The job lifecycle is doithoai/jobs/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from doithoai.jobs.execution import JobLost, JobOutput, run_job
from doithoai.jobs.states import FINISHED
from doithoai.messages import jobs as msg
from doithoai.services.recognition import transcribe_file
from doithoai.services.transcript_import import import_transcript
from doithoai.settings import Settings
from doithoai.store.convert import meeting_file
from doithoai.store.db import session_scope
from doithoai.store.tables import JobRow, JobState, MeetingRow, RecordingRow
from pipeline.errors import UserError


def transcribe_recording(settings: Settings, job_id: int, progress: Callable[[float, float], None]) -> JobOutput:
    """The work of a transcription job: its recording through transcribe_file
    (resuming from the checkpoint in the meeting's folder)."""
    with session_scope(settings.database_url) as s:
        job = s.get(JobRow, job_id)
        if job is None:
            raise JobLost()
        rec = s.get(RecordingRow, job.recording_id)
        meeting_row = s.get(MeetingRow, job.meeting_id)
        if rec is None or meeting_row is None:
            raise UserError(msg.RECORDING_NOT_FOUND)
        meeting_id, recording_id, rec_path, config = job.meeting_id, rec.id, rec.path, meeting_row.config
    result = transcribe_file(
        settings.data_dir / rec_path,
        out_dir=settings.meetings_dir / str(meeting_id),
        model=settings.model,
        meeting=meeting_file(config),
        speakers=settings.speakers,
        progress=progress,
    )
    return JobOutput(
        result.transcript.duration,
        lambda s: import_transcript(s, meeting_id, result.transcript, recording_id),
        note=f"resumed from {result.resumed_from:.1f} s",
    )


def run_transcription_job(settings: Settings, job_id: int) -> JobState | None:
    """The queue's runner: claim and run one transcription job; its final
    state, or None when another worker has it (or it is finished or gone)."""
    return run_job(settings, job_id, transcribe_recording)


def job_view(job: JobRow) -> dict[str, Any]:
    """What the progress page and its JSON show."""
    total = job.total_seconds or 0.0
    done = min(job.done_seconds or 0.0, total) if total else 0.0
    percent = 100.0 if job.state == JobState.DONE else (round(100.0 * done / total, 1) if total else 0.0)
    return {
        "id": job.id,
        "meeting_id": job.meeting_id,
        "state": job.state,
        "state_label": msg.STATE_LABELS.get(job.state, job.state),
        "finished": job.state in FINISHED,
        "percent": percent,
        "done": round(done, 1),
        "total": round(total, 1),
        "eta": None if job.eta_seconds is None or job.state != JobState.RUNNING else round(job.eta_seconds),
        "message": job.message or "",
        "cancel_requested": bool(job.cancel_requested),
        "attempts": job.attempts,
    }
