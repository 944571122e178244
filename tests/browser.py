"""Debian's Chromium driven by Playwright (sync API), no browser download.

Importable from tests as `import browser`. `chromium_browser()` is a context
manager yielding a playwright `Browser`; the pytest fixtures `browser` (one
Chromium per session) and `page` (a fresh context and page per test) are built
on it. Chromium comes from the `chromium` Debian package (scripts/setup.sh
--test); when it is missing the fixtures fail, they never skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class BrowserError(RuntimeError):
    """Chromium or playwright is missing."""


@contextlib.contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Launch /usr/bin/chromium headless with a throw-away profile; yield the Browser."""
    if not CHROMIUM.is_file():
        raise BrowserError(f"{CHROMIUM} not found: run `scripts/setup.sh --test` (as root) to install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserError("Python package playwright missing: run `scripts/setup.sh --test`") from None
    # Playwright gives a non-persistent launch its own temp profile; this one
    # also holds Chromium's crash dumps and caches so nothing lands in $HOME.
    scratch = Path(tempfile.mkdtemp(prefix="doithoai-chromium-"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=[
                    *CHROMIUM_ARGS,
                    f"--crash-dumps-dir={scratch / 'crash'}",
                    f"--disk-cache-dir={scratch / 'cache'}",
                ],
                env={
                    **os.environ,
                    "HOME": str(scratch),
                    "XDG_CONFIG_HOME": str(scratch / "config"),
                    "XDG_CACHE_HOME": str(scratch / "cache"),
                },
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium shared by the tests of one module.

    Not per session: while Playwright's sync API is alive, the main thread
    counts as running an event loop, so `asyncio.run()` fails there.
    """
    cm = chromium_browser()
    try:
        b = cm.__enter__()
    except BrowserError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield b
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a new browser context (own cookies and storage), closed after the test."""
    context = browser.new_context(locale="vi-VN")
    try:
        yield context.new_page()
    finally:
        context.close()
