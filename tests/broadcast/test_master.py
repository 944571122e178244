"""Mastering: limiter, loudness, high-pass, chimes and the station's jingle."""

from __future__ import annotations

import subprocess

import numpy as np
import pyloudnorm
import pytest
from pydub import AudioSegment
from scipy import signal

from broadcast.errors import BroadcastError
from broadcast.master import RATE, MasterSettings, highpass, master, normalise, tone_chime

METER = pyloudnorm.Meter(RATE)


def true_peak_8x(x: np.ndarray) -> float:
    """An independent, finer measurement than the 4x the code uses."""
    return 20 * np.log10(np.max(np.abs(signal.resample_poly(x, 8, 1))))


def speechlike(seconds: float, seed: int = 1) -> np.ndarray:
    """Band-passed noise in 2.5 Hz syllables plus clicks three times a second:
    sample and intersample peaks far above the 'speech'."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    env = np.maximum(0.0, np.sin(2 * np.pi * 2.5 * t)) ** 2
    x = signal.lfilter(*signal.butter(2, [200, 3500], "bandpass", fs=RATE), rng.standard_normal(len(t))) * env
    x = x / np.max(np.abs(x)) * 0.25
    x[RATE // 7 :: RATE // 3] += 0.9
    return x


def segment(x: np.ndarray, rate: int = RATE) -> AudioSegment:
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    return AudioSegment(pcm.tobytes(), frame_rate=rate, sample_width=2, channels=1)


@pytest.mark.parametrize("target", [-16.0, -14.0, -20.0])
def test_normalise_meets_target_under_the_ceiling(target):
    y, lufs = normalise(speechlike(20.0), target, -1.5)
    assert abs(METER.integrated_loudness(y) - target) < 0.2
    assert abs(lufs - METER.integrated_loudness(y)) < 1e-6
    assert true_peak_8x(y) <= -1.5 + 0.15  # 8x finds slightly higher peaks than 4x: allow 0.15 dB


def test_highpass_removes_hum_and_keeps_voice():
    t = np.arange(RATE * 2) / RATE
    hum, voice = np.sin(2 * np.pi * 50 * t), np.sin(2 * np.pi * 1000 * t)
    rms = lambda x: np.sqrt(np.mean(x[RATE // 2 :] ** 2))  # noqa: E731
    assert 20 * np.log10(rms(highpass(hum, 120)) / rms(hum)) < -12
    assert abs(20 * np.log10(rms(highpass(voice, 120)) / rms(voice))) < 0.5


def test_chime_notes_are_where_they_should_be():
    x = tone_chime((523.25, 659.26, 783.99))
    spec = np.abs(np.fft.rfft(x))
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    top3 = sorted(f[i] for i in np.argsort(spec)[-200:] if spec[i] > 0.3 * spec.max())
    for note in (523.25, 659.26, 783.99):
        assert any(abs(v - note) < 3 for v in top3)
    assert abs(x[0]) < 0.01 and abs(x[-1]) < 0.01  # no click at either end


def test_master_layout_and_loudness():
    readings = [segment(speechlike(3.0, 2), 22050), segment(speechlike(3.0, 3), 22050)]  # 6 s each at 22.05 kHz
    m = master(readings, MasterSettings(pause=3.0))
    assert abs(METER.integrated_loudness(m.samples) - (-16.0)) < 0.3
    assert m.true_peak <= -1.4
    (s1, e1), (s2, e2) = m.speech_spans
    assert abs((e1 - s1) - 6.0) < 0.05 and abs((s2 - e1) - 3.0) < 0.01
    assert np.max(np.abs(m.samples[int(e1 * RATE) + 10 : int(s2 * RATE) - 10])) == 0.0  # the pause is silent


def test_the_station_jingle_replaces_the_tones(tmp_path):
    jingle = tmp_path / "nhac-hieu.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=1200:sample_rate=48000:duration=1.5",
            "-ac",
            "2",
            str(jingle),
        ],
        check=True,
    )
    m = master([segment(speechlike(4.0))], MasterSettings(jingle=jingle))
    start = m.samples[int(0.3 * RATE) : int(1.7 * RATE)]
    spec = np.abs(np.fft.rfft(start)) ** 2
    f = np.fft.rfftfreq(len(start), 1 / RATE)
    assert spec[np.abs(f - 1200) < 20].sum() / spec.sum() > 0.8
    assert spec[np.abs(f - 523.25) < 20].sum() / spec.sum() < 0.01


def test_unreadable_jingle_and_silent_speech_are_errors(tmp_path):
    bad = tmp_path / "hong.mp3"
    bad.write_bytes(b"not audio at all")
    with pytest.raises(BroadcastError, match="Không đọc được"):
        master([segment(speechlike(2.0))], MasterSettings(jingle=bad))
    with pytest.raises(BroadcastError, match="câm"):
        master([segment(np.zeros(RATE))])


@pytest.mark.parametrize("seconds", [0.5, 3.0, 30.0])
def test_fast_meter_agrees_with_pyloudnorm(seconds):
    from broadcast.master import LoudnessMeter

    rng = np.random.default_rng(int(seconds * 10))
    n = int(seconds * RATE)
    x = rng.standard_normal(n) * np.repeat(rng.random(int(seconds * 10) + 1) ** 3, RATE // 10)[:n] * 0.1
    assert abs(LoudnessMeter().integrated_loudness(x) - METER.integrated_loudness(x)) < 0.01
