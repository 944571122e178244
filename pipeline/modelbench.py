"""`doithoai models bench`: run installed ASR models on real clips (WAV +
reference TXT) and measure word error rate and real-time factor."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.messages import model_store as msg
from pipeline.wer import word_errors

CLIPS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "speech-vi"


@dataclass
class BenchResult:
    name: str
    wer: float
    rtf: float  # seconds of work per second of audio
    audio_seconds: float
    elapsed: float
    device: str

    @property
    def minutes_per_hour(self) -> float:
        return self.rtf * 60.0


def find_clips(folder: Path | None = None) -> list[tuple[Path, str]]:
    folder = Path(folder or CLIPS_DIR)
    clips = [
        (w, _reference(w.with_suffix(".txt"))) for w in sorted(folder.glob("*.wav")) if w.with_suffix(".txt").is_file()
    ]
    if not clips:
        raise ModelError(msg.bench_no_clips(folder))
    return clips


def _reference(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise ModelError(msg.bench_reference_not_utf8(path)) from None


def bench_model(name: str, clips: list[tuple[Path, str]], device: str = "auto") -> BenchResult:
    """Load `name`, transcribe every clip once after a warm-up, pool the errors."""
    from pipeline import audio  # lazy: numpy and the decoder, only to bench
    from pipeline.transcriber import Transcriber  # lazy: faster-whisper and ctranslate2, only to bench

    transcriber = Transcriber(name, device=device)
    list(transcriber.transcribe(clips[0][0]))  # warm-up: loading and first-call costs are not per hour of audio
    errors = words = 0
    seconds = elapsed = 0.0
    for wav, ref in clips:
        t0 = time.perf_counter()
        text = " ".join(s.text.strip() for s in transcriber.transcribe(wav))
        elapsed += time.perf_counter() - t0
        seconds += audio.probe(wav).duration
        result = word_errors(ref, text)
        errors += result.substitutions + result.deletions + result.insertions
        words += result.reference_words
    return BenchResult(name, errors / max(words, 1), elapsed / max(seconds, 1e-9), seconds, elapsed, transcriber.device)
