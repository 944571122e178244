"""Build test recordings from the real speech clips.

A "dialogue-like" recording: the real Vietnamese clips in turn, separated by
pauses, with a low hall-noise floor throughout and non-speech events (long
silence, noise bursts, pure tones, music-like chords) between them. Returns
the audio (16 kHz mono float32), the reference text of what is said, and the
speech / non-speech intervals, so tests and bench/asr.py can measure WER and
count words invented where nobody speaks.

Importable from tests as `import audiobuild`, and from bench/ after adding
tests/ to sys.path.
"""

from __future__ import annotations

import subprocess
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
SPEECH_DIR = Path(__file__).resolve().parent / "data" / "speech-vi"


@dataclass
class Interval:
    start: float
    end: float
    kind: str  # "speech", "silence", "noise", "tone", "chord"
    text: str = ""


@dataclass
class Recording:
    audio: np.ndarray  # float32, 16 kHz mono
    intervals: list[Interval] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return len(self.audio) / SAMPLE_RATE

    @property
    def reference(self) -> str:
        return " ".join(i.text for i in self.intervals if i.kind == "speech")

    @property
    def speech(self) -> list[Interval]:
        return [i for i in self.intervals if i.kind == "speech"]

    @property
    def non_speech(self) -> list[Interval]:
        return [i for i in self.intervals if i.kind != "speech"]

    def write_wav(self, path: str | Path) -> Path:
        """16-bit PCM WAV (what a commune's recorder would produce)."""
        return write_wav(self.audio, path)


def write_wav(audio: np.ndarray, path: str | Path) -> Path:
    """16 kHz mono float samples as a 16-bit PCM WAV."""
    path = Path(path)
    pcm = np.clip(audio, -1.0, 1.0)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((pcm * 32767).astype("<i2").tobytes())
    return path


def load_clip(path: str | Path) -> np.ndarray:
    """Decode any clip to 16 kHz mono float32 with ffmpeg."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(SAMPLE_RATE), "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(out, dtype=np.float32).copy()


def real_clips(directory: Path = SPEECH_DIR) -> list[tuple[np.ndarray, str]]:
    """The real clips as (audio, reference text), sorted by name."""
    return [
        (load_clip(w), w.with_suffix(".txt").read_text(encoding="utf-8").strip())
        for w in sorted(directory.glob("*.wav"))
    ]


def _db(x: float) -> float:
    return 10 ** (x / 20)


def hall_noise(seconds: float, rng: np.random.Generator, level_db: float = -50.0) -> np.ndarray:
    """Low, slightly coloured noise: fans and a room."""
    n = int(seconds * SAMPLE_RATE)
    white = rng.standard_normal(n).astype(np.float32)
    # a one-pole low-pass makes a "room" rather than hiss
    coloured = _lowpass(white, 0.9)
    coloured /= np.sqrt(np.mean(coloured**2)) + 1e-9
    return (coloured * _db(level_db)).astype(np.float32)


def _lowpass(x: np.ndarray, alpha: float) -> np.ndarray:
    try:
        from scipy.signal import lfilter

        return lfilter([1 - alpha], [1, -alpha], x).astype(np.float32)
    except ImportError:  # plain numpy fallback
        y = np.empty_like(x)
        acc = 0.0
        for i, v in enumerate(x):
            acc = alpha * acc + (1 - alpha) * v
            y[i] = acc
        return y


def tone(seconds: float, freq: float = 1000.0, level_db: float = -18.0) -> np.ndarray:
    """A pure test tone (microphone check, phone beep)."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    x = np.sin(2 * np.pi * freq * t) * _db(level_db)
    return _fade(x.astype(np.float32))


def chord(seconds: float, root: float = 220.0, level_db: float = -16.0) -> np.ndarray:
    """Music-like: a sequence of major triads with harmonics and note envelopes
    (the loudspeaker playing music before the meeting)."""
    n = int(seconds * SAMPLE_RATE)
    out = np.zeros(n, dtype=np.float32)
    step = int(0.8 * SAMPLE_RATE)
    ratios = (1.0, 1.26, 1.5)  # major triad
    progression = (1.0, 1.335, 1.5, 1.0, 1.122, 1.335)
    t = np.arange(step) / SAMPLE_RATE
    env = np.exp(-2.5 * t).astype(np.float32)
    for k, start in enumerate(range(0, n, step)):
        base = root * progression[k % len(progression)]
        note = np.zeros(step, dtype=np.float32)
        for r in ratios:
            for h, amp in ((1, 1.0), (2, 0.5), (3, 0.25)):
                note += amp * np.sin(2 * np.pi * base * r * h * t).astype(np.float32)
        seg = (note * env)[: n - start]
        out[start : start + len(seg)] += seg
    out /= np.max(np.abs(out)) + 1e-9
    return _fade(out * _db(level_db))


def noise_burst(seconds: float, rng: np.random.Generator, level_db: float = -24.0) -> np.ndarray:
    """Broadband noise: chairs moving, a motorbike passing."""
    x = rng.standard_normal(int(seconds * SAMPLE_RATE)).astype(np.float32)
    x /= np.sqrt(np.mean(x**2)) + 1e-9
    return _fade(x * _db(level_db))


def _fade(x: np.ndarray, seconds: float = 0.05) -> np.ndarray:
    n = min(int(seconds * SAMPLE_RATE), len(x) // 2)
    if n:
        ramp = np.linspace(0, 1, n, dtype=np.float32)
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    return x


def build(
    minutes: float = 1.0,
    seed: int = 7,
    clips: list[tuple[np.ndarray, str]] | None = None,
    long_silence: float = 20.0,
    events: bool = True,
    noise_db: float = -50.0,
    speech_gain_db: tuple[float, float] = (-3.0, 0.0),
) -> Recording:
    """A recording of about `minutes` minutes.

    Layout: repeated rounds of the clips (each clip at a random gain, pause
    0.4–2.5 s between clips); between rounds one non-speech event in turn:
    a long silence, a noise burst, a tone, music-like chords. A hall-noise
    floor runs under everything.
    """
    rng = np.random.default_rng(seed)
    clips = clips if clips is not None else real_clips()
    target = minutes * 60.0
    parts: list[np.ndarray] = []
    intervals: list[Interval] = []
    pos = 0.0

    def add(x: np.ndarray, kind: str, text: str = "") -> None:
        nonlocal pos
        dur = len(x) / SAMPLE_RATE
        intervals.append(Interval(round(pos, 3), round(pos + dur, 3), kind, text))
        parts.append(x.astype(np.float32))
        pos += dur

    def pause(lo: float, hi: float) -> None:
        add(np.zeros(int(rng.uniform(lo, hi) * SAMPLE_RATE), dtype=np.float32), "silence")

    kinds = ("silence", "chord", "noise", "tone")
    pause(1.0, 2.0)
    round_no = 0
    while pos < target:
        order = rng.permutation(len(clips))
        for i in order:
            audio, text = clips[i]
            add(audio * _db(rng.uniform(*speech_gain_db)), "speech", text)
            pause(0.4, 2.5)
        if events:
            kind = kinds[round_no % len(kinds)]
            if kind == "silence":
                add(np.zeros(int(long_silence * SAMPLE_RATE), dtype=np.float32), "silence")
            elif kind == "chord":
                add(chord(rng.uniform(6.0, 12.0), root=rng.choice([196.0, 220.0, 262.0])), "chord")
            elif kind == "noise":
                add(noise_burst(rng.uniform(2.0, 5.0), rng), "noise")
            else:
                add(tone(rng.uniform(2.0, 4.0), freq=rng.choice([440.0, 1000.0])), "tone")
            pause(1.0, 2.5)
        round_no += 1
    audio = np.concatenate(parts)
    audio += hall_noise(len(audio) / SAMPLE_RATE, rng, noise_db)[: len(audio)]
    return Recording(audio.astype(np.float32), _merge_silence(intervals))


def _merge_silence(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for iv in intervals:
        if out and iv.kind == "silence" and out[-1].kind == "silence":
            out[-1].end = iv.end
        else:
            out.append(iv)
    return out


def words_in(
    intervals: list[Interval], words: list[tuple[float, float, str]], margin: float = 0.3
) -> list[tuple[float, float, str]]:
    """The (start, end, word) items lying wholly inside one of `intervals`
    shrunk by `margin` on each side: words timed where nobody speaks."""
    found = []
    for start, end, word in words:
        mid = (start + end) / 2
        for iv in intervals:
            if iv.start + margin <= mid <= iv.end - margin and start >= iv.start - margin and end <= iv.end + margin:
                found.append((start, end, word))
                break
    return found
