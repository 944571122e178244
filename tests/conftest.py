"""Shared fixtures: the real speech clips and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import io
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# tests/pipeline (no __init__.py) would otherwise shadow the real `pipeline`
# package as a namespace package once tests/ is on sys.path.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
SPEECH = DATA / "speech-vi"
# Tests that start Chromium, `doithoai serve`, PostgreSQL or Redis (tests/browser.py,
# tests/servers.py, liveserver.py) are `slow`: `scripts/test.sh --fast` leaves them out.
SERVER_FIXTURES = frozenset(
    {"browser", "page", "live_server", "postgres_url", "redis_url", "fresh_postgres_url", "fresh_redis_url"}
)


@pytest.fixture(autouse=True)
def _offline_gtts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The broadcast tests never reach Google: the default engine chain starts
    with gtts, so they run behind a proxy on a closed port (gtts is then
    offline at once and the chain moves on); the gtts tests set their own
    proxy, the local stand-in (tests/broadcast/gtts_standin.py). Here and not
    in tests/broadcast/conftest.py: a second `conftest` module would shadow
    the web tests' `from conftest import ...`."""
    if "broadcast" not in request.node.path.parts:
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, url)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@dataclass
class Clip:
    wav: Path
    text: str


@pytest.fixture(scope="session")
def clips() -> list[Clip]:
    """The four real Vietnamese clips with their reference transcripts."""
    return [Clip(w, w.with_suffix(".txt").read_text(encoding="utf-8").strip()) for w in sorted(SPEECH.glob("*.wav"))]


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli():
    """Run `doithoai ARGS…` in-process; returns exit code, stdout, stderr."""
    from doithoai.cli import main

    def run(*args: str | Path) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
