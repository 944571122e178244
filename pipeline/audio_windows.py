"""A recording streamed as windows of ~2 minutes, each cut in a pause, with
the speech regions Silero VAD found in it (memory stays bounded, no speech
is split)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline import vad
from pipeline.audio import iter_pcm
from pipeline.transcribe_options import TranscribeOptions
from pipeline.vad import SAMPLE_RATE, Region


def windows(
    path: str | Path, start: float, opts: TranscribeOptions
) -> Iterator[tuple[float, np.ndarray, list[Region], bool]]:
    """(offset seconds, audio, speech regions, is_last) for ~window_seconds
    pieces of the recording, each ending in a pause."""

    limit = int(opts.window_seconds * SAMPLE_RATE)
    blocks: list[np.ndarray] = []
    held = 0
    offset = float(start)
    for block in iter_pcm(path, start=start, block_seconds=30.0):
        blocks.append(block)
        held += len(block)
        if held < limit:
            continue
        buf = np.concatenate(blocks)
        regions = vad.speech_regions(buf, opts.vad)
        cut = vad.find_cut(regions, len(buf))
        yield offset, buf[:cut], [r for r in regions if r.end <= cut], False
        rest = buf[cut:].copy()
        del buf
        blocks, held = ([rest] if len(rest) else []), len(rest)
        offset += cut / SAMPLE_RATE
    if blocks:
        buf = np.concatenate(blocks)
        yield offset, buf, vad.speech_regions(buf, opts.vad), True
