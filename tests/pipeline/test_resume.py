"""Resume after `kill -9`: the same command continues from the checkpoint,
decodes only the remainder, and the result matches an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import audiobuild
import pytest

from pipeline.transcript import load_transcript
from pipeline.wer import word_errors

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "doithoai.cli", "transcribe", *map(str, args)]


def _covered(rec, transcript) -> list[bool]:
    words = [(w.start + w.end) / 2 for s in transcript.segments for w in s.words]
    return [any(iv.start - 0.5 < m < iv.end + 0.5 for m in words) for iv in rec.speech]


@pytest.mark.slow
@pytest.mark.timeout(480)
def test_kill_9_then_rerun_continues_and_matches(tmp_path, run_cli):
    # mostly speech, so the recording needs several decoder batches: more
    # than the two that decode at once on two cores
    rec = audiobuild.build(minutes=6.0, seed=5, events=False)
    wav = rec.write_wav(tmp_path / "doi-thoai.wav")

    # the uninterrupted reference run
    ref_dir = tmp_path / "ref"
    assert run_cli("transcribe", wav, "-o", ref_dir, "--format", "json,txt", "--progress", "none").exit_code == 0
    reference = load_transcript(ref_dir / "doi-thoai.json")

    out = tmp_path / "out"
    ckpt = out / ".doi-thoai.partial.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        _cli(wav, "-o", out, "--format", "json,srt,txt", "--progress", "none"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if ckpt.is_file() and len(ckpt.read_bytes().splitlines()) >= 2:  # header + one finished batch
            break
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be killed: the recording is too short"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert not (out / "doi-thoai.json").exists() and not (out / "doi-thoai.txt").exists()
    lines = ckpt.read_bytes().splitlines()
    done = max(json.loads(line)["done"] for line in lines[1:] if line.endswith(b"}"))
    saved = [s for line in lines[1:] for s in json.loads(line)["segments"]]
    assert 0 < done < rec.duration

    rerun = subprocess.run(
        _cli(wav, "-o", out, "--format", "json,srt,txt", "--progress", "json"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert rerun.returncode == 0, rerun.stderr
    progress = [json.loads(line) for line in rerun.stdout.splitlines() if line.startswith("{")]
    # the resumed run started at the checkpoint and only went forward from there
    assert progress[0]["done"] == pytest.approx(done, abs=0.01)
    assert all(p["done"] >= done - 0.01 for p in progress)  # progress is rounded to 0.01 s
    assert progress[-1]["done"] == pytest.approx(rec.duration, abs=0.1)
    assert "Tiếp tục" in rerun.stderr
    assert not ckpt.exists()

    resumed = load_transcript(out / "doi-thoai.json")
    # finished segments were taken from the checkpoint, not decoded again
    # (word for word: the finished transcript splits long segments at sentence ends)
    before = [s for s in resumed.segments if s.end <= done]
    assert " ".join(s.text for s in before).split() == " ".join(s["text"] for s in saved).split()
    # no duplicates, no overlaps, nothing missing
    for a, b in zip(resumed.segments, resumed.segments[1:]):
        assert b.start >= a.end - 0.05, (a, b)
    assert _covered(rec, resumed) == _covered(rec, reference) == [True] * len(rec.speech)
    assert abs(word_errors(rec.reference, resumed.text).wer - word_errors(rec.reference, reference.text).wer) <= 0.05
    for name in ("doi-thoai.srt", "doi-thoai.txt"):
        assert (out / name).stat().st_size > 0


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_ctrl_c_stops_cleanly_and_keeps_the_checkpoint(tmp_path):
    # long enough that the first checkpointed step leaves minutes of work:
    # the interrupt must land mid-run even on a busy machine
    rec = audiobuild.build(minutes=10.0, seed=6, events=False)
    wav = rec.write_wav(tmp_path / "hop.wav")
    out = tmp_path / "out"
    ckpt = out / ".hop.partial.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        _cli(wav, "-o", out, "--progress", "none"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not (ckpt.is_file() and len(ckpt.read_bytes().splitlines()) >= 2):
        assert proc.poll() is None
        time.sleep(0.05)
    assert proc.poll() is None, "finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "Đã dừng" in err and "Traceback" not in err
    assert ckpt.is_file() and not any(p.name.startswith("hop.") for p in out.iterdir())
