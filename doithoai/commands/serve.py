"""`doithoai serve`: the web app for the office PC and the local network.

A composition root: it builds the app and, unless --no-worker, starts the
job consumer in this process with the transcription runner."""

from __future__ import annotations

import logging
import os

import click
import uvicorn

from doithoai.commands.options import DATA_OPTION
from doithoai.jobs.consumer import start_embedded_consumer
from doithoai.jobs.lifecycle import recover_jobs
from doithoai.messages import cli as help_msg
from doithoai.messages import security as security_msg
from doithoai.messages import web as msg
from doithoai.messages.admin import demo_open
from doithoai.services import accounts
from doithoai.services.demo import demo_for_cli
from doithoai.services.recognition import unload_models
from doithoai.services.transcription_jobs import run_transcription_job
from doithoai.settings import load_settings
from doithoai.store.db import session_scope
from doithoai.web.app import create_app


def proxy_options(forwarded: str) -> dict:
    """uvicorn's proxy settings: X-Forwarded-For/-Proto are believed only from
    the listed addresses (uvicorn trusts 127.0.0.1 by default, so anyone on
    the PC could pick the address the login back-off counts)."""
    allowed = ",".join(a.strip() for a in forwarded.split(",") if a.strip())
    return {"proxy_headers": bool(allowed), "forwarded_allow_ips": allowed or ""}


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help=help_msg.SERVE_HOST_HELP)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help=help_msg.SERVE_NO_WORKER_HELP)
@click.option("--workers", default=1, show_default=True, type=int, help=help_msg.SERVE_WORKERS_HELP)
@click.option("--processes", default=None, type=click.IntRange(1, 16), help=help_msg.SERVE_PROCESSES_HELP)
@click.option("--demo", is_flag=True, help=help_msg.SERVE_DEMO_HELP)
@click.option(
    "--forwarded-allow-ips",
    "forwarded",
    default="",
    envvar="DOITHOAI_FORWARDED_ALLOW_IPS",
    help=security_msg.FORWARDED_ALLOW_IPS_HELP,
)
@DATA_OPTION
def command(
    host: str,
    port: int,
    no_worker: bool,
    workers: int,
    processes: int | None,
    demo: bool,
    forwarded: str,
    data_dir: str | None,
) -> None:
    """Chạy trang web: thư ký, truyền thanh, cán bộ xử lý dùng qua trình duyệt."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("huey", "faster_whisper", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = load_settings(data_dir)
    if demo:
        for line in demo_for_cli(settings):
            click.echo(line)
        unload_models()  # loaded at normal priority for the demo; the worker reloads it at low priority
    app = create_app(settings)
    with session_scope(settings.database_url) as db:
        if accounts.count_users(db) == 0:
            click.echo(msg.NO_USERS_YET)
    consumer = None
    if not no_worker:
        consumer = start_embedded_consumer(settings, run_transcription_job, workers=workers)
        recover_jobs(settings)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(msg.serving(f"http://{shown}:{port}"))
    if demo:
        click.echo(demo_open(f"http://{shown}:{port}"))
    processes = processes or min(os.cpu_count() or 1, 4)
    proxy = proxy_options(forwarded)
    try:
        if processes == 1:
            uvicorn.run(app, host=host, port=port, log_level="warning", **proxy)
        else:
            # One Python process uses one core for pages (the GIL): more processes
            # serve more reviewers at once. They read the same settings from the
            # environment; the transcription worker stays in this process.
            os.environ["DOITHOAI_DATA"] = str(settings.data_dir)
            os.environ["DOITHOAI_SERVE_PID"] = str(os.getpid())
            os.environ["DATABASE_URL"] = settings.database_url
            if settings.redis_url:
                os.environ["REDIS_URL"] = settings.redis_url
            uvicorn.run(
                "doithoai.web.app:app_from_env",
                factory=True,
                host=host,
                port=port,
                workers=processes,
                log_level="warning",
                **proxy,
            )
    finally:
        if consumer is not None:
            consumer.stop()
