"""Taking jobs off the queue: a consumer inside the web server's process,
or `doithoai worker` on its own; both also recover the jobs of dead
workers while they run. The caller gives the runner (what a job does)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from huey.consumer import Consumer

from doithoai.jobs.lifecycle import RECOVER_SECONDS, recover_jobs
from doithoai.jobs.queue import Runner, queue_location, register_runner
from doithoai.settings import Settings

log = logging.getLogger(__name__)


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


def start_embedded_consumer(settings: Settings, runner: Runner, workers: int = 1) -> ConsumerHandle:
    """Run a consumer in background threads of this process (the web server)."""
    huey = register_runner(settings, runner)
    consumer = _EmbeddedConsumer(
        huey,
        workers=workers,
        worker_type="thread",
        periodic=False,
        initial_delay=0.1,
        max_delay=2.0,
        check_worker_health=False,
    )
    consumer.start()
    recoverer = Recoverer(settings)
    recoverer.start()
    return ConsumerHandle(consumer, recoverer)


def run_worker(settings: Settings, runner: Runner, workers: int = 1) -> None:
    """Run a consumer until SIGINT/SIGTERM (blocking; `doithoai worker`). Must run on the main thread."""
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("run_worker installs signal handlers: call it on the main thread")
    huey = register_runner(settings, runner)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False, max_delay=2.0)
    log.info("worker on %s, %d thread(s), SIGTERM stops", queue_location(settings), workers)
    recoverer = Recoverer(settings)
    recoverer.start()
    try:
        consumer.run()
    finally:
        recoverer.stopped.set()
