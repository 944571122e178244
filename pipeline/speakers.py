"""Speakers in a transcript: labels from diarization, and their names.

- `assign_speakers(transcript, turns)` gives every word the speaker whose
  turn covers it and splits segments where the speaker changes.
- `rename_speakers(transcript, {"SPK1": "Chủ tịch UBND xã Nguyễn Hồng Phước"})`
  sets display names (labels stay; exports show the name).
- `propose_names(transcript, meeting)` reads the speech for names: a
  self-introduction ("Tôi tên là …"), the chair (who gives the floor with
  "xin mời …" most), and whoever speaks right after being invited by name
  or title (matched against the meeting's officials).

Pure functions over pipeline.transcript dataclasses; no model, no I/O.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from minutes.meeting import Meeting, Person
from pipeline.errors import BadInputError
from pipeline.hallucination import words_text
from pipeline.messages import speakers as msg
from pipeline.transcript import Segment, Transcript, Word

DEFAULT_NAME = msg.SPEAKER_DEFAULT_NAME  # display name before anyone is named


class TurnLike(Protocol):
    start: float
    end: float
    speaker: str


# --- labels ----------------------------------------------------------------------


def default_name(label: str) -> str:
    digits = re.sub(r"\D", "", label)
    return DEFAULT_NAME.format(n=digits or label)


def _speaker_at(start: float, end: float, turns: list[TurnLike]) -> str | None:
    """The speaker whose turns overlap [start, end] most; else the nearest turn."""
    if not turns:
        return None
    overlap: dict[str, float] = defaultdict(float)
    for t in turns:
        o = min(end, t.end) - max(start, t.start)
        if o > 0:
            overlap[t.speaker] += o
    if overlap:
        return max(overlap, key=overlap.__getitem__)  # the first of equals, as Counter.most_common
    mid = (start + end) / 2
    nearest = min(turns, key=lambda t: max(t.start - mid, mid - t.end, 0.0))
    return nearest.speaker


def _runs(words: list[Word]) -> list[list[Word]]:
    """Consecutive words of one speaker; a lone short word between two runs of
    the same other speaker is boundary jitter and joins them."""
    runs: list[list[Word]] = []
    for w in words:
        if runs and runs[-1][-1].speaker == w.speaker:
            runs[-1].append(w)
        else:
            runs.append([w])
    i = 1
    while i < len(runs) - 1:
        prev, mid, nxt = runs[i - 1], runs[i], runs[i + 1]
        if len(mid) == 1 and prev[-1].speaker == nxt[0].speaker and mid[0].end - mid[0].start < 0.4:
            for w in mid + nxt:
                w.speaker = prev[-1].speaker
            runs[i - 1] = prev + mid + nxt
            del runs[i : i + 2]
        else:
            i += 1
    return runs


def assign_speakers(transcript: Transcript, turns: list[TurnLike]) -> Transcript:
    """A copy of `transcript` with a speaker on every segment and word.

    Words take the speaker of the turn they overlap most (the nearest turn
    when they fall in a gap); a segment whose words change speaker is split
    there. Segments without word timings take the speaker of their span.
    Display names already set for a label are kept; new labels get
    "Người nói N".
    """
    out = copy.deepcopy(transcript)
    turns = sorted(turns, key=lambda t: t.start)
    segments: list[Segment] = []
    for seg in out.segments:
        if not seg.words:
            seg.speaker = _speaker_at(seg.start, seg.end, turns)
            segments.append(seg)
            continue
        for w in seg.words:
            w.speaker = _speaker_at(w.start, w.end, turns)
        runs = _runs(seg.words)
        if len(runs) == 1:
            seg.speaker = runs[0][0].speaker
            segments.append(seg)
            continue
        for run in runs:
            part = copy.copy(seg)
            part.words = run
            part.start, part.end = run[0].start, run[-1].end
            part.text = words_text(run)
            part.speaker = run[0].speaker
            segments.append(part)
    for i, seg in enumerate(segments):
        seg.id = i
    out.segments = segments
    labels = [s.speaker for s in segments if s.speaker] + [t.speaker for t in turns]
    out.speakers = {label: transcript.speakers.get(label, default_name(label)) for label in dict.fromkeys(labels)}
    return out


def speaker_labels(transcript: Transcript) -> list[str]:
    """Every label in the transcript: the speakers table, then segments and words."""
    labels = list(transcript.speakers)
    for seg in transcript.segments:
        labels += [seg.speaker] if seg.speaker else []
        labels += [w.speaker for w in seg.words if w.speaker]
    return list(dict.fromkeys(labels))


def rename_speakers(transcript: Transcript, mapping: dict[str, str]) -> Transcript:
    """A copy with display names set for the given labels (NFC, trimmed).
    Raises BadInputError for an unknown label or an empty name."""
    known = speaker_labels(transcript)
    if not known:
        raise BadInputError(msg.NO_SPEAKERS)
    out = copy.deepcopy(transcript)
    for label, name in mapping.items():
        if label not in known:
            raise BadInputError(msg.unknown_speaker(label, known))
        clean = " ".join(unicodedata.normalize("NFC", name).split())
        if not clean:
            raise BadInputError(msg.empty_speaker_name(label))
        out.speakers[label] = clean
    for label in known:
        out.speakers.setdefault(label, default_name(label))
    return out


# --- names from the speech -------------------------------------------------------


@dataclass
class NameProposal:
    label: str
    name: str  # display name to give the label
    reason: str  # Vietnamese, for the user
    evidence: list[str] = field(default_factory=list)  # "mm:ss “quoted words”"
    score: float = 0.0


def _fold(text: str) -> str:
    """Lower case without diacritics (đ → d), spaces collapsed: for matching ASR text."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


_INTRO = re.compile(
    r"\b(?:(?:tôi|em|cháu|con|mình)\s+tên\s+là|tên\s+(?:tôi|em|cháu|con|mình)\s+là|(?:tôi|em|cháu|con)\s+tên)"
    r"\s+(?P<named>[^,.;:!?]+)"
    r"|\b(?:tôi|em|cháu|con)\s+là\s+(?P<is>[^,.;:!?]+)",
    re.IGNORECASE,
)
# words that end a name: place, role, or the start of the question
_NAME_STOP = {
    "ở",
    "o",
    "thôn",
    "xóm",
    "ấp",
    "trú",
    "sống",
    "hiện",
    "nhà",
    "là",
    "xin",
    "có",
    "năm",
    "tuổi",
    "đại",
    "thay",
    "mặt",
    "người",
    "dân",
    "hội",
    "cựu",
    "bí",
    "thư",
    "trưởng",
    "phó",
    "đến",
    "từ",
    "tôi",
    "muốn",
    "hỏi",
    "kiến",
    "nghị",
}
_INVITE = re.compile(r"\bxin\s+mời\s+(?P<who>[^.;!?]{2,80})", re.IGNORECASE)
_HONORIFICS = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "đồng chí", "đ/c")
_HONORIFIC_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(h) for h in _HONORIFICS) + r")\s+)+", re.IGNORECASE)


def _name_from(phrase: str, capitalised: bool) -> str | None:
    """A person's name at the start of `phrase`: 2–5 words before a stop word.
    With `capitalised`, every word must start with a capital (after "tôi là",
    which is as often followed by "nông dân" as by a name)."""
    name: list[str] = []
    for w in phrase.strip().split():
        if w.lower() in _NAME_STOP or not w.isalpha() or (capitalised and not w[:1].isupper()):
            break
        name.append(w)
        if len(name) == 5:
            break
    if len(name) < 2:
        return None
    # "tên là" is followed by a name even when the ASR wrote it in lower case
    return " ".join(w[:1].upper() + w[1:].lower() for w in name)


def _stamp(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _quote(seg: Segment, match: re.Match) -> str:
    return f"{_stamp(seg.start)} “{match.group(0).strip()[:70]}”"


def _person_label(person: Any) -> str:
    title = (getattr(person, "title", "") or "").strip()
    return f"{title} {person.name}".strip() if title else person.name


def _officials(meeting: Meeting | None) -> list[Person]:
    if meeting is None:
        return []
    people = [meeting.chair, *meeting.co_chairs, *meeting.officials]
    seen, out = set(), []
    for p in people:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out


def _match_official(text: str, officials: list[Any]) -> Any | None:
    """The official named in `text`: full name, else the given name after an
    honorific, else the most specific title/unit words that appear."""
    folded = _fold(text)
    for p in officials:
        if _fold(p.name) in folded:
            return p
    best, best_len = None, 0
    for p in officials:
        # officials are "đồng chí X"; "anh Tuấn" is as likely a citizen as the officer Tuấn
        given = _fold(p.name).split()[-1]
        if re.search(rf"\b(?:dong chi|d/c)\s+{re.escape(given)}\b", folded):
            return p
        for phrase in (getattr(p, "title", ""), getattr(p, "unit", "")):
            key = _fold(re.sub(r"\b(UBND|ủy ban nhân dân|xã|công chức)\b", " ", phrase or "", flags=re.IGNORECASE))
            key = " ".join(re.sub(r"[^a-z0-9 ]", " ", key).split())
            if len(key) >= 6 and key in folded and len(key) > best_len:
                best, best_len = p, len(key)
    return best


def _next_speaker(segments: list[Segment], i: int, label: str, window: float = 30.0) -> tuple[str | None, int]:
    for j in range(i + 1, len(segments)):
        seg = segments[j]
        if seg.start - segments[i].end > window:
            break
        if seg.speaker and seg.speaker != label:
            return seg.speaker, j
    return None, -1


def propose_names(transcript: Transcript, meeting: Meeting | None = None) -> list[NameProposal]:
    """Names for speaker labels, best first per label, from what was said.

    Evidence, strongest first: a name set for the label in the meeting file
    (`meeting.speakers`), a self-introduction, being invited by name or title
    just before speaking, and for the chair, giving the floor ("xin mời")
    more often than anyone else.
    """
    segments = [s for s in transcript.segments if s.speaker]
    votes: dict[str, dict[str, NameProposal]] = defaultdict(dict)

    def vote(label: str, name: str, reason: str, evidence: str, score: float) -> None:
        p = votes[label].setdefault(name, NameProposal(label, name, reason))
        p.score += score
        if evidence not in p.evidence and len(p.evidence) < 3:
            p.evidence.append(evidence)

    officials = _officials(meeting)
    present = set(speaker_labels(transcript))
    for label, name in (meeting.speakers if meeting else {}).items():
        if label in present:
            vote(label, name, msg.NAME_FROM_MEETING, "[speakers]", 10.0)

    invites: Counter[str] = Counter()
    for i, seg in enumerate(segments):
        speaker = seg.speaker
        if not speaker:  # none: `segments` keeps labelled ones; this narrows the type
            continue
        for m in _INTRO.finditer(seg.text):
            found = _name_from(m.group("named"), False) if m.group("named") else _name_from(m.group("is"), True)
            if found:
                official = _match_official(found, officials)
                shown = _person_label(official) if official else found
                vote(speaker, shown, msg.NAME_SELF_INTRO, _quote(seg, m), 3.0)
        for m in _INVITE.finditer(seg.text):
            invites[speaker] += 1
            nxt, j = _next_speaker(segments, i, speaker)
            if nxt is None:
                continue
            who = m.group("who")
            official = _match_official(who, officials)
            if official is not None:
                vote(nxt, _person_label(official), msg.NAME_INVITED, _quote(seg, m), 2.0)
                continue
            found = _name_from(_HONORIFIC_RE.sub("", who.strip()), True)
            if found:
                vote(nxt, found, msg.NAME_INVITED, _quote(seg, m), 1.0)

    if invites and meeting is not None:
        label, count = invites.most_common(1)[0]
        runner_up = invites.most_common(2)[1][1] if len(invites) > 1 else 0
        if count >= 2 and count > runner_up:
            vote(
                label, _person_label(meeting.chair), msg.name_chair(count), msg.chair_evidence(count), 1.5 + 0.5 * count
            )

    proposals: list[NameProposal] = []
    for by_name in votes.values():
        proposals.extend(sorted(by_name.values(), key=lambda p: -p.score))
    # one name, one label: keep the strongest claim to each name
    taken: dict[str, float] = {}
    for p in sorted(proposals, key=lambda p: -p.score):
        taken.setdefault(p.name, p.score)
    proposals = [p for p in proposals if taken[p.name] == p.score]
    order = {label: i for i, label in enumerate(speaker_labels(transcript))}
    return sorted(proposals, key=lambda p: (order.get(p.label, 1 << 30), -p.score))


def best_names(proposals: list[NameProposal]) -> dict[str, str]:
    """The strongest proposal per label, as a rename mapping."""
    out: dict[str, str] = {}
    for p in sorted(proposals, key=lambda p: -p.score):
        if p.label not in out and p.name not in out.values():
            out[p.label] = p.name
    return out
