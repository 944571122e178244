"""Guards against Whisper's long-audio failures.

- repetition loops: the same word or phrase over and over ("cảm ơn cảm ơn
  cảm ơn …"); repeats beyond what speech does are cut back to one;
- known invented phrases: subtitles Whisper learnt from videos and produces
  in silence, noise or music ("hãy subscribe cho kênh …"), listed in
  `hallucinations_vi.txt` (a data file a commune can extend);
- non-speech: a decode Whisper itself rates as "no speech" with a low
  probability (its standard no_speech / logprob rule).

The functions work on `pipeline.transcript.Segment` (with or without words)
and return repaired copies, or None when nothing real is left.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.transcript import Segment, Word

PHRASES_FILE = Path(__file__).with_name("hallucinations_vi.txt")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class GuardSettings:
    max_repeats_word: int = 3  # "từ từ", "rất rất" are speech; a 4th repeat is a loop
    max_repeats_phrase: int = 2  # a 2–8 word phrase said a third time in a row is a loop
    max_phrase_words: int = 8
    no_speech_threshold: float = 0.6
    logprob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4
    phrases_file: Path = PHRASES_FILE


def norm(token: str) -> str:
    """A word as compared: NFC, lower case, no punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFC", token).lower()).strip()


@functools.lru_cache(maxsize=8)
def load_phrases(path: Path = PHRASES_FILE) -> tuple[tuple[str, ...], ...]:
    """Phrases as word tuples, longest first (so the longest match wins)."""
    phrases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words = tuple(w for w in (norm(t) for t in line.split()) if w)
            if words:
                phrases.append(words)
    return tuple(sorted(set(phrases), key=len, reverse=True))


def repeated_spans(tokens: list[str], settings: GuardSettings = GuardSettings()) -> list[tuple[int, int]]:
    """Index ranges [start, end) to delete so no n-gram repeats more than allowed."""
    drop = [False] * len(tokens)
    for n in range(1, settings.max_phrase_words + 1):
        allowed = settings.max_repeats_word if n == 1 else settings.max_repeats_phrase
        i = 0
        live = [k for k in range(len(tokens)) if not drop[k]]
        while i + n <= len(live):
            gram = [tokens[k] for k in live[i : i + n]]
            if not all(gram):
                i += 1
                continue
            reps = 1
            while (
                i + (reps + 1) * n <= len(live) and [tokens[k] for k in live[i + reps * n : i + (reps + 1) * n]] == gram
            ):
                reps += 1
            if reps > allowed:
                for k in live[i + n : i + reps * n]:  # keep the first occurrence only
                    drop[k] = True
                i += reps * n
            else:
                i += 1
    return _ranges(drop)


def phrase_spans(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Index ranges where a known invented phrase occurs."""
    drop = [False] * len(tokens)
    content = [k for k, t in enumerate(tokens) if t]
    seq = [tokens[k] for k in content]
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(seq) - n + 1):
            if tuple(seq[i : i + n]) == phrase and not any(drop[content[j]] for j in range(i, i + n)):
                for j in range(i, i + n):
                    drop[content[j]] = True
    return _ranges(drop)


def _ranges(flags: list[bool]) -> list[tuple[int, int]]:
    out, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    return out


def _keep_mask(n: int, spans: list[tuple[int, int]]) -> list[bool]:
    keep = [True] * n
    for a, b in spans:
        for i in range(a, b):
            keep[i] = False
    return keep


def is_silence_decode(seg: Segment, settings: GuardSettings = GuardSettings()) -> bool:
    """Whisper's own rule: likely no speech and not confident about the text."""
    return seg.no_speech_prob > settings.no_speech_threshold and seg.avg_logprob < settings.logprob_threshold


def clean_segment(seg: Segment, settings: GuardSettings = GuardSettings()) -> Segment | None:
    """Remove loops and invented phrases; None if nothing real is left."""
    if is_silence_decode(seg, settings):
        return None
    phrases = load_phrases(settings.phrases_file)
    if seg.words:
        tokens = [norm(w.word) for w in seg.words]
        spans = phrase_spans(tokens, phrases)
        words = [w for w, k in zip(seg.words, _keep_mask(len(tokens), spans), strict=True) if k]
        tokens = [norm(w.word) for w in words]
        words = [w for w, k in zip(words, _keep_mask(len(tokens), repeated_spans(tokens, settings)), strict=True) if k]
        if not any(norm(w.word) for w in words):
            return None
        if len(words) == len(seg.words):
            return seg
        return replace(seg, words=words, text=words_text(words), start=words[0].start, end=words[-1].end)
    raw = seg.text.split()
    tokens = [norm(t) for t in raw]
    spans = phrase_spans(tokens, phrases)
    raw = [t for t, k in zip(raw, _keep_mask(len(raw), spans), strict=True) if k]
    tokens = [norm(t) for t in raw]
    raw = [t for t, k in zip(raw, _keep_mask(len(raw), repeated_spans(tokens, settings)), strict=True) if k]
    if not any(norm(t) for t in raw):
        return None
    text = " ".join(raw)
    return seg if text == seg.text.strip() else replace(seg, text=text)


def words_text(words: list[Word]) -> str:
    """Text of word items (Whisper words carry their leading space)."""
    return "".join(w.word for w in words).strip()


def looks_looped(text: str, settings: GuardSettings = GuardSettings()) -> bool:
    """True when the text has a repetition loop the guards would cut."""
    return bool(repeated_spans([norm(t) for t in text.split()], settings))
