"""Is a folder a CTranslate2 Whisper model doithoai can use?

`validate_model_dir` reads only file headers and the config, and says in
Vietnamese what is wrong (a GGML file, an unconverted transformers model, an
English-only model, …) so the commune knows what to fetch instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.messages import model_store as msg


def _refuse(path: Path, why: str) -> ModelError:
    return ModelError(msg.not_ct2_whisper(path, why))


def _ct2_spec_name(model_bin: Path) -> str | None:
    """The model spec stored in a CTranslate2 model.bin header, e.g. 'WhisperSpec'."""
    with open(model_bin, "rb") as fh:
        head = fh.read(512)
    if len(head) < 8:
        return None
    version = int.from_bytes(head[0:4], "little")
    if not 1 <= version <= 64:
        return None
    if version < 2:
        return ""
    length = int.from_bytes(head[4:6], "little")
    name = head[6 : 6 + length].rstrip(b"\0")
    try:
        return name.decode("ascii")
    except UnicodeDecodeError:
        return None


def _file_kind_hint(path: Path) -> str:
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic in (b"ggml", b"lmgg", b"ggjt", b"tjgg", b"GGUF") or path.name.startswith("ggml"):
        return msg.CT2_GGML_FILE
    if path.suffix in (".pt", ".pth", ".safetensors", ".ckpt", ".bin"):
        return msg.CT2_WEIGHTS_FILE
    return msg.CT2_A_FILE


def validate_model_dir(path: str | Path) -> Path:
    """Check that `path` is a local multilingual CTranslate2 Whisper folder;
    return its resolved path or raise ModelError saying what is wrong."""
    try:
        return _validate(Path(path).expanduser())
    except OSError as exc:
        raise _refuse(Path(path), msg.ct2_unreadable(exc.strerror or exc)) from None


def _validate(path: Path) -> Path:
    if not path.exists():
        raise ModelError(msg.model_folder_not_found(path))
    if path.is_file():
        raise _refuse(path, _file_kind_hint(path))
    path = path.resolve()
    names = {p.name for p in path.iterdir()}
    if not names:
        raise _refuse(path, msg.CT2_EMPTY)
    if "model.bin" not in names:
        if names & {
            "pytorch_model.bin",
            "model.safetensors",
            "pytorch_model.bin.index.json",
            "model.safetensors.index.json",
        }:
            raise _refuse(path, msg.CT2_TRANSFORMERS)
        if any(n.startswith("ggml") or n.endswith((".gguf", ".ggml")) for n in names):
            raise _refuse(path, msg.CT2_GGML_FOLDER)
        raise _refuse(path, msg.CT2_NO_MODEL_BIN)
    spec = _ct2_spec_name(path / "model.bin")
    if spec is None:
        raise _refuse(path, msg.CT2_BAD_HEADER)
    if spec and spec != "WhisperSpec":
        raise _refuse(path, msg.ct2_wrong_spec(spec))
    if "config.json" not in names:
        raise _refuse(path, msg.CT2_NO_CONFIG)
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _refuse(path, msg.ct2_config_unreadable(exc)) from None
    if not isinstance(config, dict) or not ({"lang_ids", "suppress_ids", "alignment_heads"} & set(config)):
        raise _refuse(path, msg.CT2_NOT_WHISPER_CONFIG)
    vocab = [n for n in ("tokenizer.json", "vocabulary.txt", "vocabulary.json") if n in names]
    if not vocab:
        raise _refuse(path, msg.CT2_NO_TOKENIZER)
    if not config.get("lang_ids") or not any(b"<|vi|>" in (path / n).read_bytes() for n in vocab):
        raise _refuse(path, msg.CT2_ENGLISH_ONLY)
    return path
