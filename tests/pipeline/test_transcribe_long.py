"""Long recordings: speech between long silence, noise, tones and music-like
chords, cut into windows. Nothing may be invented where nobody speaks,
nothing looped, nothing dropped at window cuts."""

from __future__ import annotations

import audiobuild
import pytest

from pipeline.audio_windows import windows
from pipeline.hallucination import looks_looped
from pipeline.transcribe_options import TranscribeOptions
from pipeline.vad import SAMPLE_RATE, VadSettings, speech_regions
from pipeline.wer import word_errors


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    rec = audiobuild.build(minutes=3.0, seed=21, long_silence=40.0)
    wav = rec.write_wav(tmp_path_factory.mktemp("long") / "hop-dai.wav")
    return rec, wav


def test_recording_has_the_hard_parts(recording):
    rec, _ = recording
    kinds = {iv.kind for iv in rec.non_speech}
    assert {"silence", "chord", "noise", "tone"} <= kinds
    assert max(iv.end - iv.start for iv in rec.non_speech if iv.kind == "silence") >= 40.0


def test_windows_cover_the_file_and_cut_only_in_pauses(recording):
    rec, wav = recording
    opts = TranscribeOptions(window_seconds=45.0)
    pieces = list(windows(wav, 0.0, opts))
    assert len(pieces) >= 4
    total = 0
    for offset, audio, regions, _last in pieces:
        assert offset * SAMPLE_RATE == pytest.approx(total, abs=2)
        total += len(audio)
        cut = offset + len(audio) / SAMPLE_RATE
        # a cut never falls inside a real speech interval
        assert not any(iv.start < cut < iv.end for iv in rec.speech), cut
        assert all(0 <= r.start < r.end <= len(audio) for r in regions)
    assert total == len(rec.audio)
    assert pieces[-1][3] and not any(p[3] for p in pieces[:-1])


def test_vad_keeps_quiet_speech_and_ignores_tones_and_music():
    # speech 25 dB quieter than the clips (RMS about -42…-49 dBFS: a far microphone)
    rec = audiobuild.build(minutes=1.5, seed=4, speech_gain_db=(-25.0, -25.0), noise_db=-60.0)
    regions = speech_regions(rec.audio, VadSettings())
    spans = [(r.start / SAMPLE_RATE, r.end / SAMPLE_RATE) for r in regions]

    def overlap(iv) -> float:
        return sum(max(0.0, min(iv.end, b) - max(iv.start, a)) for a, b in spans)

    for iv in rec.speech:
        assert overlap(iv) >= 0.8 * (iv.end - iv.start), iv
    for iv in rec.non_speech:
        if iv.kind in ("tone", "chord", "noise"):
            assert overlap(iv) <= 0.5, iv  # at most the 0.4 s padding of a neighbour


@pytest.mark.slow
def test_long_recording_no_invented_words_no_loops(recording):
    from doithoai.services.recognition import get_transcriber

    rec, wav = recording
    tr = get_transcriber()
    opts = tr.with_options(window_seconds=60.0)
    segments = list(tr.transcribe(wav, options=opts))
    words = [(w.start, w.end, w.word) for s in segments for w in s.words]

    invented = audiobuild.words_in(rec.non_speech, words)
    assert invented == []
    assert not any(looks_looped(s.text) for s in segments)
    # every sentence spoken got words (none dropped, none lost at a window cut)
    for iv in rec.speech:
        assert any(iv.start - 0.5 < (a + b) / 2 < iv.end + 0.5 for a, b, _ in words), iv
    starts = [s.start for s in segments]
    assert starts == sorted(starts)
    assert all(w.start <= w.end for s in segments for w in s.words)
    result = word_errors(rec.reference, " ".join(s.text for s in segments))
    assert result.wer <= 0.30, result
    assert result.deletions <= 0.05 * result.reference_words
