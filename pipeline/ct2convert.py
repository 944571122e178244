"""`doithoai models convert SOURCE --name N`: a Hugging Face Transformers
Whisper checkpoint (local folder or hub id) to CTranslate2 with ctranslate2's
own converter, into the store (optional extra `doithoai[convert]`)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline import model_registry as registry
from pipeline.atomic import file_sha256
from pipeline.ct2folder import validate_model_dir
from pipeline.errors import ModelError
from pipeline.messages import model_store as msg
from pipeline.modelstore import KIND, install_staged, models_dir, store_lock, write_file_stamp

QUANTIZATIONS = ("int8", "float16", "int8_float16", "float32")
_COPY = ("tokenizer.json", "preprocessor_config.json")


def _import_converter():
    try:
        import ctranslate2.converters  # lazy: the optional convert extra (transformers, torch), seconds to load
        import torch  # noqa: F401  # lazy: as above; the converter needs it
        import transformers  # noqa: F401  # lazy: as above
    except ImportError:
        raise ModelError(msg.CONVERT_NEEDS_EXTRA) from None
    return ctranslate2.converters.TransformersConverter


def _fill_lang_ids(folder: Path) -> None:
    """Newer transformers no longer expose Whisper's language tokens where the
    converter looks; without `lang_ids` faster-whisper cannot pick Vietnamese,
    so take them from the tokenizer (the ids between <|startoftranscript|>
    and <|translate|>)."""
    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    if config.get("lang_ids"):
        return
    added = {
        t["content"]: t["id"]
        for t in json.loads((folder / "tokenizer.json").read_text(encoding="utf-8")).get("added_tokens", [])
    }
    start, stop = added.get("<|startoftranscript|>"), added.get("<|translate|>")
    if start is None or stop is None:
        return
    config["lang_ids"] = [i for i in sorted(added.values()) if start < i < stop]
    config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")


def convert_model(source: str, name: str, quantization: str = "int8") -> tuple[Path, dict[str, str]]:
    """Convert `source` and install it as `<store>/<name>`; returns (folder, sha256 per file)."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(msg.convert_bad_quantization(quantization, QUANTIZATIONS))
    registry.check_name_free(name)
    local = Path(source).expanduser()
    if local.exists() and not (local / "config.json").is_file():
        raise ModelError(msg.convert_not_transformers(local))
    converter_class = _import_converter()
    from transformers import AutoTokenizer  # lazy: the optional convert extra

    tmp = models_dir() / f".{name}.{os.getpid()}.convert"
    shutil.rmtree(tmp, ignore_errors=True)
    models_dir().mkdir(parents=True, exist_ok=True)
    try:
        try:
            copy = [f for f in _COPY if (local / f).is_file()] if local.exists() else []
            converter = converter_class(
                str(local) if local.exists() else source, copy_files=copy, low_cpu_mem_usage=True
            )
            converter.convert(str(tmp), quantization=quantization, force=True)
        except Exception as exc:  # the converter raises many kinds; the user needs the reason, not a traceback
            raise ModelError(msg.convert_failed(source, f"{type(exc).__name__}: {exc}")) from None
        if not (tmp / "tokenizer.json").is_file():  # faster-whisper would fetch one from a hub otherwise
            try:
                AutoTokenizer.from_pretrained(str(local) if local.exists() else source).save_pretrained(str(tmp))
            except Exception:  # no tokenizer files at all
                pass
            for extra in (
                "tokenizer_config.json",
                "special_tokens_map.json",
                "added_tokens.json",
                "vocab.json",
                "merges.txt",
            ):
                (tmp / extra).unlink(missing_ok=True)
            if not (tmp / "tokenizer.json").is_file():
                raise ModelError(msg.convert_no_tokenizer(source))
        _fill_lang_ids(tmp)
        try:
            validate_model_dir(tmp)
        except ModelError as exc:
            raise ModelError(msg.convert_failed(source, exc.message)) from None
        sha = {p.name: file_sha256(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        with store_lock():
            write_file_stamp(tmp, sha)
            path = install_staged(tmp, name)
            registry.record_installed(
                name, KIND, locked=True, source="convert", repo=source, quantization=quantization, sha256=sha
            )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path, sha
