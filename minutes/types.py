"""Plain typed input for the minutes library: what was said, when, by whom.

The pipeline converts its transcript into these; minutes/ never reads
transcript files or knows about ASR.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Utterance:
    start: float  # seconds from the start of the recording
    end: float
    text: str
    speaker: str | None = None  # a label or a display name, when diarization ran
    review: tuple[int, ...] = ()  # positions in text.split() of words the recogniser was unsure of
