"""Progress of long work, in audio seconds: a bar for people, JSON lines for
the web app, or nothing.

A reporter is a callable `report(done, total)`; the ETA is estimated from
the speed since the reporter started (resumed audio does not count).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

from pipeline.messages import asr as msg

ProgressCallback = Callable[[float, float], None]
MODES = ("bar", "json", "none")


def _clock(seconds: float) -> str:
    seconds = max(int(round(seconds)), 0)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class _Eta:
    def __init__(self) -> None:
        self.t0: float | None = None
        self.first_done = 0.0

    def __call__(self, done: float, total: float) -> float | None:
        now = time.monotonic()
        if self.t0 is None:
            self.t0, self.first_done = now, done
            return None
        rate = (done - self.first_done) / max(now - self.t0, 1e-6)
        return (total - done) / rate if rate > 0 else None


class BarProgress:
    """`Đang gỡ băng  42% |████████░░░░░░░░░░░| 12:34/30:00 còn ~03:10`"""

    def __init__(self, stream: TextIO | None = None, label: str = msg.PROGRESS_LABEL, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.label, self.width = label, width
        self.eta = _Eta()
        self._last = -1.0

    def __call__(self, done: float, total: float) -> None:
        eta = self.eta(done, total)
        frac = min(done / total, 1.0) if total > 0 else 1.0
        now = time.monotonic()
        if frac < 1.0 and now - self._last < 0.2:
            return
        self._last = now
        fill = int(frac * self.width)
        bar = "█" * fill + "░" * (self.width - fill)
        tail = msg.progress_remaining(_clock(eta)) if eta is not None and frac < 1.0 else ""
        self.stream.write(f"\r{self.label} {frac * 100:3.0f}% |{bar}| {_clock(done)}/{_clock(total)}{tail}   ")
        if frac >= 1.0:
            self.stream.write("\n")
        self.stream.flush()


class JsonProgress:
    """One JSON object per line: {"done": s, "total": s, "eta": s | null}."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.eta = _Eta()

    def __call__(self, done: float, total: float) -> None:
        eta = self.eta(done, total)
        record = {"done": round(done, 2), "total": round(total, 2), "eta": None if eta is None else round(eta, 1)}
        self.stream.write(json.dumps(record) + "\n")
        self.stream.flush()


def silent(done: float, total: float) -> None:
    """The `none` reporter."""


def make_progress(mode: str | None, stream: TextIO | None = None) -> ProgressCallback:
    """`bar`, `json`, `none`, or None for: a bar on a terminal, else silent."""
    stream = stream or sys.stderr
    if mode is None:
        mode = "bar" if getattr(stream, "isatty", lambda: False)() else "none"
    if mode == "bar":
        return BarProgress(stream)
    if mode == "json":
        return JsonProgress(stream)
    return silent
