"""A small in-process cache of computed page data and rendered page parts,
keyed by a version read from the database on every request (row counts and
the newest `updated_at`), so a change by any user or process shows at once
and nothing is ever served stale.

Fifty reviewers on one meeting all see the same item list; computing it once
per change instead of once per request is what keeps the pages fast on a
two-core office PC while a transcription runs (bench/web.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Cache:
    """A thread-safe LRU map; `get(key, make)` computes a missing value once."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]  # type: ignore[return-value]
        value = make()  # outside the lock: two threads may both compute it, harmless
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0


CACHE = Cache()
