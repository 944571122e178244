"""Voices from the model store in the notice: a piper voice registered with
`doithoai models add` is found by name (`[audio] voice`, `--voice`), the
default chain is gtts → the default piper voice → espeak-ng, the output says
which engine and voice spoke, and `--check` listens with the best installed
ASR model. The voice is a tiny ONNX graph made here that answers a 440 Hz
tone (test_piper_engine.make_voice), so what was heard tells who spoke."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("piper")
pytest.importorskip("onnx")

from gtts_standin import GttsStandIn
from test_piper_engine import make_voice

from broadcast.event import AudioSettings
from doithoai.services import voices
from pipeline import model_registry

RATE = 22050
STATION = ("--station", "Đài truyền thanh xã Tân Hiệp", "--organiser", "UBND xã Tân Hiệp")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(root))
    return root


@pytest.fixture
def voice_dir(tmp_path) -> Path:
    folder = tmp_path / "giong-tai-ve"
    folder.mkdir()
    make_voice(folder / "vi_VN-tone-x_low.onnx")
    return folder


@pytest.fixture
def added(store, voice_dir, run_cli) -> str:
    r = run_cli("models", "add", voice_dir, "--name", "giong-xa")
    assert r.exit_code == 0, r.stderr
    return "giong-xa"


def peak_hz(path: Path) -> float:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout
    x = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    # the middle of the reading: past the chime
    mid = x[len(x) // 3 : 2 * len(x) // 3]
    spec = np.abs(np.fft.rfft(mid * np.hanning(len(mid))))
    return float(np.fft.rfftfreq(len(mid), 1 / RATE)[np.argmax(spec)])


def announce(run_cli, tmp_path: Path, *args: str | Path):
    return run_cli(
        "announce",
        "-o",
        tmp_path / "tb.mp3",
        *STATION,
        "--text",
        "Chiều nay họp thôn Phước Hòa.",
        "--repeat",
        "1",
        "--cache-dir",
        tmp_path / "cache",
        *args,
    )


def test_a_voice_added_to_the_store_is_found_by_name_in_the_event_file(added, tmp_path, run_cli):
    event = tmp_path / "ev.toml"
    event.write_text(
        f'[station]\nname = "Đài truyền thanh xã Tân Hiệp"\n[audio]\nvoice = "{added}"\n', encoding="utf-8"
    )
    r = run_cli(
        "announce",
        event,
        "-o",
        tmp_path / "tb.mp3",
        "--text",
        "Chiều nay họp thôn.",
        "--repeat",
        "1",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert r.exit_code == 0, r.stderr
    assert f"Bộ đọc: piper ({added})" in r.stdout
    assert abs(peak_hz(tmp_path / "tb.mp3") - 440) < 5  # the tone voice read it, not espeak-ng


def test_voice_flag_and_an_unknown_voice(added, tmp_path, run_cli):
    r = announce(run_cli, tmp_path, "--voice", added)
    assert r.exit_code == 0, r.stderr
    assert f"Bộ đọc: piper ({added})" in r.stdout
    bad = run_cli("announce", "-o", tmp_path / "x.mp3", *STATION, "--text", "Họp thôn.", "--voice", "giong-khong-co")
    assert bad.exit_code == 2 and "giong-khong-co" in bad.stderr and "Traceback" not in bad.stderr
    assert added in bad.stderr  # the voices that are installed are named
    assert not (tmp_path / "x.mp3").exists()


def test_default_chain_order(added, store):
    assert voices.engine_chain(AudioSettings()).names == ["gtts", "espeak-ng"]  # no default voice yet
    model_registry.set_default(added)
    chain = voices.engine_chain(AudioSettings())
    assert chain.names == ["gtts", "piper", "espeak-ng"] and chain.voice == added
    assert chain.config["piper"]["voice"].endswith("vi_VN-tone-x_low.onnx")
    assert voices.engine_chain(AudioSettings(fallback=())).names == ["gtts", "piper"]
    assert voices.engine_chain(AudioSettings(engine="espeak-ng", fallback=())).names == ["espeak-ng"]


def test_gtts_unreachable_the_default_voice_reads(added, tmp_path, run_cli):
    assert run_cli("models", "use", added).exit_code == 0
    r = announce(run_cli, tmp_path)  # the conftest's proxy is a closed port: gtts is offline
    assert r.exit_code == 0, r.stderr
    assert f"Bộ đọc: piper ({added})" in r.stdout
    assert "gtts" in r.stderr  # the operator is told Google could not be reached
    assert abs(peak_hz(tmp_path / "tb.mp3") - 440) < 5


def test_without_a_voice_espeak_reads_when_gtts_is_unreachable(store, tmp_path, run_cli):
    r = announce(run_cli, tmp_path)
    assert r.exit_code == 0, r.stderr
    assert "Bộ đọc: espeak-ng" in r.stdout
    assert abs(peak_hz(tmp_path / "tb.mp3") - 440) > 20


@pytest.mark.slow
def test_online_gtts_reads_before_the_default_voice(added, tmp_path, run_cli, monkeypatch):
    assert run_cli("models", "use", added).exit_code == 0
    with GttsStandIn() as standin:
        for name in ("HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, standin.proxy_url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        r = announce(run_cli, tmp_path)
    assert r.exit_code == 0, r.stderr
    assert re.search(r"Bộ đọc: gtts\s*$", r.stdout, re.M), r.stdout
    assert standin.texts


def test_a_broken_default_voice_is_skipped_with_a_warning(added, voice_dir, store, tmp_path, run_cli):
    model_registry.set_default(added)
    for onnx_file in voice_dir.glob("*.onnx"):
        onnx_file.unlink()
    r = announce(run_cli, tmp_path, "--fallback", "espeak-ng")
    assert r.exit_code == 0, r.stderr
    assert "Bộ đọc: espeak-ng" in r.stdout and added in r.stderr


def test_best_asr_model_prefers_the_default_then_the_largest(store, tmp_path, monkeypatch):
    assert voices.best_asr_model() == model_registry.DEFAULT_NAME  # nothing installed: the embedded one
    monkeypatch.delenv("DOITHOAI_MODELS_DIR")
    base = model_registry.ensure_default_model().path
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(store))
    big = tmp_path / "lon"
    big.mkdir()
    for f in base.iterdir():
        if f.is_file():
            (big / f.name).symlink_to(f)
    (big / "model.bin").unlink()
    (big / "model.bin").write_bytes(base.joinpath("model.bin").read_bytes() + b"\0" * 1024)
    model_registry.add_model(base, "nho")
    model_registry.add_model(big, "lon")
    assert voices.best_asr_model() == "lon"
    model_registry.set_default("nho")
    assert voices.best_asr_model() == "nho"


def test_announce_check_listens_with_the_best_model(store, tmp_path, run_cli, monkeypatch):
    import doithoai.services.recognition as recognition
    from pipeline.transcript import ModelInfo, Source, Transcript

    asked: list[str | None] = []

    def fake(path, model=None, device="auto"):  # stands for the ASR; what matters is which model is asked for
        asked.append(model)
        return Transcript(
            source=Source(Path(path).name, "", 1.0), model=ModelInfo(model or "", "faster-whisper", {}), segments=[]
        )

    monkeypatch.setattr(recognition, "transcribe_path", fake)
    r = announce(run_cli, tmp_path, "--engine", "espeak-ng", "--check")
    assert r.exit_code == 0, r.stderr
    assert asked == [model_registry.DEFAULT_NAME]
    assert f"kiểm tra: {model_registry.DEFAULT_NAME}" in r.stdout
