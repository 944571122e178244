"""The meeting glossary applied after decoding: near-misses of its names and
terms in the decoded words are replaced by the glossary spelling.

Decoder hotwords were measured to hurt (docs/transcription.md: more errors
on clips that never use the glossary, whole sentences skipped); this pass
only touches a run of words that sounds almost like a glossary term, so text
unrelated to the glossary is left exactly as decoded.

Distance between two syllables: edit distance of their letters without the
tone mark, where letters of one family (a/ă/â, e/ê, o/ô/ơ, u/ư, d/đ, i/y)
cost half, plus half for a different tone. A term of n ≥ 2 syllables
replaces n consecutive words when the mean distance per syllable is at most
`max_cost` and every syllable is within `max_syllable_cost`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.transcript import Segment, Word

_TONES = {"\u0300": 2, "\u0301": 1, "\u0303": 4, "\u0309": 3, "\u0323": 5}  # huyền sắc ngã hỏi nặng
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.UNICODE | re.DOTALL)


@dataclass(frozen=True)
class GlossarySettings:
    # Chosen from the figures in docs/transcription.md: every near-miss of a
    # glossary term the model made on the real clips is within 1.25 a
    # syllable; 0 replacements on ~7 000 words of real Vietnamese text
    # (commune plan, guides) with the meeting glossary.
    max_cost: float = 0.75
    max_syllable_cost: float = 2.5


def split_tone(syllable: str) -> tuple[str, int]:
    """("nghi", 0) for "nghi"; ("hao", 1) for "háo": letters without the tone
    mark (vowel marks kept), and the tone (0 = ngang)."""
    tone = 0
    letters = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def _family(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return {"đ": "d", "y": "i"}.get(base, base)


def _letter_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return 0.5 if _family(a) == _family(b) else 1.0


def syllable_cost(a: str, b: str) -> float:
    """Distance of two syllables (see the module docstring)."""
    (la, ta), (lb, tb) = split_tone(a), split_tone(b)
    prev = [float(j) for j in range(len(lb) + 1)]
    for i, ca in enumerate(la, 1):
        cur = [float(i)]
        for j, cb in enumerate(lb, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _letter_cost(ca, cb)))
        prev = cur
    return prev[-1] + (0.5 if ta != tb else 0.0)


def _core(word: str) -> tuple[str, str, str]:
    """(leading space/punctuation, the syllable, trailing punctuation)."""
    m = _EDGE.match(word)
    return (m.group(1), m.group(2), m.group(3)) if m else ("", word, "")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


@dataclass(frozen=True)
class Term:
    text: str
    syllables: tuple[str, ...]


def parse_terms(terms: list[str]) -> list[Term]:
    """Glossary entries of at least two syllables (one syllable alone would
    match too much ordinary speech), longest first."""
    out = []
    for t in dict.fromkeys(unicodedata.normalize("NFC", t).strip() for t in terms if t and t.strip()):
        syl = tuple(_core(s)[1] for s in t.split())
        if len(syl) >= 2 and all(syl):
            out.append(Term(t, syl))
    return sorted(out, key=lambda t: -len(t.syllables))


def match_cost(words: list[str], term: Term, settings: GlossarySettings = GlossarySettings()) -> float | None:
    """Mean syllable distance of `words` to `term`, or None when too far."""
    if len(words) != len(term.syllables):
        return None
    costs = [syllable_cost(w, s) for w, s in zip(words, term.syllables, strict=True)]
    mean = sum(costs) / len(costs)
    if max(costs) > settings.max_syllable_cost or mean > settings.max_cost:
        return None
    return mean


def _respell(word: Word, syllable: str, proper: bool) -> Word:
    lead, core, tail = _core(word.word)
    if not proper and core[:1].isupper():
        syllable = syllable[:1].upper() + syllable[1:]
    return replace(word, word=f"{lead}{syllable}{tail}")


def apply_to_words(
    words: list[Word], terms: list[Term], settings: GlossarySettings = GlossarySettings()
) -> tuple[list[Word], int]:
    """`words` with near-misses of `terms` respelt; (words, replacements).
    Times and probabilities stay; a word is changed at most once."""
    out = list(words)
    cores = [_core(w.word)[1] for w in words]
    done = [False] * len(words)
    count = 0
    for term in terms:
        n = len(term.syllables)
        for i in range(len(words) - n + 1):
            if any(done[i : i + n]):
                continue
            window = cores[i : i + n]
            if [_key(c) for c in window] == [_key(s) for s in term.syllables]:
                done[i : i + n] = [True] * n  # already right: protect it
                continue
            # punctuation inside the run means it crosses a phrase boundary
            if any(_core(w.word)[2] for w in words[i : i + n - 1]):
                continue
            if match_cost(window, term, settings) is None:
                continue
            proper = any(s[:1].isupper() for s in term.syllables)
            for k, syl in enumerate(term.syllables):
                out[i + k] = _respell(words[i + k], syl, proper)
            done[i : i + n] = [True] * n
            count += 1
    return out, count


def apply_glossary(
    segments: list[Segment], terms: list[str], settings: GlossarySettings = GlossarySettings()
) -> tuple[list[Segment], int]:
    """Segments with glossary near-misses replaced in their words and text;
    segments without words (or a glossary without usable terms) are kept."""
    parsed = parse_terms(terms)
    if not parsed:
        return segments, 0
    out, total = [], 0
    for seg in segments:
        if not seg.words:
            out.append(seg)
            continue
        words, n = apply_to_words(seg.words, parsed, settings)
        total += n
        out.append(replace(seg, words=words, text="".join(w.word for w in words).strip()) if n else seg)
    return out, total
