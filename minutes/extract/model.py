"""Working data the components share on a Doc: utterances, turns, drafts.

A transcript becomes one Doc; `doc._.dt` holds a `DocState` that each
component reads and fills in. Drafts become `minutes.items.Item`s at the end.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from minutes.extract.matching import SyllableView

if not Doc.has_extension("dt"):
    Doc.set_extension("dt", default=None)


@dataclass(frozen=True)
class UttSpan:
    start_char: int
    end_char: int
    start: float  # seconds
    end: float
    speaker: str | None = None


@dataclass
class Turn:
    start: int  # syllable range [start, end)
    end: int
    role: str  # "official" | "citizen"
    confidence: float
    cue: str = ""  # the split cue that opened it, if any
    why: list[str] = field(default_factory=list)


@dataclass
class Draft:
    start: int  # syllable range of the citizen's point
    end: int
    turn: int  # index into DocState.turns
    core_start: int = -1  # first syllable after the self-introduction
    followup_of: int | None = None  # index of the same asker's earlier draft
    asker: str | None = None
    hamlet: str | None = None
    kind: str = "kien_nghi"
    kind_conf: float = 0.5
    topic: str = "khac"
    topic_conf: float = 0.2
    topic_scores: dict[str, float] = field(default_factory=dict)
    unit: str = ""
    outside_body: bool = False
    answered: bool = False
    answer_range: tuple[int, int] | None = None
    deferred: bool = False
    outside_content: bool = False
    evidence: list[str] = field(default_factory=list)


@dataclass
class DocState:
    utts: list[UttSpan]
    view: SyllableView | None = None
    single: bool = False  # the whole text is one citizen's point
    turns: list[Turn] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)

    @property
    def syllables(self) -> SyllableView:
        """The syllable view, which doithoai_turns (first in the pipeline) builds."""
        if self.view is None:
            raise RuntimeError("doithoai_turns has not run on this Doc")
        return self.view

    def time_at(self, char: int) -> float | None:
        """Time of a character offset, interpolated within its utterance."""
        if not self.utts:
            return None
        starts = [u.start_char for u in self.utts]
        i = max(0, bisect.bisect_right(starts, char) - 1)
        u = self.utts[i]
        span = max(1, u.end_char - u.start_char)
        frac = min(1.0, max(0.0, (char - u.start_char) / span))
        return round(u.start + (u.end - u.start) * frac, 2)

    def utt_index(self, char: int) -> int:
        starts = [u.start_char for u in self.utts]
        return max(0, bisect.bisect_right(starts, char) - 1)

    def syl_time(self, start: int, end: int) -> tuple[float | None, float | None]:
        view = self.view
        if view is None or start >= end or end > len(view):
            return None, None
        return self.time_at(view.start_char[start]), self.time_at(view.end_char[end - 1])


def state(doc: Doc) -> DocState:
    st = doc._.dt
    if st is None:
        st = DocState(utts=[UttSpan(0, len(doc.text), 0.0, 0.0)], single=True)
        doc._.dt = st
    return st
