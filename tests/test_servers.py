"""The test servers of tests/servers.py and the Chromium of tests/browser.py really work."""
# ruff: noqa: F811 - the fixtures are imported by name, then requested as parameters

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
import sqlalchemy as sa
from browser import browser, page  # noqa: F401 - fixtures
from servers import fresh_postgres_url, fresh_redis_url, postgres_url, redis_url  # noqa: F401 - fixtures

PAGE_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thử</title></head>
<body>
<p id="status">Chưa bấm</p>
<button id="go" onclick="document.getElementById('status').textContent = 'Đã bấm ' + (6 * 7)">Bấm</button>
</body></html>
"""


def test_postgres_round_trip(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    assert postgres_url.endswith("/doithoai_test")
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text NOT NULL)"))
            conn.execute(
                sa.text("INSERT INTO notes (body) VALUES (:a), (:b)"), {"a": "Kiến nghị đường xá", "b": "Điện"}
            )
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT body FROM notes ORDER BY id")).scalars().all()
            server = conn.execute(sa.text("SELECT current_database(), version()")).one()
    finally:
        engine.dispose()
    assert rows[-2:] == ["Kiến nghị đường xá", "Điện"]
    assert server[0] == "doithoai_test"
    assert server[1].startswith("PostgreSQL ")


def test_fresh_postgres_databases_are_separate(postgres_url: str, fresh_postgres_url: str) -> None:
    assert fresh_postgres_url != postgres_url
    engine = sa.create_engine(fresh_postgres_url)
    try:
        with engine.begin() as conn:
            tables = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
            conn.execute(sa.text("CREATE TABLE only_here (x int)"))
    finally:
        engine.dispose()
    assert tables == 0
    main = sa.create_engine(postgres_url)
    try:
        with main.connect() as conn:
            assert sa.inspect(conn).has_table("only_here") is False
    finally:
        main.dispose()


def test_redis_set_get(fresh_redis_url: str) -> None:
    redis_url = fresh_redis_url  # emptied for this test: the counter starts at 1 on any rerun
    assert redis_url.startswith("redis://127.0.0.1:") and redis_url.endswith("/0")
    client = redis.Redis.from_url(redis_url)
    try:
        client.set("doithoai:thu", "Ủy ban nhân dân xã".encode())
        assert client.get("doithoai:thu").decode() == "Ủy ban nhân dân xã"
        assert client.incr("doithoai:dem") == 1
        assert client.incr("doithoai:dem") == 2
    finally:
        client.close()


def test_fresh_redis_is_empty(fresh_redis_url: str) -> None:
    client = redis.Redis.from_url(fresh_redis_url)
    try:
        assert client.dbsize() == 0
        client.set("k", "v")
        assert client.dbsize() == 1
    finally:
        client.close()


@pytest.fixture
def local_site() -> Iterator[str]:
    """PAGE_HTML served on a free port of 127.0.0.1 by a thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE_HTML.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_chromium_clicks_and_screenshots(page, local_site: str, tmp_path) -> None:
    page.goto(local_site)
    assert page.title() == "Thử"
    assert page.text_content("#status") == "Chưa bấm"
    page.click("#go")
    assert page.text_content("#status") == "Đã bấm 42"
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 1000


def test_chromium_is_debians(browser) -> None:
    # The executable really is /usr/bin/chromium: its version matches the Debian package's.
    pkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "chromium"], capture_output=True, text=True, check=True)
    assert pkg.stdout.split("-")[0] == browser.version
