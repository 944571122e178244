"""Where Whisper runs: the device and compute type, and the CPU cores to use."""

from __future__ import annotations

import os

from pipeline.errors import UserError
from pipeline.messages import asr as msg

DEVICES = ("auto", "cpu", "cuda")


def pick_device(device: str = "auto") -> tuple[str, str]:
    """(device, compute_type): float16 on a CUDA GPU, int8 on CPU."""
    if device not in DEVICES:
        raise UserError(msg.unknown_device(device))
    if device == "auto":
        try:
            import ctranslate2  # lazy: the CUDA probe loads the CTranslate2 runtime (~0.3 s)

            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        except Exception:  # no CUDA runtime at all
            device = "cpu"
    return device, ("float16" if device == "cuda" else "int8")


def cpu_cores() -> int:
    """Cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# Independent decoders beat threads inside one: on 2 cores one decoder with
# 2 threads took 16.7 CPU s for what one thread did in 12.4 s, in about the
# same wall time (each decoding step is too small to share well). More than
# 4 decoders has not been measured.
MAX_DECODERS = 4


def decoder_layout(device: str, threads: int) -> tuple[int, int]:
    """(decoders run at once, threads each): one single-thread decoder per
    CPU thread up to MAX_DECODERS; beyond that the threads are shared out
    evenly, never more threads than cores (6 → 3 × 2, 8 → 4 × 2). On a GPU
    one decoder (threads 0: CTranslate2's default)."""
    if device != "cpu":
        return 1, 0
    threads = max(1, threads)
    each = -(-threads // MAX_DECODERS)  # ceiling
    return threads // each, each
