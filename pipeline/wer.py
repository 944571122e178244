"""Word error rate for Vietnamese: NFC, lower case, punctuation removed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_words(text: str) -> list[str]:
    """Lower-cased NFC words with punctuation removed ("2." -> "2")."""
    text = unicodedata.normalize("NFC", text).lower()
    return _PUNCT.sub(" ", text).replace("_", " ").split()


@dataclass(frozen=True)
class WerResult:
    wer: float
    substitutions: int
    deletions: int
    insertions: int
    reference_words: int
    errors: list[tuple[str, str]]  # (reference word or "", hypothesis word or "")


def word_errors(reference: str, hypothesis: str) -> WerResult:
    """Levenshtein alignment of normalised words, with the edits listed."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    n, m = len(ref), len(hyp)
    dist = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dist[i][0] = i
    for j in range(m + 1):
        dist[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = 0 if ref[i - 1] == hyp[j - 1] else 1
            dist[i][j] = min(dist[i - 1][j] + 1, dist[i][j - 1] + 1, dist[i - 1][j - 1] + cost)
    subs = dels = ins = 0
    errors: list[tuple[str, str]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and dist[i][j] == dist[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] != hyp[j - 1]:
                subs += 1
                errors.append((ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and dist[i][j] == dist[i - 1][j] + 1:
            dels += 1
            errors.append((ref[i - 1], ""))
            i -= 1
        else:
            ins += 1
            errors.append(("", hyp[j - 1]))
            j -= 1
    errors.reverse()
    total = subs + dels + ins
    return WerResult(total / max(n, 1) if n else float(m > 0), subs, dels, ins, n, errors)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of `hypothesis` against `reference`."""
    return word_errors(reference, hypothesis).wer
