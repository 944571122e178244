"""The catalogue (pipeline/catalog.toml) is complete data, and
`doithoai models catalog` prints it in Vietnamese."""

from __future__ import annotations

import re

import pytest

from pipeline import catalog
from pipeline.errors import ModelError

REQUIRED = [
    "phowhisper-base",
    "phowhisper-small",
    "phowhisper-medium",
    "phowhisper-large",
    "whisper-large-v3-turbo",
    "vi_VN-vais1000-medium",
    "vi_VN-25hours_single-low",
    "vi_VN-vivos-x_low",
]


def test_the_catalogue_has_the_required_entries_with_every_fact():
    entries = catalog.load_catalog()
    assert set(REQUIRED) <= set(entries)
    for e in entries.values():
        assert e.kind in catalog.KINDS and "/" in e.repo and e.files
        assert e.revision == "" or re.fullmatch(r"[0-9a-f]{40}", e.revision), e.name
        assert e.size_mb > 0 and e.ram_gb > 0 and e.languages and "vi" in e.languages
        assert e.licence and e.licence_url.startswith("https://") and e.accuracy and e.accuracy_source
        assert e.verified, f"{e.name}: say what was checked"
        if e.kind == "asr":
            assert {"config.json", "model.bin"} <= set(e.files)
        else:
            onnx = [f for f in e.files if f.endswith(".onnx")]
            assert len(onnx) == 1 and onnx[0] + ".json" in e.files and e.extra == "piper-tts"


def test_catalog_command_prints_it_in_vietnamese(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(tmp_path))
    result = run_cli("models", "catalog")
    assert result.exit_code == 0
    for name in REQUIRED:
        assert f"- {name}:" in result.stdout
    assert "giấy phép: BSD-3-Clause" in result.stdout and "độ chính xác: WER 8.46%" in result.stdout
    assert "giọng đọc (Piper)" in result.stdout and "chưa kiểm chứng" in result.stdout


def test_a_broken_catalogue_is_a_clear_error(tmp_path):
    bad = tmp_path / "catalog.toml"
    bad.write_text('[models.x]\nkind = "video"\ntitle = "t"\nrepo = "a/b"\nfiles = ["f"]\n')
    with pytest.raises(ModelError, match="Danh mục mô hình"):
        catalog.load_catalog(bad)
    bad.write_text("[models.x\n")
    with pytest.raises(ModelError, match="Danh mục mô hình"):
        catalog.load_catalog(bad)
