"""Build multi-speaker test recordings from the real single-speaker clips.

Each turn repeats one speaker's clip (leading/trailing silence trimmed, short
pauses between repetitions) until the turn's drawn length is reached; turns
are separated by silences or overlap by up to `max_overlap` seconds; noise is
added at a chosen SNR and each speaker gets its own gain, as with people at
different distances from the microphone. The reference turns returned are
where speech really is, so they can be scored with a DER collar.

Used by tests/pipeline/test_diarize.py and bench/speakers.py; needs only
numpy and scipy (no diarization extra).
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import audiobuild
import numpy as np
from scipy.signal import resample_poly

SAMPLE_RATE = 16000
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Voice:
    """One real speaker: a read-speech clip, gender and region where known."""

    wav: Path
    gender: str  # "nu" (woman) or "nam" (man)
    region: str | None  # "bac", "nam" or None (not stated by the source)

    @property
    def name(self) -> str:
        return self.wav.stem


# tests/data/speech-vi (ASR clips; genders by ear, regions not stated) and
# tests/data/voices-vi (six more voices whose source names gender and region).
VOICES = [
    Voice(DATA / "speech-vi" / "example_1.wav", "nu", None),
    Voice(DATA / "speech-vi" / "example_2.wav", "nam", None),
    Voice(DATA / "speech-vi" / "example_3.wav", "nam", None),
    Voice(DATA / "speech-vi" / "example_4.wav", "nu", None),
] + [
    Voice(DATA / "voices-vi" / f"{stem}.wav", stem.split("_")[1], stem.split("_")[2])
    for stem in ("binh_nam_bac", "ly_nu_bac", "ngoc_nu_bac", "tuyen_nam_bac", "vinh_nam_nam", "doan_nu_nam")
]


def voice(name: str) -> Voice:
    return next(v for v in VOICES if v.name == name)


@dataclass(frozen=True)
class RefTurn:
    start: float
    end: float
    speaker: str


@dataclass
class Recording:
    audio: np.ndarray  # float32 mono at SAMPLE_RATE
    turns: list[RefTurn]
    speakers: list[str]  # speaker names that appear, in order of first turn

    @property
    def duration(self) -> float:
        return len(self.audio) / SAMPLE_RATE

    def write_wav(self, path: str | Path) -> Path:
        """Write 16-bit PCM mono WAV at SAMPLE_RATE."""
        return audiobuild.write_wav(self.audio, path)


def read_wav(path: str | Path) -> np.ndarray:
    """A 16-bit PCM WAV as float32 mono at SAMPLE_RATE."""
    with wave.open(str(path), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{path}: only 16-bit PCM is supported")
    x = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE:
        g = np.gcd(rate, SAMPLE_RATE)
        x = resample_poly(x, SAMPLE_RATE // g, rate // g).astype(np.float32)
    return x


def trim_silence(x: np.ndarray, floor_db: float = -35.0, frame: int = 320) -> np.ndarray:
    """Cut leading and trailing frames quieter than `floor_db` below the peak frame."""
    n = len(x) // frame
    if n == 0:
        return x
    energy = 10 * np.log10(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(energy > energy.max() + floor_db)
    return x[loud[0] * frame : (loud[-1] + 1) * frame]


def _fill(clip: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Repeat `clip` with short pauses until `seconds` long; fade the cut end."""
    target = int(seconds * SAMPLE_RATE)
    parts: list[np.ndarray] = []
    total = 0
    while total < target:
        if parts:
            pause = np.zeros(int(rng.uniform(0.1, 0.3) * SAMPLE_RATE), dtype=np.float32)
            parts.append(pause)
            total += len(pause)
        parts.append(clip)
        total += len(clip)
    out = np.concatenate(parts)[:target].copy()
    fade = min(len(out), int(0.02 * SAMPLE_RATE))
    out[len(out) - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return out


def build_recording(
    clips: list[Path],
    n_turns: int,
    *,
    seed: int = 0,
    turn_range: tuple[float, float] = (2.0, 20.0),
    silence_range: tuple[float, float] = (0.2, 1.5),
    overlap_prob: float = 0.25,
    max_overlap: float = 0.5,
    snr_db: float | None = 20.0,
    lead: float = 0.5,
) -> Recording:
    """A recording of `n_turns` turns among the speakers of `clips` (one clip
    = one speaker, named after the file stem). Every speaker speaks at least
    once when n_turns >= len(clips); consecutive turns change speaker."""
    rng = np.random.default_rng(seed)
    voices = {Path(c).stem: trim_silence(read_wav(c)) for c in clips}
    names = list(voices)
    gains = {name: float(10 ** (rng.uniform(-6, 0) / 20)) for name in names}
    for name, v in voices.items():
        voices[name] = (v / (np.sqrt(np.mean(v**2)) + 1e-9) * 0.1 * gains[name]).astype(np.float32)

    order: list[str] = list(rng.permutation(names))[: min(n_turns, len(names))]
    while len(order) < n_turns:
        order.append(str(rng.choice([n for n in names if n != order[-1]])))

    pieces: list[tuple[int, np.ndarray]] = []
    turns: list[RefTurn] = []
    cursor = lead
    for i, name in enumerate(order):
        if i:
            if max_overlap > 0 and rng.random() < overlap_prob:
                cursor -= rng.uniform(0.1, max_overlap)
            else:
                cursor += rng.uniform(*silence_range)
        speech = _fill(voices[name], rng.uniform(*turn_range), rng)
        start = int(round(cursor * SAMPLE_RATE))
        pieces.append((start, speech))
        turns.append(RefTurn(start / SAMPLE_RATE, (start + len(speech)) / SAMPLE_RATE, name))
        cursor = turns[-1].end

    audio = np.zeros(int((cursor + lead) * SAMPLE_RATE), dtype=np.float32)
    for start, speech in pieces:
        audio[start : start + len(speech)] += speech
    if snr_db is not None:
        speech_power = np.mean(np.concatenate([p for _, p in pieces]) ** 2)
        noise = rng.standard_normal(len(audio)).astype(np.float32)
        # a little low-frequency hum and colour, like a hall PA
        t = np.arange(len(audio)) / SAMPLE_RATE
        noise = np.convolve(noise, np.ones(4, dtype=np.float32) / 4, mode="same") + 0.5 * np.sin(2 * np.pi * 50 * t)
        noise *= np.sqrt(speech_power / 10 ** (snr_db / 10) / np.mean(noise**2))
        audio = audio + noise.astype(np.float32)
    seen: list[str] = []
    for t_ in turns:
        if t_.speaker not in seen:
            seen.append(t_.speaker)
    return Recording(audio.astype(np.float32), turns, seen)


# --- scoring -----------------------------------------------------------------------


@dataclass(frozen=True)
class DerResult:
    missed: float  # seconds of reference speech with too few hypothesis speakers
    false_alarm: float  # seconds of hypothesis speech beyond the reference
    confusion: float  # seconds given to the wrong speaker (after optimal mapping)
    total: float  # seconds of reference speech scored (overlap counts per speaker)

    @property
    def der(self) -> float:
        return (self.missed + self.false_alarm + self.confusion) / self.total if self.total else 0.0


def der(reference, hypothesis, collar: float = 0.25, step: float = 0.01) -> DerResult:
    """Diarization error rate, as NIST md-eval scores it: frames within
    `collar` seconds of a reference turn boundary are not scored; reference
    and hypothesis speakers are mapped one-to-one to maximise their overlap
    (Hungarian assignment). Turns are anything with start, end, speaker."""
    from scipy.optimize import linear_sum_assignment

    end = max([t.end for t in reference] + [t.end for t in hypothesis] + [0.0])
    n = int(np.ceil(end / step)) + 1

    def matrix(turns) -> np.ndarray:
        names = sorted({t.speaker for t in turns})
        m = np.zeros((len(names), n), dtype=bool)
        for t in turns:
            m[names.index(t.speaker), int(round(t.start / step)) : int(round(t.end / step))] = True
        return m

    ref, hyp = matrix(reference), matrix(hypothesis)
    scored = np.ones(n, dtype=bool)
    for t in reference:
        for b in (t.start, t.end):
            scored[max(int(round((b - collar) / step)), 0) : int(round((b + collar) / step))] = False
    ref, hyp = ref[:, scored], hyp[:, scored]
    n_ref, n_hyp = ref.sum(axis=0), hyp.sum(axis=0)
    correct = 0
    if len(ref) and len(hyp):
        overlap = ref.astype(np.int64) @ hyp.T.astype(np.int64)
        rows, cols = linear_sum_assignment(-overlap)
        correct = int(overlap[rows, cols].sum())
    return DerResult(
        missed=float(np.clip(n_ref - n_hyp, 0, None).sum()) * step,
        false_alarm=float(np.clip(n_hyp - n_ref, 0, None).sum()) * step,
        confusion=float(np.minimum(n_ref, n_hyp).sum() - correct) * step,
        total=float(n_ref.sum()) * step,
    )


def speaker_changes(turns) -> list[tuple[float, float]]:
    """Where the speaker changes: (end of one turn, start of the next) for
    consecutive turns of different speakers (start < end when they overlap)."""
    ordered = sorted(turns, key=lambda t: t.start)
    return [(a.end, b.start) for a, b in zip(ordered, ordered[1:], strict=False) if a.speaker != b.speaker]


def change_errors(reference, hypothesis) -> list[float]:
    """For each reference speaker change, the distance in seconds to the
    nearest hypothesis change (0 when it falls inside the reference's
    silence or overlap between the two turns); inf if there is none."""
    hyp = speaker_changes(hypothesis)
    out = []
    for a, b in speaker_changes(reference):
        lo, hi = min(a, b), max(a, b)
        dists = [max(lo - max(x, y), min(x, y) - hi, 0.0) for x, y in hyp]
        out.append(min(dists) if dists else float("inf"))
    return out
