"""Diarization benchmark on recordings built from the real clips.

    .venv/bin/python bench/speakers.py [--set base|hard|all] [--recordings 6] [--seed 7] [--no-asr]

`base` (today's set): recordings from tests/data/speech-vi (one clip = one
voice; 2–4 voices, turns of 2–20 s, silences, overlaps up to 0.5 s, noise at
15–25 dB SNR). `hard` (issue 12): 3–6 voices drawn from all ten real voices
(speech-vi and voices-vi), short turns of 2–4 s, always with two voices of
the same gender and region (two northern women or two northern men). Every
recording is diarized with the number of speakers estimated ("auto") and
given ("oracle"); the bench prints the diarization error rate (0.25 s collar,
optimal speaker mapping), the speaker count found, and for `base` the
diarization real-time factor beside faster-whisper's (BatchedInferencePipeline,
int8, batch 4, language "vi") on the same audio in the same run.
Targets: DER ≤ 0.15, diarization RTF ≤ 0.05 (issue 5); count right on 3–6
voices with short turns (issue 12).
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

from speakerbuild import VOICES, build_recording, change_errors, der, voice  # noqa: E402

CLIPS = sorted((ROOT / "tests" / "data" / "speech-vi").glob("*.wav"))
PAIRS = [("ly_nu_bac", "ngoc_nu_bac"), ("binh_nam_bac", "tuyen_nam_bac")]  # same gender and region


def recordings(count: int, seed: int):
    """Alternate 2, 3 and 4 speakers; 6–14 turns each."""
    sizes = [2, 4, 3]
    for i in range(count):
        k = min(sizes[i % len(sizes)], len(CLIPS))
        clips = [CLIPS[j] for j in sorted(__import__("random").Random(seed + i).sample(range(len(CLIPS)), k))]
        yield "base", build_recording(clips, n_turns=6 + (i * 3) % 9, seed=seed + i, snr_db=15.0 + (i * 5) % 15)


def hard_recordings(count: int, seed: int):
    """`count` recordings for each of 3, 4, 5 and 6 voices: a same-gender,
    same-region pair plus others drawn from the ten voices; 2–4 s turns,
    about four turns per voice, overlaps on 20 % of changes, 15–25 dB SNR."""
    import random

    for k in (3, 4, 5, 6):
        for i in range(count):
            r = random.Random(seed * 100 + k * 10 + i)
            pair = PAIRS[(k + i) % len(PAIRS)]
            others = [v.name for v in VOICES if v.name not in pair]
            names = list(pair) + r.sample(others, k - 2)
            rec = build_recording(
                [voice(n).wav for n in names],
                n_turns=4 * k,
                seed=seed * 100 + k * 10 + i,
                turn_range=(2.0, 4.0),
                overlap_prob=0.2,
                snr_db=15.0 + 5 * (i % 3),
            )
            yield f"{k} voices, 2-4 s", rec


def whisper_model() -> str:
    from pipeline.model_registry import ensure_default_model

    return str(ensure_default_model().path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recordings", type=int, default=6)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-asr", action="store_true", help="skip the transcription RTF baseline")
    ap.add_argument(
        "--set",
        choices=("base", "hard", "all"),
        default="base",
        help="base: today's 2-4 voice set; hard: 3-6 voices, 2-4 s turns, same-gender pairs",
    )
    args = ap.parse_args()
    if args.set != "base":
        args.no_asr = True  # RTF is measured on the base set

    from pipeline.diarize import Diarizer

    t = time.perf_counter()
    diarizer = Diarizer()
    print(f"Diarizer loaded in {time.perf_counter() - t:.2f} s")
    asr = None
    if not args.no_asr:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        asr = BatchedInferencePipeline(WhisperModel(whisper_model(), device="cpu", compute_type="int8", cpu_threads=2))

    rows = []
    head = f"{'#':>2} {'case':<16} {'spk':>3} {'dur s':>6} {'turns':>5} {'DER auto':>8} {'found':>5} {'DER oracle':>10} {'max Δchange s':>13} {'diar RTF':>8} {'CPU RTF':>7} {'ASR RTF':>7}"
    print(head)
    sets = []
    if args.set in ("base", "all"):
        sets.append(recordings(args.recordings, args.seed))
    if args.set in ("hard", "all"):
        sets.append(hard_recordings(max(1, args.recordings // 2), args.seed))
    for i, (case, rec) in enumerate(x for group in sets for x in group):
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
        rows.append((rec.duration, diar_s, asr_s, d_auto, d_oracle, found, n_ref, diar_cpu, case))
        asr_txt = f"{asr_s / rec.duration:7.3f}" if asr_s is not None else "      -"
        print(
            f"{i:>2} {case:<16} {n_ref:>3} {rec.duration:6.1f} {len(rec.turns):>5} {d_auto.der:8.3f} {found:>5} "
            f"{d_oracle.der:10.3f} {worst:13.2f} {diar_s / rec.duration:8.3f} {diar_cpu / rec.duration:7.3f} {asr_txt}"
        )

    total = sum(r[0] for r in rows)

    def pooled(k: int, part=None) -> float:
        res = [r[k] for r in (part or rows)]
        return sum(x.missed + x.false_alarm + x.confusion for x in res) / sum(x.total for x in res)

    print(f"\n{'case':<16} {'recordings':>10} {'DER auto':>8} {'DER oracle':>10} {'count exact':>11}")
    for case in dict.fromkeys(r[8] for r in rows):
        part = [r for r in rows if r[8] == case]
        print(
            f"{case:<16} {len(part):>10} {pooled(3, part):8.3f} {pooled(4, part):10.3f} "
            f"{sum(r[5] == r[6] for r in part):>5}/{len(part)}"
        )

    diar_rtf = sum(r[1] for r in rows) / total
    miss = sum(r[3].missed for r in rows) / sum(r[3].total for r in rows)
    fa = sum(r[3].false_alarm for r in rows) / sum(r[3].total for r in rows)
    conf = sum(r[3].confusion for r in rows) / sum(r[3].total for r in rows)
    count_err = sum(abs(r[5] - r[6]) for r in rows)
    print(f"\n{len(rows)} recordings, {total:.0f} s of audio")
    print(
        f"DER auto   {pooled(3):.3f}  (missed {miss:.3f}, false alarm {fa:.3f}, confusion {conf:.3f}; collar 0.25 s)  target ≤ 0.15"
    )
    print(f"DER oracle {pooled(4):.3f}")
    print(
        f"speaker-count error: {count_err} over {len(rows)} recordings "
        f"({sum(r[5] == r[6] for r in rows)}/{len(rows)} exact)"
    )
    cpu_rtf = sum(r[7] for r in rows) / total
    print(
        f"diarization RTF {diar_rtf:.4f} wall clock, {cpu_rtf:.4f} CPU time (1 torch thread; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)  target ≤ 0.05"
    )
    if asr is not None:
        asr_rtf = sum(r[2] for r in rows) / total
        print(
            f"transcription RTF {asr_rtf:.4f} (whisper-base int8, batch 4); diarization adds "
            f"{diar_rtf / asr_rtf:.2f}× the transcription time"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
