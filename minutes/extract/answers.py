"""Component `doithoai_answers`: was the item answered at the meeting?

The officials' turns after a run of citizen items, up to the next citizen,
are the answer block. When the chair answers several people in one block
("về ý kiến của bác An … về ý kiến của bác Ba …"), each part goes to the
item whose asker it names (or, failing names, to the items in order). An
answer that defers ("sẽ trả lời bằng văn bản", "xin ghi nhận", "báo cáo cấp
trên") means a written answer is needed; so does no answer at all. "Xin
ghi nhận", "tiếp thu" alone defer only a short reply: officials also say
them before answering in full.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.model import Draft, state
from minutes.lexicon import load_lexicon, strip_marks
from minutes.messages import extract as msg

DEFER_THRESHOLD = 3.0


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = int(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class AnswerLinker:
    def __init__(self, lexicon_dir: str) -> None:
        markers = load_lexicon(lexicon_dir or None).markers
        substance = markers.get("answers", {}).get("substance", {})
        self.min_words = int(substance.get("min_words", 14))
        self.short_reply = int(substance.get("short_reply_words", 30))

    def _parts(self, st, block: list[int]) -> list[tuple[int, int]]:
        """Split an answer block at official turns that open with "về ý kiến …"."""
        parts: list[tuple[int, int]] = []
        for ti in block:
            t = st.turns[ti]
            opens = "ý kiến" in t.cue or t.cue.startswith("cảm ơn")
            if parts and not opens:
                parts[-1] = (parts[-1][0], t.end)
            else:
                parts.append((t.start, t.end))
        return parts

    def _link(self, st, drafts: list[Draft], block: list[int]) -> None:
        view = st.view
        parts = self._parts(st, block)
        whole = (st.turns[block[0]].start, st.turns[block[-1]].end)
        assigned: dict[int, tuple[int, int]] = {}
        if len(parts) > 1 and len(drafts) > 1:
            for di, d in enumerate(drafts):
                if not d.asker:
                    continue
                given = strip_marks(d.asker.split()[-1].lower())
                for a, b in parts:
                    head = [strip_marks(w) for w in view.text[a : min(b, a + 10)]]
                    if given in head and (a, b) not in assigned.values():
                        assigned[di] = (a, b)
                        break
            if not assigned and len(parts) == len(drafts):
                assigned = dict(enumerate(parts))
        if len(drafts) == 1 and len(parts) > 1:
            # one question: the reply runs to the first substantive part; later
            # parts ("cảm ơn bà con … kết luận …") are the chair moving on
            end = next((b for a, b in parts if b - a >= self.min_words), parts[0][1])
            whole = (whole[0], end)
        for di, d in enumerate(drafts):
            a, b = assigned.get(di, whole)
            defer = view.in_range("deferred", a, b)
            strong = sum(m.weight for m in defer if m.weight >= DEFER_THRESHOLD)
            weak = sum(m.weight for m in defer if m.weight < DEFER_THRESHOLD)
            substantive = (b - a) >= self.min_words
            if not substantive and not defer:
                d.evidence.append(msg.EV_NO_ANSWER)
                continue
            d.answer_range = (a, b)
            if strong >= DEFER_THRESHOLD or (weak >= 2 and (b - a) < self.short_reply):
                d.deferred = True
                d.evidence.append(msg.EV_DEFERRED.format(markers=", ".join(dict.fromkeys(m.phrase for m in defer))))
            else:
                d.answered = True
                d.evidence.append(msg.EV_ANSWERED.format(time=_fmt(st.time_at(view.start_char[a]))))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        if st.single or not st.drafts:
            return doc
        by_turn: dict[int, list[Draft]] = {}
        for d in st.drafts:
            by_turn.setdefault(d.turn, []).append(d)
        pending: list[Draft] = []
        block: list[int] = []
        for ti, t in enumerate(st.turns):
            if t.role == "citizen":
                if block:
                    self._link(st, pending, block)
                    pending, block = [], []
                pending += by_turn.get(ti, [])
            elif pending:
                block.append(ti)
        if pending:
            if block:
                self._link(st, pending, block)
            else:
                for d in pending:
                    d.evidence.append(msg.EV_NO_ANSWER)
        return doc


@Language.factory("doithoai_answers", default_config={"lexicon_dir": ""})
def make_answers(nlp: Language, name: str, lexicon_dir: str):
    return AnswerLinker(lexicon_dir)
