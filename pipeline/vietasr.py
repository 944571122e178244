"""Optional second ASR engine: viet-asr (PyPI `viet-asr`, extra `doithoai[vietasr]`).

viet-asr ships its Vietnamese model inside its native library (an ONNX model
of about 70 MB embedded in libvietasr.so; the library is built without HTTP,
so it never downloads anything). It gives plain lower-case text without
punctuation and without timestamps, so the caller supplies speech regions
(from VAD) and each region becomes one Segment with the region's start and
end. Word timings are not invented: `Segment.words` is left empty.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from pipeline import messages as msg
from pipeline.errors import ModelError
from pipeline.transcript import Segment

SAMPLE_RATE = 16000
ENGINE = "viet-asr"
INSTALL_HINT = msg.VIETASR_INSTALL_HINT
_LOG_WARN = 3  # viet-asr log levels: 2 = info (prints model loading), 3 = warnings and errors only
# Regions shorter than this carry no words worth the call (VAD blips, clicks).
MIN_REGION_SECONDS = 0.2
# viet-asr's accuracy drops on long inputs (measured on the clips joined: WER
# 0.06 at 25 s, 0.25 at 74 s), so longer regions are cut at their quietest
# moment between SPLIT_MIN and MAX_REGION seconds.
MAX_REGION_SECONDS = 25.0
SPLIT_MIN_SECONDS = 15.0

_engine: VietAsr | None = None


def available() -> bool:
    """True if viet-asr is installed (cheap: does not load the 70 MB library)."""
    return version() is not None and importlib.util.find_spec("vietasr") is not None


def version() -> str | None:
    """The installed viet-asr version, or None."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("viet-asr")
    except PackageNotFoundError:
        return None


class VietAsr:
    """One loaded viet-asr pipeline (load once, then transcribe many regions)."""

    def __init__(self) -> None:
        if not available():
            raise ModelError(msg.VIETASR_NOT_INSTALLED)
        try:
            from vietasr import Pipeline
            from vietasr.ffi import native
        except (ImportError, OSError) as exc:  # the native library failed to load
            raise ModelError(msg.vietasr_load_failed(exc)) from None
        native.lib.vietasr_set_log_level(_LOG_WARN)
        try:
            self._pipeline: Any = Pipeline.new().add("vietasr").build()
        except RuntimeError as exc:
            raise ModelError(msg.vietasr_start_failed(exc)) from None

    def transcribe(self, pcm: np.ndarray) -> str:
        """Text of one stretch of 16 kHz mono float32 audio."""
        pcm16 = (np.clip(pcm, -1.0, 1.0) * 32767.0).astype(np.int16)
        try:
            result = self._pipeline.transcribe(pcm16, sample_rate=float(SAMPLE_RATE))
        except RuntimeError as exc:
            raise ModelError(msg.vietasr_failed(exc)) from None
        return " ".join(str(result.text).split())

    def iter_regions(
        self, audio: np.ndarray, regions: Sequence[tuple[float, float]], first_id: int = 0
    ) -> Iterator[Segment]:
        """Transcribe each (start, end) region in seconds separately, yielding
        a Segment per region that has text, as each one finishes."""
        audio = _check_audio(audio)
        total = len(audio) / SAMPLE_RATE
        next_id = first_id
        for start, end in regions:
            start, end = max(float(start), 0.0), min(float(end), total)
            if end - start < MIN_REGION_SECONDS:
                continue
            for a, b in split_region(audio, start, end):
                text = self.transcribe(audio[a:b])
                if text:
                    yield Segment(id=next_id, start=round(a / SAMPLE_RATE, 3), end=round(b / SAMPLE_RATE, 3), text=text)
                    next_id += 1


def split_region(audio: np.ndarray, start: float, end: float) -> list[tuple[int, int]]:
    """Sample ranges covering [start, end), each at most MAX_REGION_SECONDS,
    cut at the quietest 100 ms between SPLIT_MIN and MAX_REGION seconds."""
    a, stop = round(start * SAMPLE_RATE), round(end * SAMPLE_RATE)
    limit, low, frame = int(MAX_REGION_SECONDS * SAMPLE_RATE), int(SPLIT_MIN_SECONDS * SAMPLE_RATE), SAMPLE_RATE // 10
    pieces = []
    while stop - a > limit:
        window = audio[a + low : a + limit]
        n = len(window) // frame
        energy = np.square(window[: n * frame].reshape(n, frame), dtype=np.float64).mean(axis=1)
        cut = a + low + int(np.argmin(energy)) * frame + frame // 2
        pieces.append((a, cut))
        a = cut
    pieces.append((a, stop))
    return pieces


def _check_audio(audio: np.ndarray) -> np.ndarray:
    audio = np.asarray(audio)
    if audio.ndim != 1:
        raise ValueError(f"audio must be 1-D mono 16 kHz, got shape {audio.shape}")
    return audio.astype(np.float32, copy=False)


def engine() -> VietAsr:
    """The shared engine, loaded on first use."""
    global _engine
    if _engine is None:
        _engine = VietAsr()
    return _engine


def transcribe_regions(audio: np.ndarray, regions: list[tuple[float, float]]) -> list[Segment]:
    """Segments for the speech `regions` (seconds) of 16 kHz float32 `audio`.

    Each region is transcribed on its own and keeps its own start/end (a
    region over MAX_REGION_SECONDS is cut at a pause into several segments);
    regions with no recognised words give no segment; `words` is always empty
    (viet-asr has no timestamps)."""
    return list(engine().iter_regions(audio, regions))
