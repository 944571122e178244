"""Confidence marks: words the recogniser was unsure of, for the secretary
to check.

Whisper's word probability is a strong error signal; measured on the real
clips (docs/transcription.md) words under REVIEW_THRESHOLD catch most wrong
words while marking a minority of words. A marked word carries
`low_confidence`, and a segment with any marked word `needs_review`.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.transcript import Segment, Transcript
from pipeline.wer import normalize_words

REVIEW_THRESHOLD = 0.7


def check_threshold(value: float) -> float:
    """A threshold is a probability: 0 marks nothing, 1 marks every word."""
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(value)
    return value


def mark_segments(segments: list[Segment], threshold: float = REVIEW_THRESHOLD) -> list[Segment]:
    """Segments with `low_confidence` set on words under `threshold` and
    `needs_review` on segments holding one; earlier marks are replaced."""
    out = []
    for seg in segments:
        words = [replace(w, low_confidence=bool(w.probability < threshold)) for w in seg.words]
        out.append(replace(seg, words=words, needs_review=any(w.low_confidence for w in words)))
    return out


def mark_transcript(transcript: Transcript, threshold: float = REVIEW_THRESHOLD) -> Transcript:
    transcript.segments = mark_segments(transcript.segments, threshold)
    transcript.model.settings = {**transcript.model.settings, "review_threshold": threshold}
    return transcript


def wrong_words(reference: str, words: list[str]) -> list[bool]:
    """For each hypothesis word, whether the WER alignment (pipeline/wer.py
    normalisation, Levenshtein) finds it substituted or inserted."""
    ref = normalize_words(reference)
    tokens: list[tuple[int, str]] = [(i, t) for i, w in enumerate(words) for t in normalize_words(w)]
    n, m = len(ref), len(tokens)
    dist = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dist[i][0] = i
    for j in range(m + 1):
        dist[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = 0 if ref[i - 1] == tokens[j - 1][1] else 1
            dist[i][j] = min(dist[i - 1][j] + 1, dist[i][j - 1] + 1, dist[i - 1][j - 1] + cost)
    bad = [False] * len(words)
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and dist[i][j] == dist[i - 1][j - 1] + (ref[i - 1] != tokens[j - 1][1]):
            if ref[i - 1] != tokens[j - 1][1]:
                bad[tokens[j - 1][0]] = True
            i, j = i - 1, j - 1
        elif i > 0 and dist[i][j] == dist[i - 1][j] + 1:
            i -= 1  # a deleted reference word has no hypothesis word to mark
        else:
            bad[tokens[j - 1][0]] = True
            j -= 1
    return bad


def review_tokens(seg: Segment) -> tuple[int, ...]:
    """Positions, among `seg.text.split()`, of the marked words; empty when
    the text no longer matches its words (edited by the secretary: checked)."""
    if not seg.needs_review:
        return ()
    tokens = seg.text.split()
    words = [w for w in seg.words if w.word.strip()]
    if len(words) != len(tokens) or any(w.word.strip() != t for w, t in zip(words, tokens, strict=True)):
        return ()
    return tuple(i for i, w in enumerate(words) if w.low_confidence)
