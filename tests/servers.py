"""Real PostgreSQL and Redis servers for tests, on free ports of 127.0.0.1.

Importable from tests as `import servers` (like `audiobuild`). Context managers:

    with postgres_server() as url:  # postgresql+psycopg://postgres@127.0.0.1:PORT/doithoai_test
    with redis_server() as url:     # redis://127.0.0.1:PORT/0

and pytest fixtures built on them (import them into a conftest.py):
`postgres_url` / `redis_url` (one server per session) and `fresh_postgres_url`
/ `fresh_redis_url` (per test: an empty database of its own / a flushed db 0).
`DOITHOAI` is the `doithoai` command of the running interpreter's environment.

The binaries come from Debian's packages (scripts/setup.sh --test installs
them); when they are missing the fixtures fail, they never skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SETUP_HINT = "run `scripts/setup.sh --test` (as root) to install it"
READY_TIMEOUT = 60.0  # seconds; a deadline for start-up, not a test timing
START_ATTEMPTS = 3  # a free port can be taken between choosing and binding it
# The console script installed beside this interpreter: any virtualenv works,
# not only .venv/ (sys.executable is not resolved: a venv's python is a symlink).
DOITHOAI = Path(sys.executable).with_name("doithoai")


class ServerError(RuntimeError):
    """A test server is missing or could not be started."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _is_root() -> bool:
    return os.geteuid() == 0


def pg_bin_dir() -> Path:
    """The bin/ directory of the newest PostgreSQL installed under /usr/lib/postgresql."""
    found = [
        d for d in Path("/usr/lib/postgresql").glob("*/bin") if (d / "initdb").is_file() and (d / "pg_ctl").is_file()
    ]
    if not found:
        raise ServerError(f"PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: {SETUP_HINT}")
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else -1)


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse root: run them as the `postgres` system user then."""
    if not _is_root():
        return cmd
    if shutil.which("runuser") is None:
        raise ServerError(
            "`runuser` not found (package util-linux); needed to run PostgreSQL as user postgres when root"
        )
    return ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    # cwd=/ : user postgres may not be allowed into the caller's directory.
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd="/")
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise ServerError(
            f"{what} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}\n{tail}".rstrip()
        )


def _wait_pg_ready(bin_dir: Path, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        ready = subprocess.run(
            [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"],
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise ServerError(f"PostgreSQL on port {port} not ready after {READY_TIMEOUT:.0f} s")
        time.sleep(0.1)


@contextlib.contextmanager
def postgres_server(dbname: str = "doithoai_test") -> Iterator[str]:
    """Start a throw-away PostgreSQL cluster; yield a SQLAlchemy URL to `dbname` in it."""
    bin_dir = pg_bin_dir()
    if _is_root():
        try:
            import pwd

            pg_user = pwd.getpwnam("postgres")
        except KeyError:
            raise ServerError(f"running as root but there is no `postgres` system user: {SETUP_HINT}") from None
    root = Path(tempfile.mkdtemp(prefix="doithoai-pg-"))
    data, log = root / "data", root / "server.log"
    started = False
    try:
        if _is_root():
            os.chown(root, pg_user.pw_uid, pg_user.pw_gid)
        _run(
            _as_postgres(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            ),
            "initdb",
        )
        for attempt in range(START_ATTEMPTS):
            port = free_port()
            # Own socket directory: no clash with a system cluster in /var/run/postgresql.
            opts = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            try:
                _run(
                    _as_postgres(
                        [
                            str(bin_dir / "pg_ctl"),
                            "-D",
                            str(data),
                            "-l",
                            str(log),
                            "-o",
                            opts,
                            "-w",
                            "-t",
                            str(int(READY_TIMEOUT)),
                            "start",
                        ]
                    ),
                    "pg_ctl start",
                    log,
                )
                started = True
                break
            except ServerError:
                port_taken = log.exists() and "could not bind" in log.read_text(errors="replace")
                if attempt + 1 == START_ATTEMPTS or not port_taken:
                    raise
        _wait_pg_ready(bin_dir, port)
        _run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", dbname], "createdb")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{dbname}"
    finally:
        if started:
            stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            subprocess.run(_as_postgres(stop), check=False, capture_output=True, stdin=subprocess.DEVNULL, cwd="/")
        shutil.rmtree(root, ignore_errors=True)


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Start a throw-away Redis without persistence; yield `redis://127.0.0.1:PORT/0`."""
    exe = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").is_file() else None)
    if exe is None:
        raise ServerError(f"redis-server not found: {SETUP_HINT}")
    root = Path(tempfile.mkdtemp(prefix="doithoai-redis-"))
    log = root / "server.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        for attempt in range(START_ATTEMPTS):
            port = free_port()
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [
                        exe,
                        "--port",
                        str(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        str(root),
                        "--daemonize",
                        "no",
                        "--logfile",
                        "",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            deadline = time.monotonic() + READY_TIMEOUT
            while proc.poll() is None and not _redis_ping(port):
                if time.monotonic() > deadline:
                    raise ServerError(f"redis-server on port {port} not ready after {READY_TIMEOUT:.0f} s")
                time.sleep(0.05)
            if proc.poll() is None:
                break
            text = log.read_text(errors="replace")
            if attempt + 1 == START_ATTEMPTS or "Address already in use" not in text:
                raise ServerError(f"redis-server exited with code {proc.returncode}:\n{text[-2000:]}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(root, ignore_errors=True)


def _started(cm: contextlib.AbstractContextManager[str]) -> Iterator[str]:
    """Enter a server context inside a fixture; a missing server fails the test, never skips it."""
    try:
        url = cm.__enter__()
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield url
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of database `doithoai_test` on a PostgreSQL server shared by the session."""
    yield from _started(postgres_server())


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of db 0 on a Redis server shared by the session."""
    yield from _started(redis_server())


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """URL of a new, empty database on the session's server, dropped after the test."""
    import psycopg

    server = postgres_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_redis_url(redis_url: str) -> Iterator[str]:
    """The session's Redis URL with db 0 emptied before the test."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.flushdb()
    finally:
        client.close()
    yield redis_url
