"""Mastering for loudspeakers: the readings framed by chimes, made loud and clean.

Chain: mono 44.1 kHz → high-pass (horn speakers reproduce nothing below
~150 Hz; rumble only wastes amplifier power) → gentle compression (even
level, so the far end of the hamlet hears the quiet words) → chime, readings
separated by pauses, chime → integrated loudness to the target (BS.1770 via
pyloudnorm) with a true-peak limiter (peaks measured on a 4× oversampled
signal, as BS.1770 Annex 2 describes) → WAV master and MP3 128 kbit/s CBR
with ID3 tags. The MP3 is decoded and measured again; if encoding pushed the
true peak over the ceiling the gain is lowered and it is encoded again.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import numpy as np
import pyloudnorm
from mutagen.id3 import COMM, ID3, TCON, TDRC, TIT2, TPE1, TRSN
from pydub import AudioSegment
from scipy import ndimage, signal

from broadcast.errors import BroadcastError
from broadcast.messages import audio as M

RATE = 44100
CHIME_START = (523.25, 659.26, 783.99)  # C5 E5 G5, rising: "attention"
CHIME_END = (783.99, 659.26, 523.25)  # falling: "end of notice"
PART_PAUSE = 0.6  # seconds between the sections of a reading


@dataclass(frozen=True)
class MasterSettings:
    target_lufs: float = -16.0
    true_peak: float = -1.0  # dBTP ceiling
    pause: float = 2.5  # silence between readings, seconds
    chime_gap: float = 0.8  # silence between chime and speech
    highpass_hz: float = 120.0
    jingle: Path | None = None  # the station's jingle instead of the tones
    bitrate: str = "128k"


@dataclass
class Mastered:
    samples: np.ndarray  # float64 mono at RATE
    loudness: float  # integrated LUFS, measured on the final signal
    speech_spans: list[tuple[float, float]]  # (start, end) seconds of each reading

    @property
    def duration(self) -> float:
        return len(self.samples) / RATE

    @property
    def true_peak(self) -> float:
        """dBTP of the WAV master, measured 4× oversampled (costs one oversampling)."""
        return true_peak_db(self.samples)


# --- signal helpers -------------------------------------------------------------------
def to_array(audio: AudioSegment) -> np.ndarray:
    """Mono float in [-1, 1] at RATE (polyphase resampling, not pydub's linear one)."""
    audio = audio.set_channels(1)
    x = np.array(audio.get_array_of_samples(), dtype=np.float64) / float(1 << (8 * audio.sample_width - 1))
    if audio.frame_rate != RATE:
        g = gcd(RATE, audio.frame_rate)
        x = signal.resample_poly(x, RATE // g, audio.frame_rate // g)
    return x


def highpass(x: np.ndarray, hz: float) -> np.ndarray:
    sos = signal.butter(2, hz, "highpass", fs=RATE, output="sos")
    return signal.sosfilt(sos, x)


def compress(
    x: np.ndarray, threshold_db: float = -24.0, ratio: float = 2.5, attack: float = 0.01, release: float = 0.15
) -> np.ndarray:
    """A gentle feed-forward RMS compressor on 10 ms frames, gains interpolated."""
    hop = RATE // 100
    n = len(x) // hop
    if n < 2:
        return x
    rms = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    level = 20 * np.log10(rms)
    want = np.minimum(0.0, (threshold_db - level) * (1 - 1 / ratio))  # dB of gain reduction
    a_att, a_rel = np.exp(-0.01 / attack), np.exp(-0.01 / release)
    gain = np.empty(n)
    g = 0.0
    for i, w in enumerate(want):  # one-pole smoothing: fast down, slow up
        a = a_att if w < g else a_rel
        g = a * g + (1 - a) * w
        gain[i] = g
    centres = np.arange(n) * hop + hop / 2
    return x * 10 ** (np.interp(np.arange(len(x)), centres, gain) / 20)


def oversampled(x: np.ndarray, factor: int = 4) -> np.ndarray:
    return signal.resample_poly(x.astype(np.float32), factor, 1)


def true_peak_db(x: np.ndarray, factor: int = 4) -> float:
    """True peak in dBTP: the maximum of the 4× oversampled signal."""
    peak = max(float(np.max(np.abs(oversampled(x, factor)))), float(np.max(np.abs(x))), 1e-12)
    return 20 * np.log10(peak)


def peak_envelope(x: np.ndarray) -> np.ndarray:
    """Per-sample true peak: the largest |value| among the 4 oversampled points."""
    up = np.abs(oversampled(x))[: 4 * len(x)]
    return np.maximum(np.abs(x), up.reshape(len(x), 4).max(axis=1))


def limiter_gain(peaks: np.ndarray, ceiling_db: float, lookahead: float = 0.005) -> np.ndarray:
    """Look-ahead limiter gain. At every peak the gain is at most ceiling/peak:
    a minimum filter of width 2L+1 then a moving average of width L+1 never
    exceeds the needed gain at the peak itself, and has no steps (no clicks)."""
    need = np.minimum(1.0, 10 ** (ceiling_db / 20) / np.maximum(peaks, 1e-12))
    if need.min() >= 1.0:
        return np.ones_like(peaks)
    L = max(1, int(lookahead * RATE))
    gain = ndimage.minimum_filter1d(need, size=2 * L + 1, mode="nearest")
    return ndimage.uniform_filter1d(gain, size=L + 1, mode="nearest")


def limit(x: np.ndarray, ceiling_db: float) -> np.ndarray:
    return x * limiter_gain(peak_envelope(x), ceiling_db)


def normalise(x: np.ndarray, target_lufs: float, ceiling_db: float, rounds: int = 8) -> tuple[np.ndarray, float]:
    """Integrated loudness to the target under a true-peak ceiling. The peak
    envelope is computed once and scaled with the gain (the limiter gain moves
    slowly against 4× oversampled points), so each round costs one loudness
    measurement, not one oversampling. When the limiter works hard, 1 dB of
    gain yields less than 1 LU: the step follows the measured slope (secant)."""
    meter = LoudnessMeter(RATE)
    x = _match(meter, x, target_lufs)
    peaks = peak_envelope(x)
    gain_db, prev = 0.0, None
    for _ in range(rounds):
        scale = 10 ** (gain_db / 20)
        y = x * scale * limiter_gain(peaks * scale, ceiling_db)
        lufs = _loudness(meter, y)
        miss = target_lufs - lufs
        if abs(miss) < 0.1:
            break
        slope = 1.0
        if prev is not None and gain_db != prev[0]:
            slope = min(1.0, max(0.2, (lufs - prev[1]) / (gain_db - prev[0])))
        prev = (gain_db, lufs)
        gain_db += miss / slope
    return y, lufs


def tone_chime(notes: Sequence[float], level: float = 0.5) -> np.ndarray:
    """A soft three-note bell: fundamental plus two quiet harmonics, decaying."""
    step, ring = 0.32, 1.1
    out = np.zeros(int(RATE * (step * (len(notes) - 1) + ring)))
    t = np.arange(int(RATE * ring)) / RATE
    env = np.exp(-t / 0.35) * np.minimum(1.0, t / 0.004) * np.minimum(1.0, (ring - t) / 0.15)  # no click at either end
    for i, f in enumerate(notes):
        note = np.sin(2 * np.pi * f * t) + 0.25 * np.sin(4 * np.pi * f * t) + 0.08 * np.sin(6 * np.pi * f * t)
        start = int(RATE * step * i)
        out[start : start + len(t)] += note * env
    return out / np.max(np.abs(out)) * level


def load_jingle(path: Path) -> np.ndarray:
    try:
        return to_array(AudioSegment.from_file(path))
    except Exception as exc:  # pydub/ffmpeg raise many kinds for a bad file
        raise BroadcastError(
            M.audio_unreadable(path, str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__)
        ) from None


class LoudnessMeter:
    """BS.1770-4 integrated loudness of a mono signal: pyloudnorm's algorithm
    and K-weighting coefficients, vectorised (block energies from a cumulative
    sum, one sosfilt pass). Mastering measures many candidate gains; the
    tests check it against pyloudnorm itself."""

    def __init__(self, rate: int = RATE) -> None:
        self.rate = rate
        self._reference = pyloudnorm.Meter(rate)
        stages = list(getattr(self._reference, "_filters", {}).values())
        self._sos = np.vstack([signal.tf2sos(f.b, f.a) for f in stages]) if stages else None
        self._gain = float(np.prod([f.passband_gain for f in stages])) if stages else 1.0

    def integrated_loudness(self, x: np.ndarray) -> float:
        if self._sos is None:  # a pyloudnorm without the filters we know: use it as is
            return float(self._reference.integrated_loudness(x))
        y = signal.sosfilt(self._sos, x) * self._gain
        cs = np.concatenate(([0.0], np.cumsum(y * y)))
        block, step = 0.4, 0.25
        n = int(np.round((len(x) / self.rate - block) / (block * step))) + 1
        j = np.arange(max(n, 0))
        lo = (block * (j * step) * self.rate).astype(int)
        hi = np.minimum((block * (j * step + 1) * self.rate).astype(int), len(x))
        z = (cs[hi] - cs[lo]) / (block * self.rate)
        with np.errstate(divide="ignore"):
            lk = -0.691 + 10 * np.log10(z)
        above = lk >= -70.0
        if not above.any():
            return float("-inf")
        gamma_r = -0.691 + 10 * np.log10(np.mean(z[above])) - 10.0
        gated = (lk > gamma_r) & above
        with np.errstate(divide="ignore"):
            return float(-0.691 + 10 * np.log10(np.mean(z[gated]))) if gated.any() else float("-inf")


def _loudness(meter: LoudnessMeter | pyloudnorm.Meter, x: np.ndarray) -> float:
    return float(meter.integrated_loudness(x))


def _match(meter: LoudnessMeter, x: np.ndarray, lufs: float) -> np.ndarray:
    current = _loudness(meter, x)
    return x if not np.isfinite(current) else x * 10 ** ((lufs - current) / 20)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


# --- the master ---------------------------------------------------------------------------
def master(
    readings: Sequence[AudioSegment | Sequence[AudioSegment]], settings: MasterSettings = MasterSettings()
) -> Mastered:
    """Chime, the readings with pauses between them, chime; loudness-normalised.

    A reading is one AudioSegment or a sequence of parts joined with a short
    pause; a part object used in several readings (the body) is converted once."""
    meter = LoudnessMeter(RATE)
    converted: dict[int, np.ndarray] = {}

    def part(audio: AudioSegment) -> np.ndarray:
        if id(audio) not in converted:
            converted[id(audio)] = highpass(to_array(audio), settings.highpass_hz)
        return converted[id(audio)]

    speech = []
    for reading in readings:
        parts = [reading] if isinstance(reading, AudioSegment) else list(reading)
        x = np.concatenate([y for i, p in enumerate(parts) for y in ((silence(PART_PAUSE),) if i else ()) + (part(p),)])
        if np.max(np.abs(x), initial=0.0) < 1e-4:
            raise BroadcastError(M.SILENT_SPEECH)
        rms_db = 20 * np.log10(np.sqrt(np.mean(x**2)) + 1e-12)
        speech.append(compress(x * 10 ** ((-22.0 - rms_db) / 20)))  # into the compressor's range
    speech_lufs = _loudness(meter, np.concatenate(speech))
    if settings.jingle is not None:
        start = end = _match(meter, highpass(load_jingle(settings.jingle), settings.highpass_hz), speech_lufs - 2)
    else:
        start = _match(meter, tone_chime(CHIME_START), speech_lufs - 3)
        end = _match(meter, tone_chime(CHIME_END), speech_lufs - 3)

    parts, spans, pos = [silence(0.3), start, silence(settings.chime_gap)], [], 0
    for i, x in enumerate(speech):
        if i:
            parts.append(silence(settings.pause))
        pos = sum(len(p) for p in parts)
        spans.append((pos / RATE, (pos + len(x)) / RATE))
        parts.append(x)
    parts += [silence(settings.chime_gap), end, silence(0.5)]
    y = np.concatenate(parts)

    y, lufs = normalise(y, settings.target_lufs, settings.true_peak - 0.5)  # 0.5 dB margin for the MP3 encoder
    return Mastered(y, lufs, spans)


def wav_bytes(x: np.ndarray) -> bytes:
    """16-bit PCM mono WAV at RATE."""
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def _ffmpeg(args: list[str], data: bytes) -> bytes:
    try:
        proc = subprocess.run(["ffmpeg", "-v", "error", "-y", *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise BroadcastError(M.FFMPEG_MISSING) from None
    if proc.returncode != 0:
        raise BroadcastError(M.ffmpeg_failed(proc.stderr.decode("utf-8", "replace").strip()[-300:]))
    return proc.stdout


def decode_mp3(data: bytes) -> np.ndarray:
    raw = _ffmpeg(["-f", "mp3", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-ar", str(RATE), "pipe:1"], data)
    return np.frombuffer(raw, dtype="<f4").astype(np.float64)


def encode_mp3(x: np.ndarray, bitrate: str = "128k") -> bytes:
    """MP3 CBR mono 44.1 kHz; written to a file so LAME adds its Info header."""
    with tempfile.TemporaryDirectory(prefix="doithoai-mp3-") as tmp:
        out = Path(tmp) / "out.mp3"
        _ffmpeg(
            [
                "-f",
                "f32le",
                "-ar",
                str(RATE),
                "-ac",
                "1",
                "-i",
                "pipe:0",
                "-codec:a",
                "libmp3lame",
                "-b:a",
                bitrate,
                "-ar",
                str(RATE),
                "-ac",
                "1",
                "-write_xing",
                "1",
                "-id3v2_version",
                "0",
                str(out),
            ],
            np.clip(x, -1.0, 1.0).astype("<f4").tobytes(),
        )
        return out.read_bytes()


def tag_mp3(data: bytes, title: str, station: str, date: dt.date, comment: str = "") -> bytes:
    """ID3v2.4 tags: title (TIT2), station as artist (TPE1) and radio station (TRSN), date (TDRC)."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    if station:
        tags.add(TPE1(encoding=3, text=station))
        tags.add(TRSN(encoding=3, text=station))
    tags.add(TDRC(encoding=3, text=date.isoformat()))
    tags.add(TCON(encoding=3, text=M.ID3_GENRE))
    if comment:
        tags.add(COMM(encoding=3, lang="vie", desc="", text=comment))
    buf = io.BytesIO(data)
    tags.save(buf, v2_version=4)
    return buf.getvalue()


# libmp3lame as called here comes out 0.45 dB quieter than its input (measured
# on sines and speech, flat across frequency); start from that and verify.
MP3_GAIN_DB = 0.45


def export(
    m: Mastered, title: str, station: str, date: dt.date, comment: str = "", settings: MasterSettings = MasterSettings()
) -> tuple[bytes, bytes, float, float]:
    """(MP3 bytes, WAV bytes, MP3 loudness, MP3 true peak). The WAV master is
    the mastered signal; the MP3 is decoded and measured, and its gain is
    corrected until it meets the loudness target and the true-peak ceiling."""
    meter = LoudnessMeter(RATE)
    gain_db = MP3_GAIN_DB
    for _ in range(4):
        mp3 = encode_mp3(m.samples * 10 ** (gain_db / 20), settings.bitrate)
        decoded = decode_mp3(mp3)
        lufs, tp = _loudness(meter, decoded), true_peak_db(decoded)
        if abs(settings.target_lufs - lufs) <= 0.2 and tp <= settings.true_peak - 0.05:
            break
        gain_db += min(settings.target_lufs - lufs, settings.true_peak - 0.1 - tp)
    return tag_mp3(mp3, title, station, date, comment), wav_bytes(m.samples), lufs, tp
