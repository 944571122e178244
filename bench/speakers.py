"""Diarization benchmark on recordings built from the real clips.

    .venv/bin/python bench/speakers.py [--recordings 6] [--seed 7] [--no-asr]

Builds multi-speaker recordings from tests/data/speech-vi (one clip = one
voice; turns of 2–20 s, silences, overlaps up to 0.5 s, noise at 15–25 dB
SNR), diarizes each with the number of speakers estimated ("auto") and given
("oracle"), and prints the diarization error rate (0.25 s collar, optimal
speaker mapping), the speaker-count error, and the diarization real-time
factor beside faster-whisper's (BatchedInferencePipeline, int8, batch 4,
language "vi") measured on the same audio in the same run.
Targets (issue 5): DER ≤ 0.15, diarization RTF ≤ 0.05.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from speakerbuild import build_recording, change_errors, der  # noqa: E402

CLIPS = sorted((ROOT / "tests" / "data" / "speech-vi").glob("*.wav"))


def recordings(count: int, seed: int):
    """Alternate 2, 3 and 4 speakers; 6–14 turns each."""
    sizes = [2, 4, 3]
    for i in range(count):
        k = min(sizes[i % len(sizes)], len(CLIPS))
        clips = [CLIPS[j] for j in sorted(__import__("random").Random(seed + i).sample(range(len(CLIPS)), k))]
        yield build_recording(clips, n_turns=6 + (i * 3) % 9, seed=seed + i, snr_db=15.0 + (i * 5) % 15)


def whisper_model() -> str:
    from pipeline.model_registry import ensure_default_model

    return str(ensure_default_model().path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recordings", type=int, default=6)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-asr", action="store_true", help="skip the transcription RTF baseline")
    args = ap.parse_args()

    from pipeline.diarize import Diarizer

    t = time.perf_counter()
    diarizer = Diarizer()
    print(f"Diarizer loaded in {time.perf_counter() - t:.2f} s")
    asr = None
    if not args.no_asr:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        asr = BatchedInferencePipeline(WhisperModel(whisper_model(), device="cpu", compute_type="int8", cpu_threads=2))

    rows = []
    head = f"{'#':>2} {'spk':>3} {'dur s':>6} {'turns':>5} {'DER auto':>8} {'found':>5} {'DER oracle':>10} {'max Δchange s':>13} {'diar RTF':>8} {'CPU RTF':>7} {'ASR RTF':>7}"
    print(head)
    for i, rec in enumerate(recordings(args.recordings, args.seed)):
        n_ref = len(rec.speakers)
        t, c = time.perf_counter(), time.process_time()
        windows = diarizer.windows(rec.audio)
        auto = diarizer.turns(windows, None)
        diar_s, diar_cpu = time.perf_counter() - t, time.process_time() - c
        oracle = diarizer.turns(windows, n_ref)
        d_auto, d_oracle = der(rec.turns, auto), der(rec.turns, oracle)
        found = len({x.speaker for x in auto})
        worst = max(change_errors(rec.turns, auto), default=0.0)
        asr_s = None
        if asr is not None:
            t = time.perf_counter()
            segments, _ = asr.transcribe(rec.audio, language="vi", batch_size=4)
            list(segments)
            asr_s = time.perf_counter() - t
        rows.append((rec.duration, diar_s, asr_s, d_auto, d_oracle, found, n_ref, diar_cpu))
        asr_txt = f"{asr_s / rec.duration:7.3f}" if asr_s is not None else "      -"
        print(f"{i:>2} {n_ref:>3} {rec.duration:6.1f} {len(rec.turns):>5} {d_auto.der:8.3f} {found:>5} "
              f"{d_oracle.der:10.3f} {worst:13.2f} {diar_s / rec.duration:8.3f} {diar_cpu / rec.duration:7.3f} {asr_txt}")

    total = sum(r[0] for r in rows)

    def pooled(k: int) -> float:
        res = [r[k] for r in rows]
        return sum(x.missed + x.false_alarm + x.confusion for x in res) / sum(x.total for x in res)

    diar_rtf = sum(r[1] for r in rows) / total
    miss = sum(r[3].missed for r in rows) / sum(r[3].total for r in rows)
    fa = sum(r[3].false_alarm for r in rows) / sum(r[3].total for r in rows)
    conf = sum(r[3].confusion for r in rows) / sum(r[3].total for r in rows)
    count_err = sum(abs(r[5] - r[6]) for r in rows)
    print(f"\n{len(rows)} recordings, {total:.0f} s of audio")
    print(f"DER auto   {pooled(3):.3f}  (missed {miss:.3f}, false alarm {fa:.3f}, confusion {conf:.3f}; collar 0.25 s)  target ≤ 0.15")
    print(f"DER oracle {pooled(4):.3f}")
    print(f"speaker-count error: {count_err} over {len(rows)} recordings "
          f"({sum(r[5] == r[6] for r in rows)}/{len(rows)} exact)")
    cpu_rtf = sum(r[7] for r in rows) / total
    print(f"diarization RTF {diar_rtf:.4f} wall clock, {cpu_rtf:.4f} CPU time (1 torch thread; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)  target ≤ 0.05")
    if asr is not None:
        asr_rtf = sum(r[2] for r in rows) / total
        print(f"transcription RTF {asr_rtf:.4f} (whisper-base int8, batch 4); diarization adds "
              f"{diar_rtf / asr_rtf:.2f}× the transcription time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
