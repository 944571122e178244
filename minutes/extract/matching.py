"""Phrase matching on syllables, with pyvi's word segmentation as a guard.

Lexicon phrases are matched with spaCy's PhraseMatcher on a syllable-level
view of the Doc, so that a phrase matches however pyvi happened to group its
syllables in context. Segmentation still decides for one-syllable phrases:
they must be a whole pyvi word ("điện" does not match in "đại diện", "nước"
not in "nhà nước"). Phrases of two or more syllables are also matched with
the tone marks stripped (ASR tone errors), at a lower weight.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from minutes.lexicon import Lexicon, normalize, strip_marks

FUZZY_WEIGHT = 0.6
_SYL = re.compile(r"\w+|[?!.,;:…]")


@dataclass(frozen=True)
class Match:
    start: int  # syllable index
    end: int  # exclusive
    label: str
    phrase: str
    weight: float
    exact: bool = True


@dataclass
class SyllableView:
    """The doc's syllables with char offsets and word-boundary flags."""

    text: list[str]
    start_char: list[int]
    end_char: list[int]
    word_start: list[bool]
    word_end: list[bool]
    doc: Doc
    matches: dict[str, list[Match]] = field(default_factory=dict)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.text)

    def in_range(self, table: str, start: int, end: int) -> list[Match]:
        """Matches of `table` lying inside syllables [start, end)."""
        found = self.matches.get(table, [])
        starts = self._starts.get(table)
        if starts is None:
            starts = self._starts[table] = [m.start for m in found]
        i = bisect.bisect_left(starts, start)
        out = []
        while i < len(found) and found[i].start < end:
            if found[i].end <= end:
                out.append(found[i])
            i += 1
        return out

    def joined(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end])

    def index_at(self, char: int) -> int:
        """First syllable starting at or after `char`."""
        return bisect.bisect_left(self.start_char, char)


def build_view(doc: Doc, vocab: Vocab) -> SyllableView:
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    text, s_char, e_char = [], [], []
    for m in _SYL.finditer(doc.text):
        text.append(m.group())
        s_char.append(m.start())
        e_char.append(m.end())
    sdoc = Doc(vocab, words=text, lemmas=[strip_marks(t) for t in text]) if text else Doc(vocab, words=[])
    return SyllableView(
        text=text,
        start_char=s_char,
        end_char=e_char,
        word_start=[s in starts for s in s_char],
        word_end=[e in ends for e in e_char],
        doc=sdoc,
    )


class PhraseTable:
    """One table of phrases (label, weight), matched longest-first without overlaps."""

    def __init__(self, vocab: Vocab, entries: list[tuple[str, str, float]], fuzzy: bool = True) -> None:
        self.exact = PhraseMatcher(vocab, attr="LOWER")
        self.fuzzy = PhraseMatcher(vocab, attr="LEMMA") if fuzzy else None
        self.info: dict[int, tuple[str, str, float, int]] = {}
        for label, phrase, weight in entries:
            words = list(_SYL.findall(normalize(phrase)))
            if not words:
                continue
            key = f"{label}\u241f{' '.join(words)}"
            key_id = vocab.strings.add(key)
            self.info[key_id] = (label, " ".join(words), weight, len(words))
            pattern = Doc(vocab, words=words, lemmas=[strip_marks(w) for w in words])
            self.exact.add(key, [pattern])
            if self.fuzzy is not None and len(words) >= 2:
                self.fuzzy.add(key, [pattern])

    def find(self, view: SyllableView) -> list[Match]:
        if not len(view):
            return []
        found: list[Match] = []
        for matcher, exact in ((self.exact, True), (self.fuzzy, False)):
            if matcher is None:
                continue
            for key_id, start, end in matcher(view.doc):
                label, phrase, weight, n = self.info[key_id]
                if n == 1 and not (view.word_start[start] and view.word_end[end - 1]):
                    continue
                found.append(Match(start, end, label, phrase, weight if exact else weight * FUZZY_WEIGHT, exact))
        # longest first, exact before fuzzy; drop anything overlapping a kept match
        found.sort(key=lambda m: (-(m.end - m.start), not m.exact, m.start))
        taken = [False] * len(view)
        kept = []
        for m in found:
            if any(taken[m.start : m.end]):
                continue
            for i in range(m.start, m.end):
                taken[i] = True
            kept.append(m)
        kept.sort(key=lambda m: m.start)
        return kept


class Tables:
    """Every phrase table the components need, built once per lexicon."""

    def __init__(self, lexicon: Lexicon, vocab: Vocab) -> None:
        lx = lexicon
        self.tables: dict[str, PhraseTable] = {}
        topics = [(code, p, w) for code, table in lx.topics.items() for p, w in table.items()]
        self.tables["topic"] = PhraseTable(vocab, topics)
        kinds = [
            (k, p, w) for k in ("cau_hoi", "kien_nghi", "phan_anh", "none") for p, w in lx.phrases(f"kind.{k}").items()
        ]
        self.tables["kind"] = PhraseTable(vocab, kinds, fuzzy=False)
        split = lx.markers.get("turns", {}).get("split", {})
        self.tables["split"] = PhraseTable(vocab, [(str(role), p, 1.0) for p, role in split.items()], fuzzy=False)
        cues = [("official", p, w) for p, w in lx.phrases("turns.official").items()]
        cues += [("citizen", p, w) for p, w in lx.phrases("turns.citizen").items()]
        self.tables["role"] = PhraseTable(vocab, cues, fuzzy=False)
        self.tables["deferred"] = PhraseTable(
            vocab, [("deferred", p, w) for p, w in lx.phrases("answers.deferred").items()]
        )
        enum = lx.markers.get("enumeration", {}).get("phrases", [])
        self.tables["enum"] = PhraseTable(vocab, [("enum", p, 1.0) for p in enum], fuzzy=False)
        intro = lx.markers.get("intro", {})
        entries = [("name", p, 1.0) for p in intro.get("name_cues", [])]
        entries += [("invite", p, 1.0) for p in intro.get("invite_cues", [])]
        entries += [("hamlet", p, 1.0) for p in intro.get("hamlet_cues", [])]
        self.tables["intro"] = PhraseTable(vocab, entries, fuzzy=False)

    def run(self, view: SyllableView) -> None:
        for name, table in self.tables.items():
            view.matches[name] = table.find(view)
