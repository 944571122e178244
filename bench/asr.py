"""ASR benchmark: our transcription path against faster-whisper baselines,
measured in the same run on the same recording.

    .venv/bin/python bench/asr.py              # 10-minute recording
    .venv/bin/python bench/asr.py --minutes 3  # quicker
    .venv/bin/python bench/asr.py --long       # 3 hours: peak memory of our path

The recording is built from the real clips (tests/audiobuild.py; the four
of tests/data/speech-vi, or with --all-clips also the six voices of
tests/data/voices-vi, so no one sentence is repeated inside a chunk): speech
with pauses, a hall-noise floor, long silences, noise bursts, tones and
music-like chords. Modes, each in its own process (so peak RSS is per mode):

  a  WhisperModel.transcribe, default settings (language="vi")
  b  BatchedInferencePipeline.transcribe, batch 4, default settings
  c  doithoai transcribe (doithoai.services.recognition.transcribe_file)

a and b also run with word_timestamps=True, the only way to know where their
words are, so words invented in non-speech can be counted; c always outputs
word times (the transcript schema needs them), so the work compared is equal.
Printed: real-time factor, CPU seconds, peak RSS, WER, words invented in
non-speech, the confidence marks of c (share of wrong words marked, share
of marked words wrong), and the ratios c/a and c/b (targets: c/b ≤ 1.10, c/a ≤ 0.25) in
wall time and in CPU time. On a machine shared with other work, wall time
swings with the load; the child's CPU seconds (user + system, all threads,
from wait4) are the stable measure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import audiobuild  # noqa: E402

REPEATS = 18  # --long: the 10-minute recording 18 times
MODES = {"a": "WhisperModel.transcribe", "b": "BatchedInferencePipeline", "c": "doithoai transcribe"}


def worker(mode: str, audio_path: str, model: str | None) -> dict:
    """Run one mode in this process; returns timing, text and word times."""
    t0 = time.monotonic()
    if mode == "c":
        from doithoai.services.recognition import transcribe_file

        with tempfile.TemporaryDirectory() as out:
            result = transcribe_file(audio_path, out, model=model, formats="json,txt")
        words = [(w.start, w.end, w.word, w.probability) for s in result.transcript.segments for w in s.words]
        text = result.transcript.text
        from doithoai.services.recognition import get_transcriber

        print(f"    (c) chunks decoded, speech regions decoded again {get_transcriber(model).stats}", flush=True)
    else:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        from pipeline.compute_device import cpu_cores
        from pipeline.model_registry import resolve_model

        wm = WhisperModel(str(resolve_model(model).path), device="cpu", compute_type="int8", cpu_threads=cpu_cores())
        if mode == "a":
            segments, _ = wm.transcribe(audio_path, language="vi", word_timestamps=True)
        else:
            segments, _ = BatchedInferencePipeline(wm).transcribe(
                audio_path, language="vi", batch_size=4, word_timestamps=True
            )
        segments = list(segments)
        words = [(w.start, w.end, w.word) for s in segments for w in (s.words or [])]
        text = " ".join(s.text.strip() for s in segments)
    hwm_kb = int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))
    return {"elapsed": time.monotonic() - t0, "text": text, "words": words, "vm_hwm_mb": hwm_kb / 1024}


def run_mode(mode: str, audio_path: Path, model: str | None) -> dict:
    """Run a mode in a child process. Peak RSS is the child's own VmHWM: wait4's
    ru_maxrss would carry this parent's size across the exec."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, __file__, "--worker", mode, "--audio", str(audio_path), "--result", str(out)]
    if model:
        cmd += ["--model", model]
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"mode {mode} failed with exit code {proc.returncode}")
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    data["peak_rss_mb"] = data.pop("vm_hwm_mb")
    data["cpu"] = usage.ru_utime + usage.ru_stime  # the child's own CPU seconds, all threads
    return data


def wer_by_parts(reference_parts: list[str], words: list, part_seconds: float) -> tuple[float, int, int]:
    """WER of a long run, aligned part by part (the 3-hour input is one
    recording repeated; each repeat starts and ends in silence), so the
    alignment stays small. Returns (wer, deletions, insertions)."""
    from pipeline.wer import word_errors

    parts: list[list[str]] = [[] for _ in reference_parts]
    for start, end, word, *_ in words:
        k = min(int(((start + end) / 2) // part_seconds), len(parts) - 1)
        parts[k].append(word)
    errors = dels = ins = n = 0
    for ref, hyp in zip(reference_parts, parts, strict=True):
        r = word_errors(ref, "".join(hyp))
        errors += r.substitutions + r.deletions + r.insertions
        dels, ins, n = dels + r.deletions, ins + r.insertions, n + r.reference_words
    return errors / max(n, 1), dels, ins


def print_marks(reference: str, words: list) -> None:
    """Confidence marks of our path against the wrong words (WER alignment):
    the share of wrong words that are marked, and of marked words that are wrong."""
    from pipeline.confidence import REVIEW_THRESHOLD, wrong_words

    bad = wrong_words(reference, [w[2] for w in words])
    probs = [w[3] for w in words]
    wrong = sum(bad)
    for th in sorted({0.5, REVIEW_THRESHOLD, 0.7}):
        marked = [b for p, b in zip(probs, bad, strict=True) if p < th]
        print(
            f"(c) words under {th:.2f} marked: {len(marked)}/{len(words)} ({len(marked) / max(len(words), 1):.0%}); "
            f"wrong words marked {sum(marked)}/{wrong} ({sum(marked) / max(wrong, 1):.0%}); "
            f"marked words wrong {sum(marked) / max(len(marked), 1):.0%}"
        )


def build_input(
    minutes: float, long: bool, workdir: Path, all_clips: bool = False
) -> tuple[Path, list[str], list[audiobuild.Interval], float]:
    """The test recording; --long repeats a 10-minute one 18 times (3 h) as
    FLAC, built by ffmpeg so this process never holds 3 hours of audio."""
    clips = audiobuild.real_clips()
    if all_clips:
        clips += audiobuild.real_clips(audiobuild.SPEECH_DIR.parent / "voices-vi")
    rec = audiobuild.build(minutes=10.0 if long else minutes, seed=11, clips=clips)
    wav = rec.write_wav(workdir / "bench.wav")
    if not long:
        return wav, [rec.reference], rec.non_speech, rec.duration
    repeats = REPEATS
    flac = workdir / "bench-3h.flac"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-stream_loop",
            str(repeats - 1),
            "-i",
            str(wav),
            "-c:a",
            "flac",
            str(flac),
        ],
        check=True,
    )
    d = rec.duration
    non_speech = [
        audiobuild.Interval(iv.start + k * d, iv.end + k * d, iv.kind) for k in range(repeats) for iv in rec.non_speech
    ]
    return flac, [rec.reference] * repeats, non_speech, d * repeats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--long", action="store_true", help="3-hour input, our path only: peak RSS ≤ 1.2 GB")
    ap.add_argument("--modes", default=None, help="subset of a,b,c (default a,b,c; --long: c)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--all-clips", action="store_true", help="all ten real clips, not the four of speech-vi")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--audio", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        Path(args.result).write_text(
            json.dumps(worker(args.worker, args.audio, args.model), ensure_ascii=False), encoding="utf-8"
        )
        return 0

    from pipeline.wer import word_errors

    modes = (args.modes or ("c" if args.long else "a,b,c")).split(",")
    with tempfile.TemporaryDirectory() as tmp:
        audio_path, ref_parts, non_speech, duration = build_input(args.minutes, args.long, Path(tmp), args.all_clips)
        reference = " ".join(ref_parts)
        ns = sum(iv.end - iv.start for iv in non_speech)
        print(
            f"recording: {duration / 60:.1f} min ({ns / 60:.1f} min without speech: silences, noise, tones, chords), "
            f"{len(reference.split())} reference words, {os.cpu_count()} CPUs",
            flush=True,
        )
        results = {}
        for mode in modes:
            r = run_mode(mode, audio_path, args.model)
            if args.long:  # one alignment of 17 000 words would need gigabytes
                wer, dels, ins = wer_by_parts(ref_parts, r["words"], duration / len(ref_parts))
            else:
                we = word_errors(reference, r["text"])
                wer, dels, ins = we.wer, we.deletions, we.insertions
            invented = audiobuild.words_in(non_speech, [tuple(w[:3]) for w in r["words"]])
            r.update(rtf=r["elapsed"] / duration, wer=wer, invented=len(invented), dels=dels, ins=ins)
            results[mode] = r
            print(
                f"({mode}) {MODES[mode]:<26} RTF {r['rtf']:.4f}  time {r['elapsed']:7.1f} s  CPU {r['cpu']:7.1f} s  peak RSS {r['peak_rss_mb']:6.0f} MB  "
                f"WER {wer:.3f} (del {dels}, ins {ins})  invented words in non-speech {len(invented)}",
                flush=True,
            )
    c = results.get("c")
    if c and not args.long:
        print_marks(reference, c["words"])
    for base in ("a", "b"):
        if c and base in results:
            b = results[base]
            print(
                f"c/{base}: wall-time ratio {c['elapsed'] / b['elapsed']:.3f}, CPU-time ratio {c['cpu'] / b['cpu']:.3f}, "
                f"WER {c['wer']:.3f} vs {b['wer']:.3f}, invented words {c['invented']} vs {b['invented']}"
            )
    if args.long and c:
        ok = c["peak_rss_mb"] <= 1200
        print(f"3-hour input: peak RSS {c['peak_rss_mb']:.0f} MB ({'≤' if ok else '>'} 1200 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
