"""The decoder's batches: the ≤30 s chunks of consecutive windows gathered
into full batches, each with the resume point it completes.

A window of ~2 minutes holds two or three chunks of speech in a meeting, so
batches made per window were half empty; a batch now takes chunks from as
many windows as it needs (each chunk keeps a copy of the audio it spans)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from pipeline import vad
from pipeline.vad import SAMPLE_RATE, Chunk, Region


@dataclass(frozen=True)
class Piece:
    """A chunk (or a run of it) and the audio it is cut from: times in the
    chunk are samples of `window`, which starts `offset` seconds into the
    recording."""

    window: np.ndarray
    offset: float
    chunk: Chunk

    @classmethod
    def cut(cls, window: np.ndarray, offset: float, chunk: Chunk) -> Piece:
        """The piece of `window` that `chunk` spans, copied (a batch waiting
        for more chunks then holds seconds of audio, not whole windows)."""
        lo = chunk.start
        regions = [Region(r.start - lo, r.end - lo) for r in chunk.regions]
        return cls(window[lo : chunk.end].copy(), offset + lo / SAMPLE_RATE, Chunk(regions))

    def audio(self) -> np.ndarray:
        return self.chunk.audio(self.window)

    def part(self, run: Chunk) -> Piece:
        """A run of this piece's chunk, cut from the same audio."""
        return Piece(self.window, self.offset, run)


@dataclass
class Batch:
    """Chunks decoded together; when they are done, so is all audio before
    `done` (seconds of the recording)."""

    pieces: list[Piece] = field(default_factory=list)
    done: float = 0.0

    @property
    def speech(self) -> float:
        return sum(p.chunk.seconds for p in self.pieces)


def batches(
    windows: Iterable[tuple[float, np.ndarray, list[Region], bool]], batch_size: int, chunk_seconds: float
) -> Iterator[Batch]:
    """Full batches of `batch_size` chunks across windows, in time order; the
    last one may be smaller. A window without speech, when no chunk is
    waiting, gives an empty batch (its end is done at once)."""
    pending = Batch()
    for offset, window, regions, _final in windows:
        chunks = vad.group_chunks(regions, chunk_seconds)
        end_of_window = offset + len(window) / SAMPLE_RATE
        for j, chunk in enumerate(chunks):
            pending.pieces.append(Piece.cut(window, offset, chunk))
            if len(pending.pieces) == batch_size:
                nxt = chunks[j + 1] if j + 1 < len(chunks) else None
                # in the pause before the next chunk, or at the window's end (a pause)
                pending.done = offset + (chunk.end + nxt.start) / 2 / SAMPLE_RATE if nxt else end_of_window
                yield pending
                pending = Batch()
        if pending.pieces:
            pending.done = end_of_window  # moves on while the batch waits for more chunks
        elif not chunks:
            yield Batch([], end_of_window)
    if pending.pieces:
        yield pending
