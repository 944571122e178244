"""A small in-process cache of rendered page parts and computed page data,
keyed by a version read from the database on every request (row counts and
the newest `updated_at`), so a change by any user or process shows at once
and nothing is ever served stale.

Fifty reviewers on one meeting all see the same item list; rendering it once
per change instead of once per request is what keeps the review page fast on
a two-core office PC while a transcription runs (bench/web.py). Per-user bits
(the CSRF token) are filled into the cached HTML on the way out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from markupsafe import Markup

T = TypeVar("T")
CSRF_SLOT = "@@doithoai-csrf@@"  # stands for the session's token in cached HTML


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


CACHE = Cache()


def fill(html: str, csrf: str) -> Markup:
    """Cached HTML with this session's CSRF token in its forms."""
    return Markup(html.replace(CSRF_SLOT, csrf))
