"""`doithoai serve`: the web app for the office PC and the local network."""

from __future__ import annotations

import click

from doithoai.commands.users import DATA_OPTION
from doithoai.messages import web as msg
from doithoai.settings import load_settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; 0.0.0.0 để máy khác trong mạng nội bộ truy cập.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-worker", is_flag=True, help="Không chạy gỡ băng trong tiến trình này (đã có `doithoai worker`).")
@click.option("--workers", default=1, show_default=True, type=int, help="Số việc gỡ băng chạy cùng lúc.")
@click.option("--processes", default=None, type=click.IntRange(1, 16),
              help="Số tiến trình phục vụ trang web (mặc định: số nhân CPU, tối đa 4).")
@click.option("--demo", is_flag=True, help="Tạo dữ liệu mẫu và tài khoản dùng thử trước khi chạy (lần sau không tạo lại).")
@DATA_OPTION
def command(host: str, port: int, no_worker: bool, workers: int, processes: int | None, demo: bool,
            data_dir: str | None) -> None:
    """Chạy trang web: thư ký, truyền thanh, cán bộ xử lý dùng qua trình duyệt."""
    import logging
    import os

    import uvicorn

    from doithoai.services import accounts
    from doithoai.store.db import session_scope
    from doithoai.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("huey", "faster_whisper", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = load_settings(data_dir)
    if demo:
        from doithoai.services.demo import demo_for_cli

        for line in demo_for_cli(settings):
            click.echo(line)
        from doithoai.services.recognition import unload_models

        unload_models()  # loaded at normal priority for the demo; the worker reloads it at low priority
    app = create_app(settings)
    with session_scope(settings.database_url) as db:
        if accounts.count_users(db) == 0:
            click.echo(msg.NO_USERS_YET)
    consumer = None
    if not no_worker:
        from doithoai.jobs.queue import start_embedded_consumer
        from doithoai.services.jobs import recover_jobs

        consumer = start_embedded_consumer(settings, workers=workers)
        recover_jobs(settings)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(msg.serving(f"http://{shown}:{port}"))
    if demo:
        from doithoai.messages.admin import demo_open

        click.echo(demo_open(f"http://{shown}:{port}"))
    processes = processes or min(os.cpu_count() or 1, 4)
    try:
        if processes == 1:
            uvicorn.run(app, host=host, port=port, log_level="warning")
        else:
            # One Python process uses one core for pages (the GIL): more processes
            # serve more reviewers at once. They read the same settings from the
            # environment; the transcription worker stays in this process.
            os.environ["DOITHOAI_DATA"] = str(settings.data_dir)
            os.environ["DOITHOAI_SERVE_PID"] = str(os.getpid())
            os.environ["DATABASE_URL"] = settings.database_url
            if settings.redis_url:
                os.environ["REDIS_URL"] = settings.redis_url
            uvicorn.run("doithoai.web.app:app_from_env", factory=True, host=host, port=port,
                        workers=processes, log_level="warning")
    finally:
        if consumer is not None:
            consumer.stop()
