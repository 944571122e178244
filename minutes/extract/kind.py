"""Component `doithoai_kind`: question, request or complaint.

Three scores from the markers in markers.toml: cau_hoi (interrogatives,
"xin hỏi", a clause-final "không"/"chưa"), kien_nghi ("đề nghị", "mong",
"yêu cầu", or a point that opens with a verb: "Sớm đầu tư …") and phan_anh
("phản ánh", "bức xúc", "tình trạng …" and words that describe harm). The
rule, in order:

1. a question score of 3 or more that is not smaller than the request score
   → cau_hoi, unless an explicit request ("đề nghị", score ≥ 3) meets only
   interrogative words and no direct question ("xin hỏi", "cho biết", "?",
   a clause-final "không"): "không biết đặt ở đâu, đề nghị công khai …";
2. a request score of 2 or more → kien_nghi (a complaint that ends in a request is a request);
3. a complaint score of 2 or more → phan_anh;
4. otherwise the larger non-zero score, and kien_nghi when nothing fired —
   written petitions are mostly requests phrased as noun phrases
   ("Công tác cấp giấy chứng nhận …").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from minutes.extract.model import Draft, state
from minutes.lexicon import load_lexicon, normalize
from minutes.messages import extract as msg
from minutes.messages.items import KIND_LABELS

# words skipped before the opening verb ("Cử tri đề nghị …", "Tôi xin …")
_FILLER = {
    "tôi",
    "chúng",
    "xin",
    "có",
    "ý",
    "kiến",
    "cử",
    "tri",
    "nhân",
    "dân",
    "người",
    "bà",
    "con",
    "kính",
    "thưa",
    "vâng",
    "dạ",
    "ạ",
    "thì",
    "là",
    "nay",
    "hiện",
    ",",
    ".",
    ":",
    "-",
    "và",
    "cũng",
    "rất",
    "đề",
    "nghị",
    "mong",
    "cần",
}


class KindClassifier:
    def __init__(self, lexicon_dir: str) -> None:
        markers = load_lexicon(lexicon_dir or None).markers
        qe = markers.get("question_end", {})
        self.q_weight = float(qe.get("weight", 3))
        self.q_words = {normalize(w) for w in qe.get("words", ["không", "chưa"])}
        self.q_particles = {normalize(w) for w in qe.get("particles", [])}
        self.q_openers = {normalize(w) for w in qe.get("openers", [])}
        self.q_next = {normalize(w) for w in qe.get("next_clause", [])}
        self.direct = {normalize(w) for w in markers.get("direct_question", [])}
        imp = markers.get("imperative_start", {})
        self.imp_weight = float(imp.get("weight", 3))
        self.imp_window = int(imp.get("window", 3))
        self.imp = sorted((normalize(w).split() for w in imp.get("words", [])), key=len, reverse=True)

    def _question_ends(self, view, a: int, b: int) -> list[tuple[str, float]]:
        text, found = view.text, []
        for i in range(a, b):
            if text[i] not in self.q_words or not (view.word_start[i] and view.word_end[i]):
                continue
            nxt = text[i + 1] if i + 1 < b else None
            if nxt is None or nxt in self.q_particles:
                found.append((text[i], self.q_weight))
            elif nxt in self.q_next and any(t in self.q_openers for t in text[max(a, i - 10) : i]):
                found.append((text[i], self.q_weight - 1))
        return found

    def _imperative(self, view, start: int, b: int) -> str | None:
        text = view.text
        skipped = 0
        for i in range(start, b):
            for words in self.imp:
                if text[i : i + len(words)] == words:
                    return " ".join(words)
            if text[i] in _FILLER:
                continue
            skipped += 1
            if skipped >= self.imp_window:
                return None
        return None

    def classify(self, view, d: Draft) -> None:
        a, b = (d.core_start if d.core_start >= 0 else d.start), d.end
        scores = {"cau_hoi": 0.0, "kien_nghi": 0.0, "phan_anh": 0.0}
        fired: dict[str, list[str]] = {k: [] for k in scores}
        for m in view.in_range("kind", a, b):
            if m.label not in scores:
                continue  # a neutral phrase that only takes its words out of play
            scores[m.label] += m.weight
            fired[m.label].append(m.phrase)
        direct = any(p in self.direct for p in fired["cau_hoi"])
        for word, w in self._question_ends(view, a, b):
            scores["cau_hoi"] += w
            fired["cau_hoi"].append(msg.EV_QUESTION_END.format(word=word))
            direct = True
        verb = self._imperative(view, a, b)
        if verb:
            scores["kien_nghi"] += self.imp_weight
            fired["kien_nghi"].append(msg.EV_IMPERATIVE.format(word=verb))
        q, r, c = scores["cau_hoi"], scores["kien_nghi"], scores["phan_anh"]
        if q >= 3 and q >= r and (direct or r < 3):
            kind, conf = "cau_hoi", 0.6 + 0.1 * min(3, q - r)
        elif r >= 2:
            # a request wins over a complaint; confidence drops when the complaint is stronger
            kind, conf = "kien_nghi", max(0.55, 0.6 + 0.1 * min(3, r - max(q, c) + 1))
        elif c >= 2:
            kind, conf = "phan_anh", max(0.55, 0.6 + 0.1 * min(3, c - max(q, r)))
        elif max(q, r, c) > 0:
            kind = max(scores, key=lambda k: (scores[k], k == "kien_nghi"))
            conf = 0.5
        else:
            kind, conf = "kien_nghi", 0.4
        d.kind, d.kind_conf = kind, round(min(conf, 0.95), 2)
        if fired[kind]:
            d.evidence.append(
                msg.EV_KIND.format(label=KIND_LABELS[kind], markers=", ".join(dict.fromkeys(fired[kind])))
            )
        else:
            d.evidence.append(msg.EV_KIND_DEFAULT.format(label=KIND_LABELS[kind]))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        for d in st.drafts:
            self.classify(st.view, d)
        return doc


@Language.factory("doithoai_kind", default_config={"lexicon_dir": ""})
def make_kind(nlp: Language, name: str, lexicon_dir: str):
    return KindClassifier(lexicon_dir)
