"""Segments of one decoded chunk: faster-whisper's mapped back to window
time (each word inside one speech region), kept in time order, passed
through the loop/hallucination guards, and moved to recording time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pipeline.hallucination import GuardSettings, clean_segment, norm
from pipeline.transcript import Segment, Word
from pipeline.vad import Chunk


def to_window_segment(seg: Any, chunk: Chunk, clip_start: float, pad: float = 0.4) -> Segment:
    """A faster-whisper segment (times in the batch's joined audio) → ours,
    in window seconds. A word stays inside one speech region."""
    words = []
    for w in seg.words or []:
        s, e = chunk.place_word(w.start - clip_start, w.end - clip_start, pad)
        words.append(Word(round(float(s), 3), round(float(max(e, s)), 3), w.word, round(float(w.probability), 3)))
    if words:
        start, end = words[0].start, words[-1].end
    else:
        start = chunk.to_window_time(seg.start - clip_start)
        end = chunk.to_window_time(seg.end - clip_start, is_end=True)
    return Segment(
        id=0,
        start=round(start, 3),
        end=round(max(end, start), 3),
        text=seg.text.strip(),
        avg_logprob=round(seg.avg_logprob, 4),
        no_speech_prob=round(seg.no_speech_prob, 4),
        compression_ratio=round(seg.compression_ratio, 3),
        words=words,
    )


def monotonic_words(segs: list[Segment]) -> list[Segment]:
    """Word times of one chunk never go back (a word placed at a region's
    edge may overlap its neighbour by a few ms); segment spans follow."""
    prev = 0.0
    out = []
    for seg in segs:
        if not seg.words:
            out.append(seg)
            continue
        words = []
        for w in seg.words:
            start = max(w.start, prev)
            words.append(replace(w, start=start, end=max(w.end, start)))
            prev = words[-1].end
        out.append(replace(seg, start=words[0].start, end=words[-1].end, words=words))
    return out


def clean_segments(segs: list[Segment], guard: GuardSettings) -> list[Segment]:
    """Segments through the loop/hallucination guards; empty ones dropped."""
    out = []
    for s in segs:
        c = clean_segment(s, guard)
        if c is not None and norm(c.text):
            out.append(c)
    return out


def shift_segment(seg: Segment, offset: float) -> Segment:
    """`seg` (and its words) moved by `offset` seconds."""
    if not offset:
        return seg
    words = [replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3)) for w in seg.words]
    return replace(seg, start=round(seg.start + offset, 3), end=round(seg.end + offset, 3), words=words)
