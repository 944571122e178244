"""Utterances the decoder skipped, found and decoded again: an utterance
(touching speech regions) long enough to need words that got none, or far
too few (the alignment stretched a neighbouring word over it), and its new
words merged in place of the old ones."""

from __future__ import annotations

from dataclasses import replace

from pipeline.hallucination import norm, words_text
from pipeline.transcribe_options import TranscribeOptions
from pipeline.transcript import Segment, Word
from pipeline.vad import SAMPLE_RATE, Chunk

# Vietnamese is read at 4–6 syllables a second; an utterance given fewer than
# one word a second (after its padding) was skipped by the decoder.
MIN_WORDS_PER_SECOND = 1.0


def missed_runs(chunk: Chunk, segs: list[Segment], opts: TranscribeOptions) -> list[Chunk]:
    """Utterances (touching speech regions) long enough to need words that
    got none, or far too few for their length."""
    pad = opts.vad.speech_pad_ms / 1000
    mids = [(w.start + w.end) / 2 for s in segs for w in s.words if norm(w.word)]
    out = []
    for i, j in chunk.runs():
        run = Chunk(chunk.regions[i:j])
        if run.seconds < opts.min_region_seconds:
            continue
        a, b = run.start / SAMPLE_RATE, run.end / SAMPLE_RATE
        inside = sum(1 for m in mids if a <= m <= b)
        if inside < max(1.0, MIN_WORDS_PER_SECOND * (run.seconds - 2 * pad)):
            out.append(run)
    return out


def merge_redecoded(segs: list[Segment], new: list[Segment], run: Chunk) -> list[Segment]:
    """`segs` of a chunk with the words inside `run` replaced by the `new`
    decode of it, when that found more words; segments crossing the run
    are cut there, so every segment stays in time order."""
    a, b = run.start / SAMPLE_RATE, run.end / SAMPLE_RATE

    def inside(w: Word) -> bool:
        return a <= (w.start + w.end) / 2 <= b

    old_count = sum(1 for s in segs for w in s.words if inside(w) and norm(w.word))
    new_count = sum(1 for s in new for w in s.words if norm(w.word))
    if new_count <= old_count:
        return segs
    out: list[Segment] = []
    for seg in segs:
        if not seg.words:
            out.append(seg)
            continue
        before = [w for w in seg.words if (w.start + w.end) / 2 < a]
        after = [w for w in seg.words if (w.start + w.end) / 2 > b]
        for part in (before, after):
            text = words_text(part)
            if part and norm(text):
                out.append(replace(seg, start=part[0].start, end=part[-1].end, text=text, words=part))
    return sorted(out + new, key=lambda s: (s.start, s.end))
