"""Transcription runs at a lower priority than the web pages on the same
machine: the worker thread (and the threads it starts) only."""

from __future__ import annotations

import os
import threading

from doithoai.jobs.queue import JOB_NICE, lower_thread_priority


def _nice_of(tid: int) -> int:
    return int(open(f"/proc/self/task/{tid}/stat").read().rsplit(")", 1)[1].split()[16])


def test_only_the_worker_thread_and_its_children_are_lowered():
    seen: dict[str, int] = {}

    def child() -> None:
        seen["child"] = _nice_of(threading.get_native_id())

    def worker() -> None:
        lower_thread_priority()
        seen["worker"] = _nice_of(threading.get_native_id())
        t = threading.Thread(target=child)
        t.start()
        t.join()

    base = os.getpriority(os.PRIO_PROCESS, 0)
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == {"worker": max(base, JOB_NICE), "child": max(base, JOB_NICE)}
    assert _nice_of(threading.get_native_id()) == base  # the caller (the web server's threads) unchanged
