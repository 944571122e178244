"""Speech regions (Silero VAD, shipped inside faster-whisper), window cuts
and the ≤30 s chunks the batched decoder reads.

Only speech reaches the model: a chunk is the concatenation of consecutive
speech regions (silence removed), and `ChunkMap` maps a time inside a chunk
back to the recording. Windows of a long recording are cut in the middle of
a pause, so no speech is split between windows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class VadSettings:
    """Silero VAD settings. The defaults are faster-whisper's batched
    defaults (threshold 0.5, 160 ms pauses split regions, 400 ms padding);
    measured on quiet speech (−30 dB) they keep every word (docs/transcription.md)."""

    threshold: float = 0.5
    min_silence_ms: int = 160
    speech_pad_ms: int = 400
    min_speech_ms: int = 0
    max_speech_s: float = 30.0

    def options(self):
        from faster_whisper.vad import VadOptions  # lazy: faster-whisper (onnxruntime) only when VAD runs

        return VadOptions(
            threshold=self.threshold,
            min_silence_duration_ms=self.min_silence_ms,
            speech_pad_ms=self.speech_pad_ms,
            min_speech_duration_ms=self.min_speech_ms,
            max_speech_duration_s=self.max_speech_s,
        )


@dataclass(frozen=True)
class Region:
    """Speech from `start` to `end`, in samples of the audio it was found in."""

    start: int
    end: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / SAMPLE_RATE


def speech_regions(audio: np.ndarray, settings: VadSettings = VadSettings()) -> list[Region]:
    """Speech regions of 16 kHz mono float32 `audio` (each ≤ max_speech_s)."""
    if len(audio) == 0:
        return []
    from faster_whisper.vad import get_speech_timestamps  # lazy: faster-whisper (onnxruntime) only when VAD runs

    return [Region(int(r["start"]), int(r["end"])) for r in get_speech_timestamps(audio, settings.options())]


def find_cut(regions: list[Region], length: int, guard: float = 2.0, min_pause: float = 0.3) -> int:
    """Where to end a window of `length` samples so that no speech region is
    split: in the last pause that is followed by at least `guard` seconds of
    audio (a region touching the end may go on in the next block), and
    preferably where the padded regions are `min_pause` apart (≥ 1 s of
    silence with the default 400 ms padding).

    Falls back to the start of the last region (everything before it is
    whole) and, with no usable region, to `length`.
    """
    guard_n = int(guard * SAMPLE_RATE)
    if not regions:
        return length
    last = regions[-1]
    if last.end <= length - guard_n:
        # everything after the last region is silence: cut in its middle
        return (last.end + length) // 2
    # The last region may continue in the next block: cut in a pause before
    # it. Padded regions touch when the pause is short (a breath inside a
    # sentence), so prefer the latest clear gap, then any gap, then a touch.
    pairs = [(p, n) for p, n in zip(regions[:-1], regions[1:], strict=True) if n.start <= length - guard_n]
    for min_gap in (int(min_pause * SAMPLE_RATE), 1, 0):
        for prev, nxt in reversed(pairs):
            if nxt.start - prev.end >= min_gap:
                return (prev.end + nxt.start) // 2
    return regions[0].start if regions[0].start > 0 else length


@dataclass
class Chunk:
    """Consecutive speech regions joined (≤ max seconds): one decoder input."""

    regions: list[Region] = field(default_factory=list)

    @property
    def samples(self) -> int:
        return sum(r.end - r.start for r in self.regions)

    @property
    def seconds(self) -> float:
        return self.samples / SAMPLE_RATE

    @property
    def start(self) -> int:
        return self.regions[0].start

    @property
    def end(self) -> int:
        return self.regions[-1].end

    def audio(self, window: np.ndarray) -> np.ndarray:
        return np.concatenate([window[r.start : r.end] for r in self.regions]).astype(np.float32, copy=False)

    def to_window_time(self, t: float, is_end: bool = False) -> float:
        """Map seconds inside this chunk's audio to seconds in the window."""
        pos = max(t, 0.0) * SAMPLE_RATE
        acc = 0
        for i, r in enumerate(self.regions):
            n = r.end - r.start
            last = i == len(self.regions) - 1
            # a time exactly at a boundary belongs to the earlier region for an end
            if pos < acc + n or (is_end and pos <= acc + n) or last:
                return (r.start + min(pos - acc, n)) / SAMPLE_RATE
            acc += n
        return self.end / SAMPLE_RATE  # pragma: no cover

    def region_index(self, t: float) -> int:
        """Which region a chunk time falls in (words keep start and end in one region)."""
        pos = max(t, 0.0) * SAMPLE_RATE
        acc = 0
        for i, r in enumerate(self.regions):
            acc += r.end - r.start
            if pos < acc:
                return i
        return len(self.regions) - 1

    def place_word(self, start: float, end: float, pad: float) -> tuple[float, float]:
        """Window seconds of a word timed `start`–`end` in chunk seconds.

        Between regions that touch in the recording the mapping is
        continuous. A word straddling the joint of two regions that a pause
        separated belongs to one of them: Whisper's alignment gives the
        silence before a word to that word (its start jumps right after the
        previous word), so the word goes to the later region unless it
        reaches less than half the padding into it (then it is the earlier
        region's last word smeared into silence)."""
        k = self.region_index(start)
        last = self.region_index(max(end - 1e-6, start))
        while k < last:
            joint = sum(r.end - r.start for r in self.regions[: k + 1]) / SAMPLE_RATE
            if self.regions[k].end == self.regions[k + 1].start:
                k += 1  # touching regions: one stretch of the recording
                continue
            if end - joint > pad / 2:
                k += 1
                start = max(start, joint)
                continue
            end = joint
            break
        first = self.region_index(start)
        if first == k:
            return self.map_in_region(start, k), self.map_in_region(end, k)
        # only touching regions between `first` and `k`
        return self.map_in_region(start, first), self.map_in_region(end, k)

    def runs(self) -> list[tuple[int, int]]:
        """Index ranges [i, j) of regions that touch each other: one utterance
        (VAD splits speech at 160 ms pauses; padded halves touch again)."""
        out: list[tuple[int, int]] = []
        for i, r in enumerate(self.regions):
            if out and self.regions[i - 1].end == r.start:
                out[-1] = (out[-1][0], i + 1)
            else:
                out.append((i, i + 1))
        return out

    def map_in_region(self, t: float, index: int) -> float:
        """Map chunk time `t` into region `index`, clamped to that region."""
        acc = sum(r.end - r.start for r in self.regions[:index])
        r = self.regions[index]
        pos = min(max(t * SAMPLE_RATE - acc, 0), r.end - r.start)
        return (r.start + pos) / SAMPLE_RATE


def group_chunks(regions: list[Region], max_seconds: float = 30.0) -> list[Chunk]:
    """Join consecutive regions into chunks of at most `max_seconds` of speech
    (what faster-whisper's collect_chunks does, kept here so each chunk's
    regions are known for time mapping, coverage checks and resume points)."""
    limit = int(max_seconds * SAMPLE_RATE)
    chunks: list[Chunk] = []
    current = Chunk()
    for r in regions:
        if current.regions and current.samples + (r.end - r.start) > limit:
            chunks.append(current)
            current = Chunk()
        current.regions.append(r)
    if current.regions:
        chunks.append(current)
    return chunks
