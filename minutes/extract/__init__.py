"""Vietnamese item extraction: a spaCy pipeline (`spacy.blank("vi")`, pyvi
word segmentation) with registered components that turn a dialogue
transcript into citizens' questions, requests and complaints.

    from minutes.extract import Extractor
    items = Extractor(meeting).extract(utterances)

Components (registered with @Language.factory, configured from the meeting
file and the data files in minutes/data/): doithoai_syllables,
doithoai_turns, doithoai_speaker_intro, doithoai_kind, doithoai_topic,
doithoai_route, doithoai_scope, doithoai_answers. See docs/extraction.md.
"""

from __future__ import annotations

from typing import Any

from minutes.lexicon import Lexicon, load_lexicon

__all__ = ["PIPES", "Extractor", "Lexicon", "build_nlp", "load_lexicon"]


def __getattr__(name: str) -> Any:
    if name in ("PIPES", "Extractor", "build_nlp"):
        from minutes.extract import extractor  # lazy: spaCy (~2 s), only when extracting

        return getattr(extractor, name)
    raise AttributeError(name)
