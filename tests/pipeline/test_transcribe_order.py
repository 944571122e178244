"""Time order and word placement (issue 12): on recordings built from the
real clips at known positions, with and without the meeting glossary,
segments are in order, words sit inside their segment, and the words timed
inside each clip's span read as that clip."""

from __future__ import annotations

from pathlib import Path

import audiobuild
import pytest

from pipeline.transcript import Segment, Word
from pipeline.vad import SAMPLE_RATE as SR
from pipeline.vad import Chunk, Region
from pipeline.wer import word_errors

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "doi-thoai-mau.ogg"
MEETING = ROOT / "samples" / "binh-thanh.toml"
MARGIN = 0.3  # seconds a word may stray from the clip it belongs to


def _words(text: str, start: float, step: float = 0.3) -> list[Word]:
    return [
        Word(round(start + i * step, 3), round(start + (i + 1) * step, 3), " " + t, 0.9)
        for i, t in enumerate(text.split())
    ]


# -- without the model ---------------------------------------------------------
def test_word_across_a_removed_pause_goes_to_the_later_region():
    # 1–3 s and 5–7 s joined: chunk time 2.0 is the joint (a 2 s pause removed)
    chunk = Chunk([Region(1 * SR, 3 * SR), Region(5 * SR, 7 * SR)])
    # the alignment gave the silence to the next word: 1.8–2.5 s of chunk time
    start, end = chunk.place_word(1.8, 2.5, pad=0.4)
    assert start == pytest.approx(5.0) and end == pytest.approx(5.5)
    # a last word only smeared into the next region's padding stays in the first
    start, end = chunk.place_word(1.6, 2.1, pad=0.4)
    assert start == pytest.approx(2.6) and end == pytest.approx(3.0)
    # touching regions are one stretch of the recording
    touching = Chunk([Region(1 * SR, 3 * SR), Region(3 * SR, 5 * SR)])
    assert touching.place_word(1.8, 2.5, pad=0.4) == pytest.approx((2.8, 3.5))


def test_runs_join_touching_regions():
    chunk = Chunk([Region(0, SR), Region(SR, 2 * SR), Region(3 * SR, 4 * SR)])
    assert chunk.runs() == [(0, 2), (2, 3)]


def test_skipped_utterance_is_found_even_under_a_stretched_word():
    from pipeline.redecode import missed_runs
    from pipeline.transcribe_options import TranscribeOptions

    chunk = Chunk(
        [Region(1 * SR, 4 * SR), Region(6 * SR, 8 * SR), Region(8 * SR, 10 * SR), Region(12 * SR, 12 * SR + SR // 2)]
    )
    spoken = Segment(0, 1.1, 3.9, "bà con thôn Phước Hòa", words=_words("bà con thôn Phước Hòa", 1.5, 0.4))
    # the decoder skipped 6–10 s; the alignment stretched one word over it
    stretched = Segment(1, 6.0, 10.0, "Tết", words=[Word(6.0, 10.0, " Tết", 0.5)])
    runs = missed_runs(chunk, [spoken, stretched], TranscribeOptions())
    assert [(r.start, r.end) for r in runs] == [(6 * SR, 10 * SR)]  # one utterance; the 0.5 s region needs no words
    heard = Segment(1, 6.4, 9.6, "x", words=_words("trên thực tế các nghi ngờ đã bắt", 6.4, 0.4))
    assert missed_runs(chunk, [spoken, heard], TranscribeOptions()) == []


def test_redecoded_words_replace_the_stretched_ones_in_time_order():
    from pipeline.redecode import merge_redecoded

    run = Chunk([Region(6 * SR, 10 * SR)])
    # one decoded segment from 1 s to 14 s whose "Tết" was stretched over 6–10 s
    words = _words("một hai ba", 1.0) + [Word(6.0, 10.0, " Tết", 0.5)] + _words("bốn năm sáu", 12.0)
    seg = Segment(0, 1.0, 12.9, "một hai ba Tết bốn năm sáu", words=words)
    new = [Segment(0, 6.5, 9.0, "trên thực tế các nghi ngờ", words=_words("trên thực tế các nghi ngờ", 6.5, 0.4))]
    out = merge_redecoded([seg], new, run)
    assert [s.text for s in out] == ["một hai ba", "trên thực tế các nghi ngờ", "bốn năm sáu"]
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    # a new decode with fewer words than before changes nothing
    assert merge_redecoded([seg], [], run) == [seg]


# -- with the model ------------------------------------------------------------
def _check_placement(transcript, rec: audiobuild.Recording) -> dict[str, float]:
    segs = transcript.segments
    assert segs, "nothing transcribed"
    for a, b in zip(segs, segs[1:], strict=False):
        assert a.end <= b.start, (
            f"out of order or overlapping: {a.start}-{a.end} {a.text!r} / {b.start}-{b.end} {b.text!r}"
        )
    words = []
    for s in segs:
        assert s.start <= s.end
        for w in s.words:
            assert s.start <= w.start <= w.end <= s.end, (s.text, w)
        words += s.words
    speech = rec.speech
    # no word timed where nobody speaks
    stray = [w for w in words if not any(iv.start - MARGIN <= w.start and w.end <= iv.end + MARGIN for iv in speech)]
    assert len(stray) <= 1, stray
    whole = word_errors(rec.reference, transcript.text).wer
    per_clip = []
    for iv in speech:
        inside = "".join(w.word for w in words if iv.start - MARGIN <= (w.start + w.end) / 2 <= iv.end + MARGIN)
        r = word_errors(iv.text, inside)
        assert r.deletions < r.reference_words, f"clip at {iv.start} s missing: {iv.text!r}"
        per_clip.append(r)
    errors = sum(r.substitutions + r.deletions + r.insertions for r in per_clip)
    clip_wer = errors / sum(r.reference_words for r in per_clip)
    # words in the wrong clip would count twice (a deletion here, an insertion there)
    assert clip_wer <= whole + 0.05, (clip_wer, whole)
    assert max(r.wer for r in per_clip) <= 0.6, [round(r.wer, 2) for r in per_clip]
    return {"whole": whole, "clips": clip_wer}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    rec = audiobuild.build(minutes=1.0, seed=12, long_silence=6.0, noise_db=-46.0)
    return rec, rec.write_wav(tmp_path_factory.mktemp("order") / "ghep.wav")


@pytest.mark.slow
@pytest.mark.parametrize("meeting", [None, MEETING], ids=["no-meeting", "meeting"])
def test_built_recording_is_in_order_and_in_place(built, meeting, tmp_path):
    from doithoai.services.recognition import transcribe_file

    rec, wav = built
    result = transcribe_file(wav, tmp_path, meeting=meeting, formats="json")
    _check_placement(result.transcript, rec)


@pytest.mark.slow
def test_shipped_sample_with_its_meeting_file(tmp_path):
    """samples/README.md: the sample is audiobuild.build(minutes=0.6,
    seed=2026, long_silence=5.0, noise_db=-48.0), so its clips' positions are known."""
    from doithoai.services.recognition import transcribe_file

    rec = audiobuild.build(minutes=0.6, seed=2026, long_silence=5.0, noise_db=-48.0)
    result = transcribe_file(SAMPLE, tmp_path, meeting=MEETING, formats="json")
    assert result.transcript.duration == pytest.approx(rec.duration, abs=0.1)
    _check_placement(result.transcript, rec)
