"""`doithoai models convert`: a tiny randomly initialised Whisper checkpoint
saved with transformers, converted by ctranslate2's converter into the store,
loaded by faster-whisper and run on a real clip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import model_registry

pytest.importorskip("transformers", reason="the convert extra is not installed (pip install 'doithoai[convert]')")
pytest.importorskip("torch")


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(root))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # a local folder must need nothing from a hub
    return root


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory) -> Path:
    import os

    import torch
    from transformers import (
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperTokenizerFast,
    )

    saved = os.environ.pop("DOITHOAI_MODELS_DIR", None)
    try:
        tokenizer_file = (
            model_registry.ensure_default_model().path / "tokenizer.json"
        )  # Whisper's real multilingual tokenizer
    finally:
        if saved is not None:
            os.environ["DOITHOAI_MODELS_DIR"] = saved
    out = tmp_path_factory.mktemp("tiny-whisper-hf")
    torch.manual_seed(0)
    config = WhisperConfig(
        vocab_size=51865,
        d_model=64,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        num_mel_bins=80,
    )
    WhisperForConditionalGeneration(config).save_pretrained(out)
    WhisperTokenizerFast(tokenizer_file=str(tokenizer_file)).save_pretrained(out)
    WhisperFeatureExtractor(feature_size=80).save_pretrained(out)
    return out


@pytest.mark.timeout(300)
@pytest.mark.slow
def test_convert_a_tiny_checkpoint_and_run_it(tiny_checkpoint, store, run_cli, clips):
    result = run_cli("models", "convert", tiny_checkpoint, "--name", "tiny-ct2", "--quantization", "int8")
    assert result.exit_code == 0, result.stderr
    folder = store / "tiny-ct2"
    assert model_registry.validate_model_dir(folder) == folder
    config = json.loads((folder / "config.json").read_text())
    assert config["lang_ids"] and len(config["lang_ids"]) >= 99
    entry = model_registry._read_local()["tiny-ct2"]
    assert entry["source"] == "convert" and entry["quantization"] == "int8" and entry["owned"]
    assert not [p for p in store.iterdir() if p.name.endswith(".convert")]

    from faster_whisper import WhisperModel

    model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=1)
    segments, info = model.transcribe(
        str(clips[0].wav),
        language="vi",
        beam_size=1,
        max_new_tokens=8,
        without_timestamps=True,
        condition_on_previous_text=False,
    )
    list(segments)  # random weights give random words; what matters is that it loads and decodes
    assert info.language == "vi" and info.duration > 1.0
    assert "tiny-ct2: OK" in run_cli("models", "check").stdout


def test_convert_refuses_what_it_cannot_use(store, run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("models", "convert", empty, "--name", "x")
    assert result.exit_code == 2 and "config.json" in result.stderr
    taken = run_cli("models", "convert", empty, "--name", "whisper-base")
    assert taken.exit_code == 2


@pytest.mark.timeout(300)
@pytest.mark.slow
def test_a_checkpoint_without_a_usable_tokenizer_is_refused_cleanly(tiny_checkpoint, store, run_cli, tmp_path):
    import shutil

    broken = tmp_path / "no-tokenizer"
    shutil.copytree(tiny_checkpoint, broken)
    (broken / "tokenizer.json").unlink()
    result = run_cli("models", "convert", broken, "--name", "tiny-ct2")
    assert result.exit_code == 2 and "Không chuyển đổi được" in result.stderr and "Traceback" not in result.stderr
    assert not (store / "tiny-ct2").exists() and not [p for p in store.iterdir() if p.name.endswith(".convert")]
