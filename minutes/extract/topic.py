"""Components `doithoai_topic` and `doithoai_scope`: field and announced content.

Topic: each lexicon phrase in the citizen's point adds its weight to its
topic; a phrase said again adds a quarter of its weight (a speaker repeating
"con đường" should not outweigh one "giải phóng mặt bằng"); the highest
total wins, "khac" when nothing matched.

Scope: the meeting's announced content lines are classified with the same
lexicon (plus the broad phrases in scope.toml); an item whose topic none of
them covers is outside the announced content and needs a written answer.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.matching import PhraseTable, build_view
from minutes.extract.model import Draft, state
from minutes.items import TOPICS
from minutes.lexicon import load_lexicon, normalize
from minutes.messages import extract as msg
from minutes.messages.items import TOPIC_LABELS

_WORDS = re.compile(r"\w+")
REPEAT_FACTOR = 0.25
# A phrase right after one of these names a place or a beneficiary, not the
# subject ("đường vào trường tiểu học …", "ảnh hưởng đến sức khỏe", "cầu treo
# … cho học sinh đi học", "chuyển đổi cây trồng trên đất lúa").
LOCATIVE = {"tại", "ở", "đến", "vào", "gần", "trước", "cạnh", "qua", "từ", "phía", "sang", "cho", "trên", "trong"}
LOCATIVE_FACTOR = 0.5


def topic_scores(matches, text: list[str] | None = None) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Per-topic totals and the phrases behind them. The totals carry a tiny
    share of the topic's strongest phrase, so a tie goes to the topic with
    the most telling phrase ("chăn nuôi heo … gây ô nhiễm môi trường")."""
    scores: dict[str, float] = {}
    strongest: dict[str, float] = {}
    seen: dict[tuple[str, str], int] = {}
    phrases: dict[str, list[str]] = {}
    for m in matches:
        key = (m.label, m.phrase)
        n = seen.get(key, 0)
        seen[key] = n + 1
        w = m.weight * (1.0 if n == 0 else REPEAT_FACTOR)
        if text is not None and m.start > 0 and text[m.start - 1] in LOCATIVE:
            w *= LOCATIVE_FACTOR
        scores[m.label] = scores.get(m.label, 0.0) + w
        strongest[m.label] = max(strongest.get(m.label, 0.0), w)
        if n == 0:
            phrases.setdefault(m.label, []).append(m.phrase)
    for label, w in strongest.items():
        scores[label] += w * 0.01
    return scores, phrases


def choose_topic(d: Draft, scores: dict[str, float], phrases: dict[str, list[str]]) -> None:
    d.topic_scores = {k: round(v, 2) for k, v in sorted(scores.items(), key=lambda kv: -kv[1])}
    if not scores:
        d.topic, d.topic_conf = "khac", 0.2
        d.evidence.append(msg.EV_TOPIC_NONE)
        return
    # ties go to the order of TOPICS (more specific fields come first)
    ranked = sorted(scores, key=lambda k: (-scores[k], TOPICS.index(k)))
    top = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    d.topic = top
    d.topic_conf = round(min(0.95, 0.35 + 0.6 * (scores[top] - second) / scores[top] + 0.05 * min(scores[top], 4)), 2)
    d.evidence.append(msg.EV_TOPIC.format(label=TOPIC_LABELS[top], phrases=", ".join(phrases.get(top, [])[:6])))


FOLLOWUP_MIN = 3.0  # a follow-up with less topic evidence keeps the earlier topic


class TopicClassifier:
    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        for d in st.drafts:
            scores, phrases = topic_scores(st.syllables.in_range("topic", d.start, d.end), st.syllables.text)
            if d.followup_of is not None and max(scores.values(), default=0.0) < FOLLOWUP_MIN:
                first = st.drafts[d.followup_of]
                d.topic, d.topic_conf, d.topic_scores = (
                    first.topic,
                    round(first.topic_conf * 0.8, 2),
                    dict(first.topic_scores),
                )
                d.evidence.append(msg.EV_TOPIC_FOLLOWUP.format(label=TOPIC_LABELS[first.topic]))
                continue
            choose_topic(d, scores, phrases)
        return doc


@Language.factory("doithoai_topic", default_config={"lexicon_dir": ""})
def make_topic(nlp: Language, name: str, lexicon_dir: str):
    return TopicClassifier()


def covered_topics(lines: list[str], lexicon_dir: str = "") -> set[str]:
    """Topics the announced content covers (empty set: no announced content)."""
    lx = load_lexicon(lexicon_dir or None)
    nlp = spacy.blank("vi")
    table = PhraseTable(nlp.vocab, [(c, p, w) for c, t in lx.topics.items() for p, w in t.items()])
    broad = {normalize(k): v for k, v in lx.scope.get("broad", {}).items()}
    covered: set[str] = set()
    for line in lines:
        text = normalize(line)
        view = build_view(nlp.make_doc(text), nlp.vocab)
        scores, _ = topic_scores(table.find(view))
        covered.update(k for k, v in scores.items() if v >= 2)
        padded = f" {' '.join(_WORDS.findall(text))} "
        for phrase, topics in broad.items():
            if f" {' '.join(_WORDS.findall(phrase))} " in padded:
                covered.update(TOPICS if "*" in topics else topics)
    return covered


class ScopeChecker:
    def __init__(self, announced: list[str], lexicon_dir: str) -> None:
        self.covered = covered_topics(announced, lexicon_dir) if announced else None

    def __call__(self, doc: Doc) -> Doc:
        if self.covered is None:
            return doc
        for d in state(doc).drafts:
            if d.topic not in self.covered:
                d.outside_content = True
                d.evidence.append(msg.EV_OUTSIDE.format(label=TOPIC_LABELS[d.topic]))
        return doc


@Language.factory("doithoai_scope", default_config={"lexicon_dir": "", "announced": []})
def make_scope(nlp: Language, name: str, lexicon_dir: str, announced: list[str]):
    return ScopeChecker(announced, lexicon_dir)
