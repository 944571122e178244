"""Progress while a batch decodes: an estimate of how far it has got, from
the speed of the batches before (a batch of four 30 s chunks takes ~10 s on
2 cores; the end of each batch alone would leave a bar still that long)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import TypeVar

T = TypeVar("T")

TICK = 0.5  # seconds between progress estimates while a batch decodes


def expected_share(x: float) -> float:
    """Share of a batch shown as done when `x` of its expected time has
    passed: linear to 0.8, then slowing towards 1 without reaching it (a
    batch slower than expected keeps the bar moving, never past its end)."""
    return x if x <= 0.8 else 1.0 - 0.2 * math.exp(-(x - 0.8) / 0.2)


def wait_with_progress(
    future: Future[T],
    started: Callable[[], float | None],
    progress: Callable[[float], None] | None,
    before: float,
    done: float,
    expected_seconds: float,
) -> T:
    """The result of `future` (a batch decoding on a worker thread;
    CTranslate2 releases the GIL). Every `TICK` seconds until it is ready,
    `progress` is called on this thread with an estimate between `before`
    and `done` seconds of the recording, counted from when the batch
    `started()` (None while it still waits for a worker)."""
    if progress is None:
        return future.result()
    last = before
    while True:
        try:
            return future.result(timeout=TICK)
        except FuturesTimeout:
            t0 = started()
            if t0 is None:
                continue
            share = expected_share((time.monotonic() - t0) / max(expected_seconds, 1e-9))
            last = max(last, before + share * (done - before))
            progress(last)
