"""The optional viet-asr engine on the real clips: one segment per speech
region, region times kept, no invented word timings, nothing for silence."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline import vietasr
from pipeline.audio import SAMPLE_RATE, load_pcm
from pipeline.errors import ModelError
from pipeline.wer import wer

needs_vietasr = pytest.mark.skipif(not vietasr.available(), reason="viet-asr is not installed (pip install 'doithoai[vietasr]')")


@pytest.fixture(scope="module")
def recording(clips):
    """The clips with 1 s of silence between them; returns (audio, regions, references)."""
    parts, regions, t = [], [], 0.0
    for clip in clips:
        pcm = load_pcm(clip.wav)
        parts += [np.zeros(SAMPLE_RATE, np.float32), pcm]
        t += 1.0
        regions.append((t, t + len(pcm) / SAMPLE_RATE))
        t += len(pcm) / SAMPLE_RATE
    parts.append(np.zeros(3 * SAMPLE_RATE, np.float32))
    return np.concatenate(parts), regions, [c.text for c in clips]


@needs_vietasr
def test_regions_become_segments_with_their_times(recording):
    audio, regions, refs = recording
    segments = vietasr.transcribe_regions(audio, regions)
    assert [s.id for s in segments] == list(range(len(regions)))
    for seg, (start, end), ref in zip(segments, regions, refs):
        assert seg.start == pytest.approx(start, abs=1e-3) and seg.end == pytest.approx(end, abs=1e-3)
        assert seg.words == []  # viet-asr has no timestamps; none are made up
        assert wer(ref, seg.text) <= 0.3, (ref, seg.text)
    joined = " ".join(s.text for s in segments)
    assert wer(" ".join(refs), joined) <= 0.15


@needs_vietasr
def test_silence_and_blips_give_no_segment(recording):
    audio, regions, _ = recording
    end = len(audio) / SAMPLE_RATE
    silent = (end - 2.5, end - 0.5)
    blip = (regions[0][0], regions[0][0] + 0.1)
    segments = vietasr.transcribe_regions(audio, [silent, blip, regions[2]])
    assert len(segments) == 1 and segments[0].start == pytest.approx(regions[2][0], abs=1e-3)


@needs_vietasr
def test_region_past_the_end_is_clipped(recording):
    audio, regions, refs = recording
    start = regions[-1][0]
    tail = audio[: int(regions[-1][1] * SAMPLE_RATE)]
    (seg,) = vietasr.transcribe_regions(tail, [(start, start + 100.0)])
    assert seg.end == pytest.approx(len(tail) / SAMPLE_RATE, abs=1e-3)
    assert wer(refs[-1], seg.text) <= 0.3


@needs_vietasr
def test_only_the_region_is_heard(recording):
    """Transcribing one region must not leak words from the neighbouring ones."""
    audio, regions, refs = recording
    (seg,) = vietasr.transcribe_regions(audio, [regions[1]])
    assert wer(refs[1], seg.text) <= 0.3
    assert wer(refs[1] + " " + refs[2], seg.text) > 0.3


def test_missing_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(vietasr, "available", lambda: False)
    monkeypatch.setattr(vietasr, "_engine", None)
    with pytest.raises(ModelError) as err:
        vietasr.transcribe_regions(np.zeros(SAMPLE_RATE, np.float32), [(0.0, 1.0)])
    assert "doithoai[vietasr]" in err.value.message and err.value.exit_code == 2


def test_long_region_is_cut_at_the_pause():
    rng = np.random.default_rng(3)
    audio = (rng.standard_normal(60 * SAMPLE_RATE) * 0.1).astype(np.float32)
    audio[int(19.2 * SAMPLE_RATE) : int(19.6 * SAMPLE_RATE)] = 0.0  # the only pause in the first 25 s
    audio[int(40.0 * SAMPLE_RATE) : int(40.3 * SAMPLE_RATE)] = 0.0
    pieces = vietasr.split_region(audio, 0.0, 60.0)
    assert pieces[0][0] == 0 and pieces[-1][1] == 60 * SAMPLE_RATE
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(pieces))  # contiguous, nothing lost
    assert all(b - a <= vietasr.MAX_REGION_SECONDS * SAMPLE_RATE for a, b in pieces)
    assert 19.2 <= pieces[0][1] / SAMPLE_RATE <= 19.6
    assert 40.0 <= pieces[1][1] / SAMPLE_RATE <= 40.3
    assert vietasr.split_region(audio, 2.0, 20.0) == [(2 * SAMPLE_RATE, 20 * SAMPLE_RATE)]


@needs_vietasr
def test_long_region_keeps_accuracy(clips):
    """The clips three times over in one 37 s region: transcribed in pieces
    cut at pauses, without losing accuracy."""
    gap = np.zeros(SAMPLE_RATE // 4, np.float32)
    pcms = [load_pcm(c.wav) for c in clips]
    audio = np.concatenate([x for _ in range(3) for p in pcms for x in (p, gap)])
    segments = vietasr.transcribe_regions(audio, [(0.0, len(audio) / SAMPLE_RATE)])
    assert len(segments) >= 2
    assert all(s.end - s.start <= vietasr.MAX_REGION_SECONDS + 1e-3 for s in segments)
    assert segments[0].start == 0.0 and segments[-1].end == pytest.approx(len(audio) / SAMPLE_RATE, abs=1e-3)
    assert wer(" ".join(c.text for c in clips * 3), " ".join(s.text for s in segments)) <= 0.15
