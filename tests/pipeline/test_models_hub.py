"""`doithoai models pull` against a local stand-in model hub (tests/hubstandin.py)
reached through HF_ENDPOINT: the production path through huggingface_hub,
checksums, resume, full disk, no network. Nothing here reaches a real hub."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hubstandin import HubStandIn

from pipeline import hubpull, model_registry
from pipeline.catalog import catalog_entry
from pipeline.errors import ModelError
from pipeline.wer import wer

ROOT = Path(__file__).resolve().parents[2]
ASR = "faster-whisper-base"  # catalogue entry served with the embedded whisper-base's real files
VOICE = "vi_VN-vais1000-medium"
CT2_FILES = ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def whisper_base() -> Path:
    """The embedded default, assembled in the repository's store (as the demo does)."""
    saved = os.environ.pop("DOITHOAI_MODELS_DIR", None)
    try:
        return model_registry.ensure_default_model().path
    finally:
        if saved is not None:
            os.environ["DOITHOAI_MODELS_DIR"] = saved


def tiny_voice(folder: Path) -> dict[str, bytes]:
    """A tiny Piper-like voice: a real ONNX graph and a Piper-style config."""
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["output"])],
        "tiny_voice",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 16])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 16])],
    )
    model = helper.make_model(graph)
    onnx.checker.check_model(model)
    config = {
        "audio": {"sample_rate": 16000, "quality": "x_low"},
        "espeak": {"voice": "vi"},
        "phoneme_id_map": {"_": [0], "a": [1]},
        "num_speakers": 1,
    }
    return {"onnx": model.SerializeToString(), "json": json.dumps(config).encode()}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(root))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # never the user's cache or token
    return root


@pytest.fixture
def hub(whisper_base, store, tmp_path, monkeypatch):
    hub = HubStandIn()
    hub.add_repo(catalog_entry(ASR).repo, {f: whisper_base / f for f in CT2_FILES})
    voice = tiny_voice(tmp_path)
    entry = catalog_entry(VOICE)
    onnx_path, json_path = entry.files
    hub.add_repo(
        entry.repo,
        {onnx_path: voice["onnx"], json_path: voice["json"], "README.md": b"voices\n"},
        commit=entry.revision,
    )
    monkeypatch.setenv("HF_ENDPOINT", hub.start())
    yield hub
    hub.stop()


def _installed(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if not p.name.startswith(".") and p.is_dir())


@pytest.mark.slow
def test_pull_installs_a_verified_model_that_transcribes(hub, store, whisper_base, run_cli, clips):
    result = run_cli("models", "pull", ASR)
    assert result.exit_code == 0, result.stderr
    folder = store / ASR
    for name in CT2_FILES:
        assert _sha(folder / name) == _sha(whisper_base / name)
    repo = hub.repos[catalog_entry(ASR).repo]
    entry = model_registry._read_local()[ASR]
    assert entry["revision"] == repo.commit and entry["owned"] and entry["source"] == "hub"
    assert entry["sha256"]["model.bin"] == repo.files["model.bin"].sha256
    # every file was fetched at the resolved commit, the weights from the "CDN" after the hub's redirect
    resolves = [r.path for r in hub.requests if "/resolve/" in r.path]
    assert resolves and all(f"/resolve/{repo.commit}/" in p for p in resolves)
    assert hub.gets(f"/cdn/{repo.files['model.bin'].sha256}")
    assert "còn" in result.stderr and "B/s" in result.stderr  # the progress bar shows speed and ETA
    assert not [p for p in store.iterdir() if p.name.startswith((".pull-", f".{ASR}."))]  # no leftovers

    # a second pull of the same commit downloads nothing
    def fetches() -> int:
        return len([r for r in hub.gets() if not r.path.startswith("/api/")])

    before = fetches()
    again = run_cli("models", "pull", ASR)
    assert again.exit_code == 0 and "đã có" in again.stdout and fetches() == before
    # chosen as the default, the pulled model transcribes a real clip
    assert run_cli("models", "use", ASR).exit_code == 0
    from pipeline.transcriber import Transcriber

    transcriber = Transcriber(None, device="cpu")
    assert transcriber.ref.name == ASR
    clip = clips[0]
    text = " ".join(s.text for s in transcriber.transcribe(clip.wav))
    assert wer(clip.text, text) < 0.5, text
    assert f"{ASR}: OK" in run_cli("models", "check").stdout  # sha256 of every file against the registry


def test_pull_resumes_after_the_connection_drops(hub, store):
    repo = hub.repos[catalog_entry(ASR).repo]
    blob = repo.files["model.bin"]
    hub.drop_after[blob.sha256] = 30_000_000
    with pytest.raises(ModelError) as err:
        hubpull.pull(ASR, progress=False, attempts=1)  # as if the run ended here (Ctrl-C, kill, cable pulled)
    assert "gián đoạn" in err.value.message and err.value.exit_code == 2
    assert ASR not in _installed(store) and ASR not in model_registry._read_local()
    partial = list((store / f".pull-{ASR}").rglob("*.incomplete"))
    assert partial and partial[0].stat().st_size > 0
    kept = partial[0].stat().st_size

    result = hubpull.pull(ASR, progress=False)
    assert result.sha256["model.bin"] == blob.sha256 == _sha(store / ASR / "model.bin")
    ranges = [r.range for r in hub.gets(f"/cdn/{blob.sha256}") if r.range]
    assert ranges == [f"bytes={kept}-"]  # continued where it stopped, not from zero
    assert result.downloaded < len(blob.data) + 5_000_000


def test_pull_retries_a_dropped_connection_by_itself(hub, store):
    blob = hub.repos[catalog_entry(ASR).repo].files["model.bin"]
    hub.drop_after[blob.sha256] = 50_000_000
    result = hubpull.pull(ASR, progress=False)
    assert _sha(store / ASR / "model.bin") == blob.sha256
    assert any(r.range for r in hub.gets(f"/cdn/{blob.sha256}")) and result.revision


@pytest.mark.timeout(120)
@pytest.mark.slow
def test_pull_resumes_after_kill_9(hub, store):
    blob = hub.repos[catalog_entry(ASR).repo].files["model.bin"]
    hub.chunk_delay = 0.002  # ~30 MB/s, so there is time to kill it mid-file
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "doithoai.cli", "models", "pull", ASR, "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    partial: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        partial = list((store / f".pull-{ASR}").rglob("*.incomplete")) if (store / f".pull-{ASR}").exists() else []
        if partial and partial[0].stat().st_size > 20_000_000:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert partial, "the download never started"
    kept = partial[0].stat().st_size
    hub.chunk_delay = 0.0
    hubpull.pull(ASR, progress=False)
    assert _sha(store / ASR / "model.bin") == blob.sha256
    last = hub.gets(f"/cdn/{blob.sha256}")[-1]
    assert last.range is not None and int(last.range[6:-1]) >= kept


def test_a_wrong_checksum_is_refused_and_nothing_installed(hub, store, run_cli):
    repo_id = catalog_entry(ASR).repo
    hub.declared_sha[f"{repo_id}/model.bin"] = "0" * 64  # the hub declares one thing, serves another
    result = run_cli("models", "pull", ASR)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "mã kiểm tra" in result.stderr and "model.bin" in result.stderr
    assert ASR not in _installed(store) and ASR not in model_registry._read_local()
    assert not (store / f".pull-{ASR}" / "model.bin").exists()  # the bad file is not kept for a "resume"


def test_a_full_disk_is_refused_before_downloading(hub, store, run_cli, monkeypatch):
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(hubpull.shutil, "disk_usage", lambda p: real(p)._replace(free=20_000_000))
    result = run_cli("models", "pull", ASR)
    assert result.exit_code == 2 and "Không đủ chỗ trống" in result.stderr and "Traceback" not in result.stderr
    assert not hub.gets("/cdn/" + hub.repos[catalog_entry(ASR).repo].files["model.bin"].sha256)
    assert ASR not in _installed(store)


def test_a_disk_that_fills_up_mid_download_is_refused_cleanly(hub, store, run_cli, monkeypatch):
    import errno

    import huggingface_hub.file_download as fd

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fd, "http_get", full)
    result = run_cli("models", "pull", ASR)
    assert result.exit_code == 2 and "Không đủ chỗ trống" in result.stderr and "Traceback" not in result.stderr
    assert ASR not in _installed(store) and ASR not in model_registry._read_local()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(60)
def test_no_network_exits_2_quickly_with_the_usb_route(store, tmp_path):
    env = {**os.environ, "HF_ENDPOINT": f"http://127.0.0.1:{_closed_port()}", "PYTHONPATH": str(ROOT)}
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "doithoai.cli", "models", "pull", "phowhisper-medium"],
        env=env,
        capture_output=True,
        text=True,
        timeout=50,
    )
    took = time.monotonic() - t0
    assert proc.returncode == 2, proc.stderr
    assert took < 30
    assert "Không kết nối được" in proc.stderr and "models export" in proc.stderr and "USB" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _installed(store) == []


def test_offline_mode_is_honoured(store, run_cli, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    result = run_cli("models", "pull", "phowhisper-medium")
    assert result.exit_code == 2 and "HF_HUB_OFFLINE" in result.stderr


def test_pull_a_voice_and_make_it_the_default(hub, store, run_cli, clips):
    result = run_cli("models", "pull", VOICE)
    assert result.exit_code == 0, result.stderr
    entry = catalog_entry(VOICE)
    onnx_name = Path(entry.files[0]).name
    assert (store / VOICE / onnx_name).is_file() and (store / VOICE / (onnx_name + ".json")).is_file()
    assert model_registry._read_local()[VOICE]["revision"] == entry.revision
    assert run_cli("models", "use", VOICE).exit_code == 0
    assert model_registry.resolve_voice() == store / VOICE / onnx_name
    assert model_registry.get_default("asr") is None  # choosing a voice leaves the ASR default alone
    listed = run_cli("models", "list").stdout
    assert VOICE in listed and "giọng" in listed
    bad = run_cli("transcribe", clips[0].wav, "--model", VOICE)  # a real recording: the model is what is refused
    assert bad.exit_code == 2


def test_not_in_catalogue(store, run_cli):
    result = run_cli("models", "pull", "no-such-model")
    assert result.exit_code == 2 and "không có trong danh mục" in result.stderr


def test_pull_never_replaces_a_folder_registered_by_hand(hub, store, whisper_base, run_cli):
    model_registry.add_model(whisper_base, ASR)
    result = run_cli("models", "pull", ASR)
    assert result.exit_code == 2 and "đã được đăng ký" in result.stderr
    assert model_registry._read_local()[ASR]["path"] == str(whisper_base) and not hub.requests


@pytest.mark.parametrize("name", ["phowhisper-base", "vi_VN-25hours_single-low"])
def test_an_entry_of_unestablished_origin_or_licence_is_never_pulled(hub, store, run_cli, name):
    result = run_cli("models", "pull", name)
    assert result.exit_code == 2 and "chưa xác nhận" in result.stderr
    assert hub.requests == []  # refused before asking the hub anything
    assert _installed(store) == []
