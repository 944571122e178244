"""Does the meeting glossary help or hurt? WER per real clip with no
glossary, with the glossary as decoder hotwords, and with the post-pass
(pipeline/glossary.py), for two glossaries: the sample meeting file's (names
and terms never spoken in the clips) and one made of terms the clips DO say
("dãy số", "háo hức", ...: what the model gets nearly right, the way a local
name comes out). Also: how many words the post-pass changes in real
Vietnamese text that it must leave alone, and the marks of word probability
against wrong words (confidence marks).

    .venv/bin/python bench/glossary.py

Recordings: each clip alone, and two recordings built from the clips at
known positions (tests/audiobuild.py; the shipped sample's layout and
another), read per clip by the words timed inside each clip.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import audiobuild  # noqa: E402

SPOKEN_TERMS = {  # per clip (by reference text start): terms it says
    "ví dụ": ["ví dụ", "dãy số", "trung bình"],
    "Trên thực tế": ["thực tế", "nghi ngờ", "xuất hiện"],
    "Cậu có": ["nhìn thấy"],
    "Tết là": ["háo hức", "hy vọng", "đón chào", "mong ước"],
}
TEXTS = [
    Path("/work/shared/reference/ke-hoach-doi-thoai-2024.txt"),
    ROOT / "docs" / "huong-dan-su-dung.md",
    ROOT / "tests" / "data" / "speech-vi",
]


def clip_terms(text: str) -> list[str]:
    return next(v for k, v in SPOKEN_TERMS.items() if text.startswith(k))


def recordings(tmp: Path) -> list[tuple[str, Path, list[audiobuild.Interval]]]:
    out = []
    for wav in sorted((ROOT / "tests" / "data" / "speech-vi").glob("*.wav")):
        text = wav.with_suffix(".txt").read_text(encoding="utf-8").strip()
        dur = len(audiobuild.load_clip(wav)) / audiobuild.SAMPLE_RATE
        out.append((wav.stem, wav, [audiobuild.Interval(0.0, dur, "speech", text)]))
    for name, kw in (
        ("sample", {"minutes": 0.6, "seed": 2026, "long_silence": 5.0, "noise_db": -48.0}),
        ("built-12", {"minutes": 1.0, "seed": 12, "long_silence": 6.0, "noise_db": -46.0}),
    ):
        rec = audiobuild.build(**kw)
        out.append((name, rec.write_wav(tmp / f"{name}.wav"), rec.speech))
    return out


def per_clip(words, speech) -> list[tuple[str, str, list]]:
    """(reference, hypothesis, words) of each clip: the words timed inside it."""
    out = []
    for iv in speech:
        inside = [w for w in words if iv.start - 0.3 <= (w.start + w.end) / 2 <= iv.end + 0.3]
        out.append((iv.text, "".join(w.word for w in inside), inside))
    return out


def wrong_flags(reference: str, words) -> list[bool]:
    from pipeline.confidence import wrong_words

    return wrong_words(reference, [w.word for w in words])


def main() -> int:
    import tempfile

    from minutes.meeting import load_meeting
    from pipeline.glossary import GlossarySettings, apply_glossary, apply_to_words, parse_terms
    from pipeline.transcriber import Transcriber
    from pipeline.transcript import Word
    from pipeline.wer import word_errors

    meeting_terms = load_meeting(ROOT / "samples" / "binh-thanh.toml").asr_vocabulary()
    spoken = [t for v in SPOKEN_TERMS.values() for t in v]
    t = Transcriber()
    rows: dict[str, dict[str, list[tuple[str, str]]]] = {}
    marks: dict[str, list[tuple[float, bool]]] = {"clips alone": [], "built recordings": []}
    plain: list[tuple[list, list]] = []  # (segments without glossary, speech intervals)
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, speech in recordings(Path(tmp)):
            for label, hot in (
                ("none", None),
                ("hot-meeting", ", ".join(meeting_terms)),
                ("hot-spoken", ", ".join(spoken)),
            ):
                segs = list(t.transcribe(path, options=t.with_options(hotwords=hot)))
                variants = {label: segs}
                if label == "none":
                    plain.append((segs, speech))
                    variants["post-meeting"] = apply_glossary(segs, meeting_terms)[0]
                    variants["post-spoken"] = apply_glossary(segs, spoken)[0]
                for vlabel, vsegs in variants.items():
                    words = [w for s in vsegs for w in s.words]
                    for ref, hyp, inside in per_clip(words, speech):
                        rows.setdefault(vlabel, {}).setdefault(name, []).append((ref, hyp))
                        if vlabel == "none":
                            group = marks["clips alone" if name.startswith("example") else "built recordings"]
                            group += [
                                (w.probability, bad) for w, bad in zip(inside, wrong_flags(ref, inside), strict=True)
                            ]
            print(f"decoded {name}", flush=True)

    def wer_of(pairs: list[tuple[str, str]]) -> tuple[int, int]:
        rs = [word_errors(r, h) for r, h in pairs]
        return sum(x.substitutions + x.deletions + x.insertions for x in rs), sum(x.reference_words for x in rs)

    labels = list(rows)
    print("\nerrors / reference words per recording (clip by clip)")
    print(f"{'recording':<12}" + "".join(f"{lab:>16}" for lab in labels))
    totals = {lab: [0, 0] for lab in labels}
    for name in rows["none"]:
        line = f"{name:<12}"
        for lab in labels:
            e, n = wer_of(rows[lab][name])
            totals[lab][0] += e
            totals[lab][1] += n
            line += f"{f'{e}/{n}':>16}"
        print(line)
    print(f"{'all':<12}" + "".join(f"{f'{e}/{n} {e / n:.3f}':>16}" for e, n in totals.values()))
    # clips that do not use the glossary terms: per clip, decoded with the others' terms
    print("\nper clip (all recordings), none vs post-spoken vs hot-spoken:")
    by_clip: dict[str, dict[str, list[int]]] = {}
    for lab in ("none", "post-spoken", "hot-spoken", "post-meeting", "hot-meeting"):
        for pairs in rows[lab].values():
            for ref, hyp in pairs:
                r = word_errors(ref, hyp)
                acc = by_clip.setdefault(ref[:14], {}).setdefault(lab, [0, 0])
                acc[0] += r.substitutions + r.deletions + r.insertions
                acc[1] += r.reference_words
    for clip, d in by_clip.items():
        print(f"  {clip:<16}" + "  ".join(f"{lab} {e}/{n}" for lab, (e, n) in d.items()))

    # the post-pass on text it must not touch
    words = []
    for p in TEXTS:
        files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
        for f in files:
            words += [Word(0, 0, " " + w, 1.0) for w in f.read_text(encoding="utf-8").split()]
    print(
        "\npost-pass threshold (mean syllable distance): errors on the clips (spoken glossary), "
        "replacements in real text that must stay"
    )
    for cost in (0.5, 0.75, 1.0, 1.25):
        settings = GlossarySettings(max_cost=cost)
        e = n = 0
        for segs, speech in plain:
            fixed = [w for s in apply_glossary(segs, spoken, settings)[0] for w in s.words]
            for ref, hyp, _ in per_clip(fixed, speech):
                r = word_errors(ref, hyp)
                e, n = e + r.substitutions + r.deletions + r.insertions, n + r.reference_words
        text = {
            label: apply_to_words(words, parse_terms(terms), settings)[1]
            for label, terms in (("meeting", meeting_terms), ("spoken", spoken))
        }
        print(
            f"  ≤ {cost:.2f}: clip errors {e}/{n}; in {len(words)} words of text: {text['meeting']} (meeting glossary), "
            f"{text['spoken']} (spoken glossary)"
        )

    print("\nword probability vs wrong words (no glossary):")
    for group, pairs in marks.items():
        wrong = sum(1 for _, b in pairs if b)
        print(f"  {group}: {len(pairs)} words, {wrong} wrong")
        for th in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            marked = [b for p, b in pairs if p < th]
            hit = sum(marked)
            print(
                f"    < {th:.1f}: marked {len(marked)}/{len(pairs)} ({len(marked) / len(pairs):.0%}), "
                f"recall {hit}/{wrong} ({hit / max(wrong, 1):.0%}), precision {hit / max(len(marked), 1):.0%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
