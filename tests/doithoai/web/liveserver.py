"""The real `doithoai serve` in a subprocess for the browser tests.

`LiveServer` creates the accounts with `doithoai users add` first, then
starts `doithoai serve --data DIR --port FREE` (embedded worker on, no
DATABASE_URL/REDIS_URL: the defaults a new user gets), waits for the port
and stops it with SIGTERM. `live_server_fixture(users)` builds a pytest
fixture (module scope) from it; the server's log is printed when a test of
the module fails so a broken page can be diagnosed from the test output.

`shot()` saves screenshots under tests/out/screenshots/ (ignored by git);
scripts/screenshots.sh sets DOITHOAI_SCREENSHOTS=docs/img/web to regenerate
the user guide's images.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import DOITHOAI, free_port

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "mat-khau-trinh-duyet"
OFFICER_UNIT = "Địa chính – Nông nghiệp – Xây dựng và Môi trường"
# Relative paths in DOITHOAI_SCREENSHOTS are taken from the repository root.
SCREENSHOTS = ROOT / os.environ.get("DOITHOAI_SCREENSHOTS", "tests/out/screenshots")
# (user name, role, unit)
USERS = (
    ("quantri", "admin", ""),
    ("thuky", "thu_ky", ""),
    ("truyenthanh", "truyen_thanh", ""),
    ("canbo", "can_bo", OFFICER_UNIT),
    ("canbo-ca", "can_bo", "Công an xã"),
)


# The CSRF token every page carries in <meta name="csrf-token">.
CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DOITHOAI_DATA")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


class LiveServer:
    """`doithoai serve` on a free port over a fresh data folder."""

    def __init__(self, data_dir: Path, users=USERS) -> None:
        self.data_dir = data_dir
        self.users = users
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir.parent / "serve.log"
        self.proc: subprocess.Popen | None = None

    def add_users(self) -> None:
        for name, role, unit in self.users:
            cmd = [
                str(DOITHOAI),
                "users",
                "add",
                name,
                "--role",
                role,
                "--name",
                f"Người dùng {name}",
                "--password-stdin",
                "--data",
                str(self.data_dir),
            ]
            if unit:
                cmd += ["--unit", unit]
            r = subprocess.run(
                cmd, check=False, input=PASSWORD + "\n", capture_output=True, text=True, env=_env(), timeout=120
            )
            assert r.returncode == 0, f"users add {name}: {r.stdout}{r.stderr}"

    def start(self, timeout: float = 60) -> None:
        self.add_users()
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [str(DOITHOAI), "serve", "--data", str(self.data_dir), "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=_env(),
            cwd=ROOT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"doithoai serve exited with {self.proc.returncode}:\n{self.log()}")
            if self.listening():
                return
            time.sleep(0.2)  # polling the port, not timing a result
        self.stop()
        raise RuntimeError(f"doithoai serve did not open port {self.port}:\n{self.log()}")

    def listening(self) -> bool:
        """Something accepts connections on the server's port."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, request) -> Iterator[LiveServer]:
    """One server per test module; its log is printed if a test of the module failed."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "data")
    server.start()
    failed_before = request.session.testsfailed
    try:
        yield server
    finally:
        server.stop()
        if request.session.testsfailed > failed_before:
            # teardown output of a module fixture is not shown by pytest: write past the capture
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\n----- doithoai serve log ({server.log_path}) -----\n{server.log()}")


def login(page, server: LiveServer, username: str, password: str = PASSWORD) -> None:
    """Log in through the form like a person would."""
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as SCREENSHOTS/<name>.png (docs/img/web/ for the user
    guide when scripts/screenshots.sh runs); long pages (the review page) use
    full_page=False to keep the file small."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
