"""Split decoder chunks into spoken segments.

The batched decoder returns one segment per ≤30 s chunk, which may span a
long pause or several speakers' sentences. Minutes, review ("play the
moment") and subtitles want segments that follow the speech, so a segment
with word timings is cut at pauses and, once it is long enough, at the end
of a sentence. Cutting twice gives the same result (resumed runs re-assemble
segments from the checkpoint).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.hallucination import words_text
from pipeline.transcript import Segment, Word


@dataclass(frozen=True)
class SplitSettings:
    pause: float = 0.8  # a silence this long between words always cuts
    sentence_after: float = 3.0  # a segment this long cuts after . ? ! …
    clause_after: float = 15.0  # … and after , ; : when it is this long
    max_seconds: float = 30.0  # never longer (a word boundary is always found)


_SENTENCE_END = (".", "?", "!", "…")
_CLAUSE_END = (",", ";", ":")


def _cut_after(words: list[Word], nxt: Word, s: SplitSettings) -> bool:
    last = words[-1]
    if nxt.start - last.end >= s.pause:
        return True
    length = last.end - words[0].start
    tail = last.word.rstrip()
    if length >= s.sentence_after and tail.endswith(_SENTENCE_END):
        return True
    if length >= s.clause_after and tail.endswith(_CLAUSE_END):
        return True
    return nxt.end - words[0].start > s.max_seconds


def split_segment(seg: Segment, settings: SplitSettings = SplitSettings()) -> list[Segment]:
    """`seg` cut at pauses and sentence ends; unchanged without word timings."""
    if len(seg.words) < 2:
        return [seg]
    groups: list[list[Word]] = [[seg.words[0]]]
    for w in seg.words[1:]:
        if _cut_after(groups[-1], w, settings):
            groups.append([w])
        else:
            groups[-1].append(w)
    if len(groups) == 1:
        return [seg]
    texts = [(g, words_text(g)) for g in groups]
    return [replace(seg, start=g[0].start, end=g[-1].end, text=t, words=g) for g, t in texts if t]


def split_segments(segments: list[Segment], settings: SplitSettings = SplitSettings()) -> list[Segment]:
    """Every segment split; ids renumbered in order."""
    out = [piece for seg in segments for piece in split_segment(seg, settings)]
    for i, seg in enumerate(out):
        seg.id = i
    return out
