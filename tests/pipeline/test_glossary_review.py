"""The glossary post-pass and the confidence marks (issue 12, points 2–3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.glossary import GlossarySettings, apply_glossary, parse_terms, split_tone, syllable_cost
from pipeline.confidence import mark_segments, wrong_words
from pipeline.transcript import Segment, Transcript, Word, load_transcript

ROOT = Path(__file__).resolve().parents[2]
TEXT = Path("/work/shared/reference/ke-hoach-doi-thoai-2024.txt")


def _seg(text: str, probs: list[float] | None = None) -> Segment:
    toks = text.split()
    probs = probs or [0.9] * len(toks)
    words = [Word(i * 0.3, i * 0.3 + 0.25, " " + t, p) for i, (t, p) in enumerate(zip(toks, probs, strict=True))]
    return Segment(0, 0.0, len(toks) * 0.3, text, words=words)


def test_tone_and_letters_are_compared_apart():
    assert split_tone("háo") == ("hao", 1) and split_tone("Hoà") == split_tone("hòa") == ("hoa", 2)
    assert syllable_cost("hảo", "háo") == 0.5  # tone only
    assert syllable_cost("dạy", "dãy") == 0.5
    assert syllable_cost("số", "số") == 0.0
    assert syllable_cost("và", "ví") > 1.0


def test_near_misses_of_glossary_terms_are_respelt():
    segs = [_seg("ông Nguyễn Hồng Phúc nói về bảo hiểm y tệ cho hộ nghèo ở thôn Phúc Hoà")]
    terms = ["Nguyễn Hồng Phước", "bảo hiểm y tế", "hộ nghèo", "thôn Phước Hòa"]
    out, n = apply_glossary(segs, terms)
    assert out[0].text == "ông Nguyễn Hồng Phước nói về bảo hiểm y tế cho hộ nghèo ở thôn Phước Hòa"
    assert n == 3  # "hộ nghèo" was already right
    assert [w.start for w in out[0].words] == [w.start for w in segs[0].words]  # times kept


def test_text_unrelated_to_the_glossary_is_untouched():
    meeting_terms = [
        "Nguyễn Hồng Phước",
        "Trần Thị Mai",
        "Lê Văn Hùng",
        "thôn Phước Hòa",
        "thôn Thanh Thủy",
        "giấy chứng nhận quyền sử dụng đất",
        "bộ phận một cửa",
        "dịch vụ công trực tuyến",
        "xã Bình Thanh",
    ]
    text = (
        TEXT.read_text(encoding="utf-8")
        if TEXT.is_file()
        else (ROOT / "docs" / "huong-dan-su-dung.md").read_text(encoding="utf-8")
    )
    segs = [_seg(line) for line in text.splitlines() if line.split()]
    out, n = apply_glossary(segs, meeting_terms)
    changed = [(a.text, b.text) for a, b in zip(segs, out, strict=True) if a.text != b.text]
    # only exact glossary names may differ in spelling here; nothing else changes
    assert n == len(changed)
    assert n <= 1, changed[:3]


def test_threshold_rejects_ordinary_look_alikes():
    # "và cụ" is not "ví dụ", "đạo đức" is not "háo hức": 1.25 a syllable
    for text, term in (("và cụ", "ví dụ"), ("đạo đức", "háo hức"), ("thực thi", "thực tế")):
        assert apply_glossary([_seg(text)], [term])[1] == 0, text
    assert apply_glossary([_seg("dạy số")], ["dãy số"])[1] == 1
    # single-syllable terms would match too much ordinary speech
    assert parse_terms(["Mai", "Phước Hòa"])[0].text == "Phước Hòa" and len(parse_terms(["Mai"])) == 0
    assert apply_glossary([_seg("dị số")], ["dãy số"], GlossarySettings(max_cost=1.0))[1] == 1


def test_wrong_words_follow_the_wer_alignment():
    ref = "Tết là dịp mọi người háo hức"
    hyp = [" Tết", " là", " tịp", " mọi", " người", " người", " hảo", " hức."]
    bad = wrong_words(ref, hyp)
    assert bad[:4] == [False, False, True, False] and bad[6:] == [True, False]
    assert bad[4] != bad[5]  # one "người" is inserted (either may be the one)


def test_marks_and_old_json(tmp_path):
    from pipeline.transcript import ModelInfo, Source

    seg = _seg("bà con thôn Phước Hòa", [0.95, 0.4, 0.9, 0.69, 0.7])
    marked = mark_segments([seg, _seg("xin cảm ơn")], threshold=0.7)
    assert [w.low_confidence for w in marked[0].words] == [False, True, False, True, False]
    assert marked[0].needs_review and not marked[1].needs_review
    t = Transcript(Source("a.wav", "x", 2.0), ModelInfo("m"), marked)
    t.save(tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["version"] == 3 and data["segments"][0]["needs_review"] is True
    assert data["segments"][0]["words"][1]["low_confidence"] is True
    assert load_transcript(tmp_path / "a.json").segments[0].words[3].low_confidence
    # a version-2 file (no marks) still reads, unmarked
    data["version"] = 2
    for s in data["segments"]:
        s.pop("needs_review")
        for w in s["words"]:
            w.pop("low_confidence")
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    old = load_transcript(tmp_path / "old.json")
    assert not old.segments[0].needs_review and not any(w.low_confidence for w in old.segments[0].words)


def test_subtitles_and_text_stay_clean():
    from pipeline.formats import to_srt, to_txt, to_vtt
    from pipeline.transcript import ModelInfo, Source

    t = Transcript(Source("a.wav", "x", 2.0), ModelInfo("m"), mark_segments([_seg("bà con thôn Phước Hòa", [0.1] * 5)]))
    for out in (to_srt(t), to_vtt(t), to_txt(t)):
        assert "bà con thôn Phước Hòa" in out and "low_confidence" not in out and "?" not in out


@pytest.mark.parametrize("value", ["1.5", "-0.1", "cao", "true"])
def test_bad_review_threshold_in_meeting_file_is_a_clear_error(tmp_path, value):
    from minutes.errors import MinutesError
    from minutes.meeting import load_meeting

    path = tmp_path / "hop.toml"
    path.write_text(
        (ROOT / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
        + f"\n[transcription]\nreview_threshold = {value if value != 'cao' else repr(value)}\n",
        encoding="utf-8",
    )
    with pytest.raises(MinutesError, match="Ngưỡng"):
        load_meeting(path)


@pytest.mark.parametrize("value", [1.5, -0.1])
def test_bad_review_threshold_on_the_command_line_is_a_clear_error(value):
    from doithoai.services.recognition import review_threshold
    from pipeline.errors import UserError

    with pytest.raises(UserError, match="Ngưỡng"):
        review_threshold(None, value)


def test_review_threshold_from_meeting_file(tmp_path):
    from doithoai.services.recognition import review_threshold
    from minutes.meeting import load_meeting

    path = tmp_path / "hop.toml"
    path.write_text(
        (ROOT / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
        + "\n[transcription]\nreview_threshold = 0.5\n",
        encoding="utf-8",
    )
    assert review_threshold(load_meeting(path)) == 0.5
    assert review_threshold(load_meeting(ROOT / "samples" / "binh-thanh.toml")) == 0.7
    assert review_threshold(None, 0.6) == 0.6


def test_bien_ban_appendix_underlines_marked_words():
    from doithoai.services.documents import inputs_for
    from minutes.bienban import build_bien_ban
    from minutes.meeting import load_meeting
    from pipeline.transcript import ModelInfo, Source

    segs = mark_segments(
        [
            _seg("bà con thôn Phước Hòa hỏi về đường", [0.9, 0.9, 0.9, 0.3, 0.9, 0.9, 0.9, 0.9]),
            _seg("xin cảm ơn chủ tịch"),
        ],
        threshold=0.7,
    )
    t = Transcript(Source("a.wav", "x", 5.0), ModelInfo("m"), segs)
    meeting = load_meeting(ROOT / "samples" / "binh-thanh.toml")
    inputs = inputs_for(t, meeting)
    assert [u.review for u in inputs.utterances] == [(3,), ()]
    doc = build_bien_ban(meeting, inputs.items, inputs.utterances)
    underlined = [r.text for p in doc.paragraphs for r in p.runs if r.font.underline]
    assert underlined == ["Phước"]
    assert any("gạch chân" in p.text for p in doc.paragraphs)
    # without marks there is no note
    plain = build_bien_ban(
        meeting,
        inputs.items,
        inputs_for(
            Transcript(Source("a.wav", "x", 5.0), ModelInfo("m"), [_seg("xin cảm ơn chủ tịch")]), meeting
        ).utterances,
    )
    assert not any("gạch chân" in p.text for p in plain.paragraphs)
