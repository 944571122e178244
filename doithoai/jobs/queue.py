"""The Huey task queue: Redis when REDIS_URL is set (workers on other
machines), else a SQLite file in the data folder (the server and a local
`doithoai worker` share it). The same task code runs on both.

The queue carries job ids only; the JobRow is the truth (see
doithoai/jobs/states.py), so a lost or repeated message is harmless. The
queue does not know what a job does: the composition root (`doithoai serve`,
`doithoai worker`) gives it the runner with `register_runner`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from huey import Huey, RedisHuey, SqliteHuey

from doithoai.settings import Settings

QUEUE_NAME = "doithoai"
TASK_NAME = "transcribe"

Runner = Callable[[Settings, int], object]  # runs one job by id: (settings, job_id)

_HUEYS: dict[str, Huey] = {}
_LOCK = threading.Lock()


def queue_location(settings: Settings) -> str:
    return settings.redis_url or f"sqlite:{settings.queue_path}"


def get_huey(settings: Settings) -> Huey:
    """The Huey instance of this queue location, made once per process, with
    the "transcribe" task registered. The tasks run with the settings of the
    latest call (one process serves one data folder and database). Putting
    ids on the queue needs no runner; taking them off does (register_runner)."""
    key = queue_location(settings)
    with _LOCK:
        huey = _HUEYS.get(key)
        if huey is None:
            if settings.redis_url:
                huey = RedisHuey(QUEUE_NAME, url=settings.redis_url, results=False)
            else:
                settings.queue_path.parent.mkdir(parents=True, exist_ok=True)
                huey = SqliteHuey(QUEUE_NAME, filename=str(settings.queue_path), results=False)
            _register(huey)
            _HUEYS[key] = huey
        huey.doithoai_settings = settings  # what its tasks run with
    return huey


JOB_NICE = 10  # transcription yields the CPU to page requests on the same machine


def lower_thread_priority(nice: int = JOB_NICE) -> None:
    """Lower the priority of the calling thread only (on Linux the nice value
    is per thread, and threads it starts inherit it: the model's compute
    threads are created by the thread that loads it). A transcription then
    takes whatever CPU the web pages leave, and all of it when they are idle."""
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < nice:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
    except (OSError, AttributeError):  # not Linux, or not allowed: run at normal priority
        pass


def register_runner(settings: Settings, runner: Runner) -> Huey:
    """Make `runner(settings, job_id)` what the "transcribe" task of this
    queue runs in this process; the queue's Huey instance."""
    huey = get_huey(settings)
    huey.doithoai_runner = runner
    return huey


def _register(huey: Huey) -> None:
    @huey.task(name=TASK_NAME)
    def transcribe(job_id: int) -> None:
        runner: Runner | None = getattr(huey, "doithoai_runner", None)
        if runner is None:  # a consumer started without one; the row stays queued and recover_jobs resends it
            raise RuntimeError("no job runner registered: see doithoai.jobs.queue.register_runner")
        lower_thread_priority()
        runner(huey.doithoai_settings, int(job_id))

    huey.transcribe_task = transcribe


def enqueue(settings: Settings, job_id: int) -> None:
    """Put a job id on the queue."""
    get_huey(settings).transcribe_task(job_id)
