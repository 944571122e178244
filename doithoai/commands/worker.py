"""`doithoai worker`: run background transcription jobs in this process.

With REDIS_URL (and DATABASE_URL) set, it serves the shared queue from
another machine; without, it takes jobs from the SQLite queue in the data
folder (a second process on the office PC). A composition root: it gives
the queue the transcription runner."""

from __future__ import annotations

import logging

import click

from doithoai.jobs.consumer import run_worker
from doithoai.jobs.lifecycle import recover_jobs
from doithoai.jobs.queue import queue_location
from doithoai.messages import cli as cli_msg
from doithoai.messages import jobs as msg
from doithoai.services.transcription_jobs import run_transcription_job
from doithoai.settings import load_settings
from doithoai.store.db import migrate


@click.command("worker", help=msg.WORKER_HELP)
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None, help=cli_msg.DATA_HELP)
@click.option("--workers", "-w", type=click.IntRange(1, 16), default=1, show_default=True, help=msg.WORKERS_HELP)
def command(data_dir: str | None, workers: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load_settings(data_dir)
    settings.ensure_dirs()
    migrate(settings.database_url)
    recovered = recover_jobs(settings)
    click.echo(msg.worker_started(queue_location(settings), workers, len(recovered)), err=True)
    run_worker(settings, run_transcription_job, workers)
    click.echo(msg.WORKER_STOPPED, err=True)
