"""Is a folder a Piper voice doithoai can use? (one `NAME.onnx` and its
`NAME.onnx.json` config)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import ModelError
from pipeline.messages import model_store as msg

VOICE_KIND = "piper-voice"


def voice_onnx(folder: Path) -> Path:
    """The voice's .onnx file in `folder`, or ModelError saying what is wrong."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(msg.model_folder_not_found(folder))
    models = sorted(p for p in folder.glob("*.onnx") if p.is_file())
    if len(models) != 1:
        raise ModelError(msg.voice_invalid(folder, msg.VOICE_NEEDS_ONE_ONNX))
    onnx = models[0]
    config = onnx.with_name(onnx.name + ".json")
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(msg.voice_invalid(folder, msg.VOICE_NO_CONFIG)) from None
    except (OSError, ValueError) as exc:
        raise ModelError(msg.voice_invalid(folder, str(exc))) from None
    if not isinstance(data, dict) or not ({"audio", "espeak", "phoneme_id_map"} & set(data)):
        raise ModelError(msg.voice_invalid(folder, msg.VOICE_NOT_PIPER_CONFIG))
    with open(onnx, "rb") as fh:
        if len(fh.read(16)) < 16:
            raise ModelError(msg.voice_invalid(folder, msg.VOICE_ONNX_EMPTY))
    return onnx
