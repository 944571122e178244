"""Carry a model on a USB stick: `models export NAME -o FILE.zip` and
`models add FILE.zip` (checksums inside, verified; damaged, foreign and
path-escaping zips refused with nothing installed); `models use` and `bench`."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline import carry, model_registry

CT2_FILES = ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(root))
    return root


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """whisper-base exported from a fresh store (assembled from the PyPI parts)."""
    import os

    root = tmp_path_factory.mktemp("src-store")
    saved = os.environ.get("DOITHOAI_MODELS_DIR")
    os.environ["DOITHOAI_MODELS_DIR"] = str(root)
    try:
        out = root.parent / "usb" / "whisper-base.zip"
        out.parent.mkdir()
        from doithoai.cli import main

        assert main(["models", "export", "whisper-base", "-o", str(out)]) == 0
        return out
    finally:
        if saved is None:
            os.environ.pop("DOITHOAI_MODELS_DIR", None)
        else:
            os.environ["DOITHOAI_MODELS_DIR"] = saved


def _installed(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.mark.slow
def test_export_then_add_keeps_every_sha256_and_transcribes(exported, store, run_cli, clips):
    with zipfile.ZipFile(exported) as zf:
        manifest = json.loads(zf.read(carry.MANIFEST))
    assert {f["path"] for f in manifest["files"]} == set(CT2_FILES)
    assert {f["path"]: f["sha256"] for f in manifest["files"]}["model.bin"] == model_registry.default_sha256()
    result = run_cli("models", "add", exported, "--name", "wb-usb")
    assert result.exit_code == 0, result.stderr
    for f in manifest["files"]:
        assert _sha(store / "wb-usb" / f["path"]) == f["sha256"]
    assert model_registry._read_local()["wb-usb"]["sha256"]["model.bin"] == model_registry.default_sha256()
    from pipeline.transcriber import Transcriber
    from pipeline.wer import wer

    clip = clips[1]
    text = " ".join(s.text for s in Transcriber("wb-usb", device="cpu").transcribe(clip.wav))
    assert wer(clip.text, text) < 0.5, text
    # exporting the added copy again gives the same checksums
    again = store.parent / "again.zip"
    assert run_cli("models", "export", "wb-usb", "-o", again).exit_code == 0
    with zipfile.ZipFile(again) as zf:
        assert {f["path"]: f["sha256"] for f in json.loads(zf.read(carry.MANIFEST))["files"]} == {
            f["path"]: f["sha256"] for f in manifest["files"]
        }
    # a file damaged on disk afterwards is caught by `check` and blocks a new export
    with open(store / "wb-usb" / "vocabulary.txt", "ab") as fh:
        fh.write(b"x")
    assert "sai mã sha256" in run_cli("models", "check").stdout
    blocked = run_cli("models", "export", "wb-usb", "-o", store.parent / "bad.zip")
    assert blocked.exit_code == 2 and not (store.parent / "bad.zip").exists()
    # removing a store-owned copy deletes its files
    assert run_cli("models", "remove", "wb-usb").exit_code == 0 and _installed(store) == []


def test_add_refuses_the_reserved_name_without_name_option(exported, store, run_cli):
    result = run_cli("models", "add", exported)
    assert result.exit_code == 2 and "--name" in result.stderr and _installed(store) == []


def _rewrite(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            name, data = change(info.filename, zin.read(info.filename))
            if name is not None:
                zout.writestr(name, data)
    return dst


def test_a_byte_flipped_zip_is_refused(exported, store, run_cli, tmp_path):
    damaged = tmp_path / "damaged.zip"
    shutil.copy(exported, damaged)
    with zipfile.ZipFile(damaged) as zf:
        info = zf.getinfo("files/model.bin")
    with open(damaged, "r+b") as fh:  # flip one byte in the middle of the stored weights
        pos = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.file_size // 2
        fh.seek(pos)
        byte = fh.read(1)
        fh.seek(pos)
        fh.write(bytes([byte[0] ^ 0xFF]))
    result = run_cli("models", "add", damaged, "--name", "wb")
    assert result.exit_code == 2 and "bị hỏng" in result.stderr and "Traceback" not in result.stderr
    assert _installed(store) == [] and "wb" not in model_registry._read_local()
    assert not [p for p in store.iterdir() if p.name.endswith(".part")]


def test_a_manifest_that_disagrees_with_the_files_is_refused(exported, store, run_cli, tmp_path):
    def change(name, data):
        if name == carry.MANIFEST:
            manifest = json.loads(data)
            manifest["files"][0]["sha256"] = "0" * 64
            return name, json.dumps(manifest)
        return name, data

    bad = _rewrite(exported, tmp_path / "lying.zip", change)
    result = run_cli("models", "add", bad, "--name", "wb")
    assert result.exit_code == 2 and "bị hỏng" in result.stderr and _installed(store) == []


def test_a_truncated_zip_is_refused(exported, store, run_cli, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    result = run_cli("models", "add", cut, "--name", "wb")
    assert result.exit_code == 2 and "bị hỏng" in result.stderr and _installed(store) == []


def test_a_foreign_zip_is_refused(store, run_cli, tmp_path):
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8 not a model")
    result = run_cli("models", "add", foreign)
    assert result.exit_code == 2 and "không phải gói mô hình" in result.stderr and _installed(store) == []


@pytest.mark.parametrize("evil", ["../evil.bin", "/tmp/evil.bin", "sub/../../evil.bin", ".doithoai-verified.json"])
def test_a_zip_slip_is_refused(store, run_cli, tmp_path, evil):
    payload = b"pwned"
    bad = tmp_path / "slip.zip"
    manifest = {
        "format": carry.FORMAT,
        "name": "slip",
        "kind": "ctranslate2-whisper",
        "files": [{"path": evil, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}],
    }
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr(carry.MANIFEST, json.dumps(manifest))
        zf.writestr(f"files/{evil}", payload)
    result = run_cli("models", "add", bad)
    assert result.exit_code == 2 and "không an toàn" in result.stderr
    assert not (tmp_path / "evil.bin").exists() and not Path("/tmp/evil.bin").exists() and _installed(store) == []


@pytest.mark.slow
def test_use_and_bench(exported, store, run_cli, tmp_path, clips):
    assert run_cli("models", "add", exported, "--name", "wb").exit_code == 0
    assert run_cli("models", "use", "wb").exit_code == 0
    assert model_registry.resolve_model(None).name == "wb"
    one = tmp_path / "clips"
    one.mkdir()
    shutil.copy(clips[0].wav, one)
    (one / clips[0].wav.with_suffix(".txt").name).write_text(clips[0].text, encoding="utf-8")
    result = run_cli("models", "bench", "wb", "--clips", one, "--device", "auto")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("wb (cpu): WER 0.") and "RTF" in line and "1 giờ ghi âm mất khoảng" in line
    wer = float(line.split("WER ")[1].split(",")[0])
    assert 0.0 <= wer < 0.5
    (one / clips[0].wav.with_suffix(".txt").name).write_bytes(clips[0].text.encode("utf-16"))
    result = run_cli("models", "bench", "wb", "--clips", one)
    assert result.exit_code == 2 and "UTF-8" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("models", "use", "whisper-base").exit_code == 0 and model_registry.get_default("asr") is None
    assert run_cli("models", "use", "nope").exit_code == 2


def test_add_into_a_store_that_does_not_exist_yet(exported, tmp_path, monkeypatch, run_cli):
    fresh = tmp_path / "new" / "store"
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(fresh))
    result = run_cli("models", "add", exported, "--name", "wb")
    assert result.exit_code == 0, result.stderr
    assert _sha(fresh / "wb" / "model.bin") == model_registry.default_sha256()
