"""viet-asr beside whisper-base on the real clips, measured in the same run.

    .venv/bin/python bench/vietasr.py            # the clips in tests/data/speech-vi
    .venv/bin/python bench/vietasr.py --repeat 3 # best of 3 timings per engine

  whisper   faster-whisper WhisperModel (models/whisper-base, int8, CPU),
            transcribe(language="vi") with default settings, clip by clip
  vietasr   Silero VAD regions (faster_whisper.vad), each region (cut at
            the quietest moment above 25 s) transcribed by viet-asr, clip by clip

viet-asr is NOT part of doithoai (its 70 MB model is an unlabelled binary
whose origin and licence cannot be established); it is only a peer to
measure against. Install it beside the project, outside its extras:

    .venv/bin/pip install viet-asr==0.1.0.dev11

Printed per engine: model load time, real-time factor (processing time /
audio time, best of --repeat, load excluded), WER over all clips
(Vietnamese-normalised, pipeline.wer), and the ratios vietasr/whisper.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the `vietasr` package: keep bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import numpy as np

from pipeline.audio import SAMPLE_RATE, load_pcm
from pipeline.wer import word_errors

CLIPS = ROOT / "tests" / "data" / "speech-vi"


def load_clips() -> list[tuple[str, np.ndarray, str]]:
    return [
        (w.stem, load_pcm(w), w.with_suffix(".txt").read_text(encoding="utf-8").strip())
        for w in sorted(CLIPS.glob("*.wav"))
    ]


def whisper_engine(threads: int):
    from faster_whisper import WhisperModel

    from pipeline.model_registry import resolve_model

    model = WhisperModel(str(resolve_model(None).path), device="cpu", compute_type="int8", cpu_threads=threads)

    def run(pcm: np.ndarray) -> str:
        segments, _ = model.transcribe(pcm, language="vi")
        return " ".join(s.text.strip() for s in segments)

    return run


# viet-asr's accuracy drops on long inputs (WER 0.06 at 25 s, 0.25 at 74 s on
# the clips joined), so longer regions are cut at their quietest moment.
MAX_REGION_SECONDS = 25.0
SPLIT_MIN_SECONDS = 15.0
MIN_REGION_SECONDS = 0.2


def vietasr_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("viet-asr")
    except PackageNotFoundError:
        return None


def split_region(audio: np.ndarray, a: int, stop: int) -> list[tuple[int, int]]:
    """Sample ranges covering [a, stop), each at most MAX_REGION_SECONDS."""
    limit, low, frame = int(MAX_REGION_SECONDS * SAMPLE_RATE), int(SPLIT_MIN_SECONDS * SAMPLE_RATE), SAMPLE_RATE // 10
    pieces = []
    while stop - a > limit:
        window = audio[a + low : a + limit]
        n = len(window) // frame
        energy = np.square(window[: n * frame].reshape(n, frame), dtype=np.float64).mean(axis=1)
        cut = a + low + int(np.argmin(energy)) * frame + frame // 2
        pieces.append((a, cut))
        a = cut
    pieces.append((a, stop))
    return pieces


def vietasr_engine(threads: int):
    from faster_whisper.vad import VadOptions, get_speech_timestamps
    from vietasr import Pipeline
    from vietasr.ffi import native

    native.lib.vietasr_set_log_level(3)  # warnings and errors only
    pipeline = Pipeline.new().add("vietasr").build()

    def text_of(pcm: np.ndarray) -> str:
        pcm16 = (np.clip(pcm, -1.0, 1.0) * 32767.0).astype(np.int16)
        return " ".join(str(pipeline.transcribe(pcm16, sample_rate=float(SAMPLE_RATE)).text).split())

    def run(pcm: np.ndarray) -> str:
        stamps = get_speech_timestamps(pcm, VadOptions(min_silence_duration_ms=500))
        texts = []
        for s in stamps:
            if (s["end"] - s["start"]) / SAMPLE_RATE < MIN_REGION_SECONDS:
                continue
            texts += [text_of(pcm[a:b]) for a, b in split_region(pcm, s["start"], s["end"])]
        return " ".join(t for t in texts if t)

    return run


def measure(name: str, make, clips, repeat: int, threads: int) -> dict:
    t0 = time.perf_counter()
    run = make(threads)
    load = time.perf_counter() - t0
    run(clips[0][1][:SAMPLE_RATE])  # warm-up: first-call allocations are not transcription
    best, texts = float("inf"), []
    for _ in range(repeat):
        t0 = time.perf_counter()
        texts = [run(pcm) for _, pcm, _ in clips]
        best = min(best, time.perf_counter() - t0)
    audio_s = sum(len(pcm) for _, pcm, _ in clips) / SAMPLE_RATE
    errs = [word_errors(ref, hyp) for (_, _, ref), hyp in zip(clips, texts)]
    n_ref = sum(e.reference_words for e in errs)
    wer = sum(e.substitutions + e.deletions + e.insertions for e in errs) / n_ref
    return {"name": name, "load": load, "rtf": best / audio_s, "wer": wer, "texts": texts, "audio": audio_s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show", action="store_true", help="print each clip's reference and both hypotheses")
    args = parser.parse_args()

    if vietasr_version() is None:
        print(
            "viet-asr is not installed (it is not part of doithoai): .venv/bin/pip install viet-asr==0.1.0.dev11",
            file=sys.stderr,
        )
        return 2
    clips = load_clips()
    results = [
        measure("whisper-base", whisper_engine, clips, args.repeat, args.threads),
        measure(f"viet-asr {vietasr_version()}", vietasr_engine, clips, args.repeat, args.threads),
    ]
    print(f"{len(clips)} clips, {results[0]['audio']:.1f} s of speech, {args.threads} threads, best of {args.repeat}")
    print(f"{'engine':<22} {'load s':>7} {'RTF':>7} {'WER':>7}")
    for r in results:
        print(f"{r['name']:<22} {r['load']:>7.2f} {r['rtf']:>7.3f} {r['wer']:>7.3f}")
    w, v = results
    print(f"ratio viet-asr/whisper-base: RTF {v['rtf'] / w['rtf']:.2f}, WER {v['wer'] / max(w['wer'], 1e-9):.2f}")
    if args.show:
        for (stem, _, ref), wt, vt in zip(clips, w["texts"], v["texts"]):
            print(f"\n{stem}\n  ref      {ref}\n  whisper  {wt}\n  viet-asr {vt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
