"""Component `doithoai_speaker_intro`: the asker's name and hamlet.

From the citizen's own introduction ("tôi tên là Nguyễn Văn An ở thôn Phước
Hòa") or from the chair's invitation just before ("xin mời bác Ba thôn Đông
Yên phát biểu"). Hamlets are matched against the meeting's list without
diacritics and with a small edit tolerance, so "phuoc hoa" or "phước hoà"
still give "Phước Hòa".
"""

from __future__ import annotations

import difflib
import unicodedata

from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.model import state
from minutes.lexicon import load_lexicon, normalize, strip_marks
from minutes.messages import extract as msg


def title(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


class IntroFinder:
    def __init__(self, lexicon_dir: str, hamlets: list[str]) -> None:
        intro = load_lexicon(lexicon_dir or None).markers.get("intro", {})
        self.stop = {normalize(w) for w in intro.get("name_stop", [])}
        self.not_start = {normalize(w) for w in intro.get("not_name_start", [])}
        self.not_phrases = {tuple(normalize(w).split()) for w in intro.get("not_name_phrases", [])}
        self.numbers = {normalize(w) for w in intro.get("number_words", [])}
        self.honorifics = [normalize(w).split() for w in intro.get("honorifics", [])]
        self.max_name = int(intro.get("max_name_syllables", 4))
        self.max_hamlet = int(intro.get("max_hamlet_syllables", 3))
        self.window = int(intro.get("window", 40))
        self.hamlets = [(h, strip_marks(normalize(h)).split()) for h in hamlets if h.strip()]
        self.owners = [normalize(w).split() for w in intro.get("hamlet_owner", [])]
        self.pronouns = {normalize(w) for w in intro.get("pronouns", [])}
        self.surnames = {normalize(w) for w in intro.get("surnames", [])}

    # -- names ---------------------------------------------------------------
    def _name_after(self, text: list[str], i: int, end: int) -> list[str]:
        for hon in self.honorifics:
            if text[i : i + len(hon)] == hon:
                i += len(hon)
                break
        words: list[str] = []
        while i < end and len(words) < self.max_name:
            w = text[i]
            if w in self.stop or not w.isalpha() or (words and self._hamlet_starts(text, i, end)):
                break
            words.append(w)
            i += 1
        if not words or words[0] in self.not_start or tuple(words[:2]) in self.not_phrases:
            return []
        return words

    @staticmethod
    def _any_invite(view, turn) -> bool:
        return any(m.phrase.startswith(("mời", "xin mời")) for m in view.in_range("split", turn.start, turn.end))

    def _owned(self, text: list[str], i: int, a: int) -> bool:
        """The hamlet cue at text[i] says where the speaker lives: it opens the
        point or follows "ở" / "cử tri" …; "đoạn qua thôn …" names a place."""
        if i == a:
            return True
        for words in self.owners:
            k = len(words)
            if i - k >= a and text[i - k : i] == words:
                return True
        return False

    def _hamlet_starts(self, text: list[str], i: int, end: int) -> bool:
        """A meeting hamlet's name begins at text[i] ("… trần văn lâm đông yên …")."""
        return any([strip_marks(w) for w in text[i : min(end, i + len(parts))]] == parts for _, parts in self.hamlets)

    # -- hamlets -------------------------------------------------------------
    def _hamlet_after(self, text: list[str], i: int, end: int) -> tuple[str, str, int] | None:
        """(hamlet, evidence, syllables used) for text[i:]: a meeting hamlet if one fits;
        a number keeps its cue word ("xóm ba" → "Xóm Ba", "thôn 3" → "Thôn 3")."""
        window = [strip_marks(w) for w in text[i : min(end, i + self.max_hamlet)]]
        if not window:
            return None
        best, best_score = None, 0.0
        for name, parts in self.hamlets:
            cand = " ".join(window[: len(parts)])
            score = difflib.SequenceMatcher(None, cand, " ".join(parts)).ratio()
            if score > best_score:
                best, best_score = name, score
        raw = text[i : min(end, i + len(window))]
        if best is not None and best_score >= 0.75:
            phrase = " ".join(raw[: len(best.split())])
            ev = (
                msg.EV_HAMLET.format(phrase=phrase)
                if best_score == 1.0
                else msg.EV_HAMLET_FUZZY.format(phrase=phrase, hamlet=best)
            )
            return best, ev, len(best.split())
        if i > 0 and i < end and (text[i].isdigit() or text[i] in self.numbers):
            return title([text[i - 1], text[i]]), msg.EV_HAMLET.format(phrase=f"{text[i - 1]} {text[i]}"), 1
        if self.hamlets:
            return None  # the meeting lists its hamlets; an unknown word is not one
        words: list[str] = []
        for w in raw:
            if w in self.stop or not w.isalnum() or len(words) == 2:
                break
            words.append(w)
        if not words:
            return None
        return title(words), msg.EV_HAMLET.format(phrase=" ".join(words)), len(words)

    def _scan(self, view, a: int, b: int, invited: bool = False) -> tuple[str | None, str | None, int, list[str]]:
        """Name, hamlet, end of the introduction and evidence in syllables [a, b).

        The introduction only ends after a name: a hamlet alone ("đường thôn
        Đông Yên …") is part of the citizen's point, not a self-introduction.
        `invited`: [a, b) is the chair's "mời bác … thôn … phát biểu".
        """
        text = view.text
        name = hamlet = None
        name_end = hamlet_end = a
        ev: list[str] = []
        cues = view.in_range("intro", a, b)
        for m in cues:
            if m.label == "name":
                words = self._name_after(text, m.end, b)
                if words:
                    name = title(words)
                    ev.append(msg.EV_ASKER.format(phrase=" ".join(text[m.start : m.end] + words)))
                    name_end = m.end + len(words)
                    break
        if name is None and not invited and b - a > 2:
            k = a
            while k < min(b, a + 6) and text[k] not in self.pronouns:
                k += 1
            if k + 1 < b and text[k] in self.pronouns and text[k + 1] in self.surnames:
                words = self._name_after(text, k + 1, b)
                if len(words) >= 2:
                    name = title(words)
                    ev.append(msg.EV_ASKER.format(phrase=" ".join(text[k : k + 1 + len(words)])))
                    name_end = k + 1 + len(words)
        for m in cues:
            if m.label != "hamlet":
                continue
            if name is None and not invited and not self._owned(text, m.start, a):
                continue
            found = self._hamlet_after(text, m.end, b)
            if found:
                hamlet, e, n = found
                ev.append(e)
                hamlet_end = m.end + n
                break
        if hamlet is None and name is not None and self.hamlets and self._hamlet_starts(text, name_end, b):
            found = self._hamlet_after(text, name_end, b)
            if found:
                hamlet, e, n = found
                ev.append(e)
                hamlet_end = name_end + n
        if hamlet is None and self.hamlets:
            for i in range(a, b):
                if text[i] == "ở":
                    found = self._hamlet_after(text, i + 1, b)
                    if found:
                        hamlet, e, n = found
                        ev.append(e)
                        hamlet_end = i + 1 + n
                        break
        intro_end = a
        if name is not None:
            intro_end = name_end
            if hamlet is not None and 0 <= hamlet_end - name_end <= 8:
                intro_end = hamlet_end
        return name, hamlet, intro_end, ev

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        view = st.syllables
        by_turn: dict[int, tuple] = {}
        for d in st.drafts:
            turn = st.turns[d.turn]
            if d.turn not in by_turn:
                a = turn.start
                name, hamlet, intro_end, ev = self._scan(view, a, min(turn.end, a + self.window))
                if name is None and d.turn > 0 and st.turns[d.turn - 1].role == "official":
                    prev = st.turns[d.turn - 1]
                    invites = [m for m in view.in_range("intro", prev.start, prev.end) if m.label == "invite"]
                    if invites:
                        m = invites[-1]
                        p_name, p_hamlet, _, _ = self._scan(view, m.start, prev.end, invited=True)
                        words = self._name_after(view.text, m.end - 1, prev.end) if p_name is None else []
                        invited = p_name or (title(words) if words else None)
                        if invited:
                            name = invited
                            ev.append(
                                msg.EV_ASKER_INVITED.format(phrase=view.joined(m.start, min(prev.end, m.end + 4)))
                            )
                        if hamlet is None and p_hamlet:
                            hamlet = p_hamlet
                    else:
                        # nobody new was invited since the last citizen spoke: a follow-up
                        earlier = [t for t in by_turn if t < d.turn]
                        last = max(earlier) if earlier else None
                        between = st.turns[last + 1 : d.turn] if last is not None else []
                        if (
                            last is not None
                            and by_turn[last][0]
                            and not any(self._any_invite(view, t) for t in between)
                        ):
                            name, hamlet = by_turn[last][0], hamlet or by_turn[last][1]
                            ev.append(msg.EV_ASKER_FOLLOWUP.format(name=name))
                            d.followup_of = max(i for i, e in enumerate(st.drafts) if e.turn == last)
                by_turn[d.turn] = (name, hamlet, intro_end, ev)
            name, hamlet, intro_end, ev = by_turn[d.turn]
            d.asker, d.hamlet = name, hamlet
            d.core_start = max(d.start, intro_end) if d.start == turn.start else d.start
            if d.start == turn.start:
                d.evidence += ev
        return doc


@Language.factory("doithoai_speaker_intro", default_config={"lexicon_dir": "", "hamlets": []})
def make_intro(nlp: Language, name: str, lexicon_dir: str, hamlets: list[str]):
    return IntroFinder(lexicon_dir, [unicodedata.normalize("NFC", h) for h in hamlets])
