"""Components `doithoai_syllables` and `doithoai_turns`: who speaks when.

The recogniser gives segments, rarely speaker labels, and a segment may hold
a speaker change. Turns are found from turn-taking cues ("xin mời bác …",
"cảm ơn bác …", "về ý kiến của …", "tôi tên là …"), the officials named in
the meeting file and speaker labels when diarization ran. Each citizen turn
becomes one draft item, or several when the citizen enumerates points
("thứ hai là …").
"""

from __future__ import annotations

import bisect
import unicodedata

from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.matching import Tables, build_view
from minutes.extract.model import Draft, Turn, state
from minutes.lexicon import load_lexicon, normalize, strip_marks
from minutes.messages import extract as msg

# words that belong with a following split cue ("tôi xin mời …", "vâng cảm ơn …")
_LEAD_IN = {"tôi", "chúng", "xin", "vâng", "dạ", "và", "bây", "giờ", "kính"}
# a split cue this close after the previous cut belongs to the same opening
# ("thưa chủ tịch tôi tên là …")
MIN_PIECE = 5
# weight of "same speaker as before" for a segment that opens with no cue
INERTIA = 2.5
# a citizen's question usually hands the floor to an official (weaker than inertia)
AFTER_QUESTION = 1.5
# "tôi là người dân …", "tôi là hộ nghèo": not an introduction
_NOT_NAME = {"người", "hộ", "dân", "cán", "công", "đại", "thương", "con", "một", "bí", "trưởng", "cựu", "hội"}
# words a citizen opens with before introducing themself
_OPENERS = {"vâng", "dạ", "kính", "thưa", "chủ", "tọa", "tịch", "đồng", "chí", "xin", "chào", "ạ", "các", "bà", "con"}


@Language.factory("doithoai_syllables", default_config={"lexicon_dir": ""})
def make_syllables(nlp: Language, name: str, lexicon_dir: str):
    tables = Tables(load_lexicon(lexicon_dir or None), nlp.vocab)

    def syllables(doc: Doc) -> Doc:
        st = state(doc)
        st.view = build_view(doc, nlp.vocab)
        tables.run(st.view)
        return doc

    return syllables


def _name_keys(name: str) -> tuple[str, str]:
    """Stripped full name and given name (last syllable) for loose matching."""
    s = strip_marks(normalize(name))
    parts = s.split()
    return s, parts[-1] if parts else ""


class TurnFinder:
    def __init__(self, officials: list[str], min_item_syllables: int, enum_min: int, lexicon_dir: str = "") -> None:
        intro = load_lexicon(lexicon_dir or None).markers.get("intro", {})
        self.pronouns = {normalize(w) for w in intro.get("pronouns", [])}
        self.surnames = {normalize(w) for w in intro.get("surnames", [])}
        self.officials = [_name_keys(n) for n in officials if n.strip()]
        self.min_item = min_item_syllables
        self.enum_min = enum_min

    def _speaker_role(self, label: str | None) -> str | None:
        if not label:
            return None
        s = strip_marks(normalize(label))
        if any(full and full in s for full, _ in self.officials):
            return "official"
        if any(w in s for w in ("chu tich", "chu toa", "can bo", "cong chuc", "official")):
            return "official"
        if any(w in s for w in ("cong dan", "nguoi dan", "citizen", "cu tri")):
            return "citizen"
        return None

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        view = st.syllables
        n = len(view)
        if n == 0:
            return doc
        if st.single:
            st.turns = [Turn(0, n, "citizen", 1.0)]
            st.drafts = [Draft(0, n, 0)]
            return doc
        pieces, cuts, utt_first = self._pieces(st, view)
        # 2. role of each piece
        turns: list[Turn] = []
        expect: str | None = None
        after_question = False
        for a, b in pieces:
            cue, hint = cuts.get(a, ("", ""))
            off = cit = 0.0
            fired: list[str] = []
            for m in view.in_range("role", a, b):
                if m.label == "official":
                    off += m.weight
                else:
                    cit += m.weight
                fired.append(m.phrase)
            head = strip_marks(view.joined(a, min(b, a + 12)))
            for full, _given in self.officials:
                if full and (f"toi la {full}" in head or f"toi ten la {full}" in head):
                    off += 6
                    fired.append(full)
            intro_cue = self._opens_with_intro(view, a, b)
            if intro_cue:
                cue = cue or intro_cue
                fired.append(intro_cue)
                cit += 3
            ui = st.utt_index(view.start_char[a])
            label_role = self._speaker_role(st.utts[ui].speaker)
            if label_role == "official":
                off += 6
            elif label_role == "citizen":
                cit += 6
            if expect == "citizen":
                cit += 2.5
            elif expect == "official":
                off += 2.5
            elif after_question:
                off += AFTER_QUESTION
            if hint == "official":
                off += 1
            elif hint == "citizen":
                cit += 1
            prev = turns[-1] if turns else None
            new_speaker = bool(cue) or (
                prev is not None
                and st.utts[ui].speaker is not None
                and a in utt_first
                and st.utts[st.utt_index(view.start_char[prev.start])].speaker != st.utts[ui].speaker
            )
            if prev is not None and not new_speaker:
                # a new segment without a cue usually continues the same speaker
                if prev.role == "official":
                    off += INERTIA
                else:
                    cit += INERTIA
            if off == cit == 0 and prev is not None and not new_speaker:
                role = prev.role
            elif off == cit:
                role = "official" if prev is None or prev.role == "citizen" else "citizen"
            else:
                role = "official" if off > cit else "citizen"
            margin = abs(off - cit)
            conf = min(0.95, 0.55 + 0.08 * margin)
            if prev is not None and prev.role == role and not new_speaker:
                prev.end = b
                prev.why += fired
                prev.confidence = max(prev.confidence, conf)
            else:
                turns.append(Turn(a, b, role, conf, cue=cue, why=fired))
            expect = self._expectation(view, a, b)
            after_question = role == "citizen" and self._ends_with_question(view, a, b)
        st.turns = turns
        st.drafts = self._drafts(st)
        return doc

    def _pieces(self, st, view) -> tuple[list[tuple[int, int]], dict[int, tuple[str, str]], dict[int, int]]:
        """Cut the text at segment starts and at split cues (a speaker change the
        recogniser did not mark); returns the pieces, the cue at each cut and the
        segment that starts at a cut."""
        n = len(view)
        cuts: dict[int, tuple[str, str]] = {}  # syllable -> (cue, role hint)
        utt_first: dict[int, int] = {}
        for ui, u in enumerate(st.utts):
            i = view.index_at(u.start_char)
            if i < n:
                utt_first.setdefault(i, ui)
                cuts.setdefault(i, ("", ""))
        keys = sorted(cuts)
        for m in view.matches.get("split", []):
            start = m.start
            while start > 0 and view.text[start - 1] in _LEAD_IN and start - 1 not in cuts and m.start - start < 2:
                start -= 1
            k = bisect.bisect_right(keys, start)
            last = keys[k - 1] if k else None
            if last is not None and last != start and start - last < MIN_PIECE:
                if not cuts[last][0]:
                    cuts[last] = (m.phrase, m.label)  # "kính | thưa chủ tọa": one opening
                continue
            if start not in cuts:
                bisect.insort(keys, start)
            if not cuts.get(start, ("", ""))[0]:
                cuts[start] = (m.phrase, m.label)
        bounds = sorted(cuts) + [n]
        pieces = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1) if bounds[k] < bounds[k + 1]]
        if pieces and pieces[0][0] > 0:
            pieces.insert(0, (0, pieces[0][0]))
        return pieces, cuts, utt_first

    def _opens_with_intro(self, view, a: int, b: int) -> str | None:
        """ "(dạ thưa chủ tọa) tôi là/tôi tên là Nguyễn …" or "tôi Hoàng Văn …" at a piece start."""
        i = a
        while i < min(b, a + 6) and view.text[i] in _OPENERS:
            i += 1
        for m in view.in_range("intro", i, min(b, i + 4)):
            if m.label == "name" and m.start == i and m.end < b and view.text[m.end] not in _NOT_NAME:
                return m.phrase
        if i + 1 < b and view.text[i] in self.pronouns and view.text[i + 1] in self.surnames:
            return view.text[i]
        return None

    @staticmethod
    def _ends_with_question(view, a: int, b: int) -> bool:
        """A citizen's piece that ends on a question hands the floor to an official."""
        tail = max(a, b - 4)
        if any(m.label == "cau_hoi" and m.end >= tail for m in view.in_range("kind", a, b)):
            return True
        return view.text[b - 1] in ("ạ", "?") or (b - a > 1 and view.text[b - 2 : b] in (["không", "ạ"], ["chưa", "ạ"]))

    @staticmethod
    def _expectation(view, a: int, b: int) -> str | None:
        """After "mời bác …" a citizen speaks; after "mời đồng chí …" an official."""
        last = None
        for m in view.in_range("split", a, b):
            if m.phrase.startswith("mời") or m.phrase.startswith("xin mời"):
                tail = view.joined(m.start, min(b, m.end + 2))
                last = "official" if "đồng chí" in tail else "citizen"
        return last

    def _drafts(self, st) -> list[Draft]:
        view = st.view
        drafts: list[Draft] = []
        for ti, t in enumerate(st.turns):
            if t.role != "citizen":
                continue
            starts = [t.start]
            for m in view.in_range("enum", t.start, t.end):
                if m.start - starts[-1] >= self.enum_min:
                    starts.append(m.start)
            starts.append(t.end)
            for k in range(len(starts) - 1):
                a, b = starts[k], starts[k + 1]
                has_marker = bool(view.in_range("kind", a, b)) or bool(view.in_range("topic", a, b))
                if b - a >= self.min_item and has_marker:
                    d = Draft(a, b, ti)
                    why = ", ".join(dict.fromkeys(t.why)) if t.why else ""
                    d.evidence.append(
                        msg.EV_TURN.format(why=msg.EV_CUES.format(cues=why) if why else t.cue or "mạch hội thoại")
                    )
                    drafts.append(d)
        return drafts


@Language.factory(
    "doithoai_turns",
    default_config={"officials": [], "min_item_syllables": 8, "enum_min_syllables": 8, "lexicon_dir": ""},
)
def make_turns(
    nlp: Language, name: str, officials: list[str], min_item_syllables: int, enum_min_syllables: int, lexicon_dir: str
):
    return TurnFinder(
        [unicodedata.normalize("NFC", o) for o in officials], min_item_syllables, enum_min_syllables, lexicon_dir
    )
