"""The Huey task queue: Redis when REDIS_URL is set (workers on other
machines), else a SQLite file in the data folder (the server and a local
`doithoai worker` share it). The same task code runs on both.

The queue carries job ids only; the Job row is the truth (see
doithoai/services/jobs.py), so a lost or repeated message is harmless.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from doithoai.settings import Settings

log = logging.getLogger(__name__)

QUEUE_NAME = "doithoai"
TASK_NAME = "transcribe"

_HUEYS: dict[str, Huey] = {}
_LOCK = threading.Lock()


def queue_location(settings: Settings) -> str:
    return settings.redis_url or f"sqlite:{settings.queue_path}"


def get_huey(settings: Settings) -> Huey:
    """The Huey instance of this queue location, made once per process, with
    the "transcribe" task registered. The tasks run with the settings of the
    latest call (one process serves one data folder and database)."""
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
        huey.doithoai_settings = settings  # type: ignore[attr-defined]  # what its tasks run with
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


def _register(huey: Huey) -> None:
    @huey.task(name=TASK_NAME)
    def transcribe(job_id: int) -> None:
        from doithoai.services.jobs import run_job

        lower_thread_priority()
        run_job(huey.doithoai_settings, int(job_id))

    huey.transcribe_task = transcribe  # type: ignore[attr-defined]


def enqueue(settings: Settings, job_id: int) -> None:
    """Put a job id on the queue."""
    get_huey(settings).transcribe_task(job_id)  # type: ignore[attr-defined]


class _EmbeddedConsumer(Consumer):
    """A consumer started from any thread: the host process (uvicorn, a test)
    owns the signal handlers, and signal.signal() fails off the main thread."""

    def _set_signal_handlers(self) -> None:
        pass


class Recoverer(threading.Thread):
    """Every RECOVER_SECONDS, re-queue the jobs of workers that died while
    this process runs (a worker machine switched off, a killed process), so
    a job does not wait for the next restart."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(name="doithoai-recover", daemon=True)
        self.settings = settings
        self.stopped = threading.Event()

    def run(self) -> None:
        from doithoai.services.jobs import RECOVER_SECONDS, recover_jobs

        while not self.stopped.wait(RECOVER_SECONDS):
            try:
                recover_jobs(self.settings)
            except Exception:  # the database may be briefly unreachable; try again next time
                log.exception("job recovery failed")


@dataclass
class ConsumerHandle:
    consumer: Consumer
    recoverer: Recoverer | None = None

    def stop(self, timeout: float | None = 30.0) -> bool:
        """Stop taking tasks; wait up to `timeout` seconds for running ones.
        True when every worker thread has ended. A job still running when the
        process exits is recovered later (stale heartbeat) and resumes."""
        if self.recoverer is not None:
            self.recoverer.stopped.set()
        self.consumer.stop_flag.set()
        threads = [t for _, t in self.consumer.worker_threads] + [self.consumer.scheduler]
        for t in threads:
            t.join(timeout)
        return not any(t.is_alive() for t in threads)


def start_embedded_consumer(settings: Settings, workers: int = 1) -> ConsumerHandle:
    """Run a consumer in background threads of this process (the web server)."""
    huey = get_huey(settings)
    consumer = _EmbeddedConsumer(huey, workers=workers, worker_type="thread", periodic=False,
                                 initial_delay=0.1, max_delay=2.0, check_worker_health=False)
    consumer.start()
    recoverer = Recoverer(settings)
    recoverer.start()
    return ConsumerHandle(consumer, recoverer)


def run_worker(settings: Settings, workers: int = 1) -> None:
    """Run a consumer until SIGINT/SIGTERM (blocking; `doithoai worker`). Must run on the main thread."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("run_worker installs signal handlers: call it on the main thread")
    huey = get_huey(settings)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False, max_delay=2.0)
    log.info("worker on %s, %d thread(s), SIGTERM stops", queue_location(settings), workers)
    recoverer = Recoverer(settings)
    recoverer.start()
    try:
        consumer.run()
    finally:
        recoverer.stopped.set()
