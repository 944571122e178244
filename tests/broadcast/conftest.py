"""The broadcast tests never reach Google: the default engine chain starts
with gtts, so every test runs behind a proxy on a closed port (gtts is then
offline at once and the chain moves on); the gtts tests set their own proxy,
the local stand-in (gtts_standin.py)."""

from __future__ import annotations

import pytest
from gtts_standin import closed_port


@pytest.fixture(autouse=True)
def _offline_gtts(monkeypatch):
    url = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, url)
