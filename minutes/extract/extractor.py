"""`Extractor`: utterances in, items out. Builds the spaCy pipeline once."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

# importing the modules registers the factories
from minutes.extract import answers, intro, kind, route, topic, turns  # noqa: F401
from minutes.extract.model import DocState, Draft, UttSpan, state
from minutes.items import Item
from minutes.lexicon import lexicon_stamp, normalize_inline
from minutes.meeting import Meeting
from minutes.types import Utterance

PIPES = (
    "doithoai_syllables",
    "doithoai_turns",
    "doithoai_speaker_intro",
    "doithoai_kind",
    "doithoai_topic",
    "doithoai_route",
    "doithoai_scope",
    "doithoai_answers",
)
SUMMARY_WORDS = 22
_LEADING = {"thì", "là", "vâng", "dạ", "ạ", "và", "còn", "rồi", "với", "cho"}


def _key(d: dict) -> tuple:
    return tuple(
        sorted(
            (k, tuple(v) if isinstance(v, list) else tuple(sorted(v.items())) if isinstance(v, dict) else v)
            for k, v in d.items()
        )
    )


@lru_cache(maxsize=8)
def _pipeline(config_key: tuple) -> Language:
    config = {k: (list(v) if isinstance(v, tuple) and k != "overrides" else v) for k, v in config_key}
    lx = config.get("lexicon_dir", "")
    nlp = spacy.blank("vi")
    nlp.add_pipe("doithoai_syllables", config={"lexicon_dir": lx})
    nlp.add_pipe("doithoai_turns", config={"officials": config["officials"], "lexicon_dir": lx})
    nlp.add_pipe("doithoai_speaker_intro", config={"lexicon_dir": lx, "hamlets": config["hamlets"]})
    nlp.add_pipe("doithoai_kind", config={"lexicon_dir": lx})
    nlp.add_pipe("doithoai_topic", config={"lexicon_dir": lx})
    nlp.add_pipe(
        "doithoai_route", config={"lexicon_dir": lx, "preset": config["preset"], "overrides": dict(config["overrides"])}
    )
    nlp.add_pipe("doithoai_scope", config={"lexicon_dir": lx, "announced": config["announced"]})
    nlp.add_pipe("doithoai_answers", config={"lexicon_dir": lx})
    return nlp


def build_nlp(
    meeting: Meeting | None = None, lexicon_dir: str | Path | None = None, preset: str | None = None
) -> Language:
    """The extraction pipeline for a meeting (cached per configuration)."""
    officials: list[str] = []
    if meeting is not None:
        officials = [p.name for p in (meeting.chair, *meeting.co_chairs, *meeting.officials) if p.name]
    config = {
        "lexicon_dir": str(Path(lexicon_dir).resolve()) if lexicon_dir else "",
        "officials": officials,
        "hamlets": list(meeting.hamlets) if meeting else [],
        "preset": preset or (meeting.routing_preset if meeting else "tu-2025-07"),
        "overrides": dict(meeting.routing_overrides) if meeting else {},
        "announced": list(meeting.announced_content) if meeting else [],
        "stamp": [f"{n}:{t}" for n, t in lexicon_stamp(lexicon_dir)],  # rebuild after an edit
    }
    return _pipeline(_key(config))


def _prepare(text: str) -> tuple[str, str]:
    """(original NFC, lower-case matching form) of the same length."""
    original = unicodedata.normalize("NFC", text)
    norm = normalize_inline(original)
    if len(norm) != len(original):  # exotic case mapping; keep offsets valid
        original = norm
    return original, norm


class Extractor:
    """Finds citizens' questions, requests and complaints in a dialogue.

    >>> ex = Extractor(meeting)
    >>> items = ex.extract(utterances)            # a whole transcript
    >>> item = ex.classify_text("Đề nghị …")      # one citizen's utterance
    """

    def __init__(
        self, meeting: Meeting | None = None, lexicon_dir: str | Path | None = None, preset: str | None = None
    ) -> None:
        self.meeting = meeting
        self.nlp = build_nlp(meeting, lexicon_dir, preset)

    # -- entry points ------------------------------------------------------
    def extract(self, utterances: Iterable[Utterance]) -> list[Item]:
        return list(self.iter_items(utterances))

    def iter_items(self, utterances: Iterable[Utterance]) -> Iterator[Item]:
        originals, norms, spans = [], [], []
        pos = 0
        for u in utterances:
            orig, norm = _prepare(u.text.strip())
            if not norm.strip():
                continue
            spans.append(UttSpan(pos, pos + len(norm), float(u.start), float(u.end), u.speaker))
            originals.append(orig)
            norms.append(norm)
            pos += len(norm) + 1
        doc = self._run(" ".join(norms), DocState(utts=spans))
        yield from self._items(doc, " ".join(originals))

    def classify_text(self, text: str) -> Item:
        """Classify one citizen's whole utterance (no turn finding, no times)."""
        orig, norm = _prepare(text.strip())
        doc = self._run(norm, DocState(utts=[UttSpan(0, len(norm), 0.0, 0.0)], single=True))
        items = list(self._items(doc, orig, with_times=False))
        if items:
            return items[0]
        return Item(id="yk-001", kind="kien_nghi", text=text.strip(), topic="khac", confidence=0.0)

    # -- internals ---------------------------------------------------------
    def _run(self, text: str, st: DocState):
        doc = self.nlp.make_doc(text)
        doc._.dt = st
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def _items(self, doc, original: str, with_times: bool = True) -> Iterator[Item]:
        st = state(doc)
        view = st.syllables
        for n, d in enumerate(st.drafts, 1):
            a_char, b_char = view.start_char[d.start], view.end_char[d.end - 1]
            start, end = st.syl_time(d.start, d.end) if with_times else (None, None)
            answer = a_start = a_end = None
            if d.answer_range:
                ra, rb = d.answer_range
                answer = original[view.start_char[ra] : view.end_char[rb - 1]].strip()
                a_start, a_end = st.syl_time(ra, rb)
            role_conf = st.turns[d.turn].confidence if st.turns else 1.0
            yield Item(
                id=f"yk-{n:03d}",
                kind=d.kind,
                text=original[a_char:b_char].strip(),
                summary=self._summary(view, d, original),
                topic=d.topic,
                unit=d.unit,
                asker=d.asker,
                hamlet=d.hamlet,
                start=start,
                end=end,
                answered=d.answered,
                answer=answer,
                answer_start=a_start,
                answer_end=a_end,
                outside_content=d.outside_content,
                confidence=round(0.4 * role_conf + 0.3 * d.kind_conf + 0.3 * d.topic_conf, 2),
                evidence=list(d.evidence),
            )

    @staticmethod
    def _summary(view, d: Draft, original: str) -> str:
        a = d.core_start if 0 <= d.core_start < d.end else d.start
        while a < d.end - 1 and (view.text[a] in _LEADING or not view.text[a].isalnum()):
            a += 1
        b = min(d.end, a + SUMMARY_WORDS)
        text = original[view.start_char[a] : view.end_char[b - 1]].strip(" ,.;:")
        if b < d.end:
            text += " …"
        return text[:1].upper() + text[1:]
