"""Which engines read a notice and which model checks it, from the model
store (pipeline.model_registry): the event's `[audio] engine = "auto"` (the
default) becomes gtts, then the installed default piper voice, then the
fallback; `[audio] voice = NAME` is a piper voice found by its name; the
listening check (`announce --check`) uses the best installed ASR model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcast.event import AudioSettings
from doithoai.messages import voices as msg
from doithoai.settings import Settings
from pipeline import model_registry as registry
from pipeline.errors import BadInputError, ModelError

AUTO = "auto"
ONLINE_ENGINE = "gtts"
WEB_ENGINES = ("espeak-ng", "gtts", "piper")  # what the radio page offers


@dataclass
class EngineChain:
    """The engines to try, in order, with their [tts.*] settings."""

    names: list[str]
    config: dict[str, dict[str, Any]]
    voice: str | None = None  # the piper voice's name, when one is in the chain
    warnings: list[str] = field(default_factory=list)

    def label(self, used: str | None) -> str:
        """What the output says spoke: the engine, and piper's voice by name."""
        name = used or self.names[0]
        return f"{name} ({self.voice})" if name == "piper" and self.voice else name


def voices_for() -> list[str]:
    """Names of the piper voices in the model store, the default one first."""
    names = [ref.name for ref in registry.list_models() if ref.kind == registry.VOICE_KIND]
    default = registry.get_default("voice")
    return sorted(names, key=lambda n: n != default)


def piper_voice(settings: Settings) -> str | None:
    """A piper .onnx named by path (settings or DOITHOAI_PIPER_VOICE), if any:
    the way before the model store, still honoured."""
    voice = settings.extra.get("piper_voice") or os.environ.get("DOITHOAI_PIPER_VOICE") or ""
    return voice if voice and Path(voice).is_file() else None


def engines_for(settings: Settings) -> list[str]:
    return [e for e in WEB_ENGINES if e != "piper" or piper_voice(settings) or voices_for()]


def _voice_path(name: str | None, explicit: bool) -> tuple[Path | None, str | None]:
    """(.onnx, None) of voice `name` (or of the default voice); a missing
    default is not an error for the automatic chain, only a warning."""
    try:
        return registry.resolve_voice(name), None
    except ModelError as exc:
        if explicit:
            raise BadInputError(exc.message) from None
        return None, msg.default_voice_unusable(registry.get_default("voice") or "", exc.message)


def engine_chain(audio: AudioSettings) -> EngineChain:
    """The chain of `audio`: "auto" expands to gtts → piper (the named or the
    default voice, if any) → the fallback; a named voice alone means piper
    reads first. Raises BadInputError for a voice name the store lacks."""
    config = {name: dict(table) for name, table in audio.engines.items()}
    explicit = bool(audio.voice.strip())
    path, warning = _voice_path(audio.voice.strip() or None, explicit)
    voice_name = (audio.voice.strip() or registry.get_default("voice")) if path else None
    if path is not None and (explicit or not config.get("piper", {}).get("voice")):
        config.setdefault("piper", {})["voice"] = str(path)
    elif config.get("piper", {}).get("voice"):
        voice_name = Path(str(config["piper"]["voice"])).stem
    engine = audio.engine.strip().lower()
    if engine != AUTO:
        names = [audio.engine, *audio.fallback]
    elif explicit:
        names = ["piper", *audio.fallback]
    else:
        names = [ONLINE_ENGINE, *(["piper"] if config.get("piper", {}).get("voice") else []), *audio.fallback]
    names = list(dict.fromkeys(names))  # "auto" with fallback = ["gtts"]: gtts once
    uses_piper = "piper" in names
    relevant = engine == AUTO or uses_piper  # the default voice would have read
    return EngineChain(names, config, voice_name if uses_piper else None, [warning] if warning and relevant else [])


def _model_size(path: Path) -> int:
    weights = path / "model.bin"
    return weights.stat().st_size if weights.is_file() else 0


def best_asr_model() -> str:
    """The ASR model for the listening check: the `models use` default, else
    the largest installed ASR model that is usable, else the embedded one."""
    chosen = registry.get_default("asr")
    if chosen:
        return chosen
    best: tuple[int, str] | None = None
    for ref in registry.list_models():
        if ref.kind != registry.KIND or ref.default or ref.source == "pypi":
            continue
        try:
            folder = registry.validate_model_dir(ref.path)
        except ModelError:
            continue  # a broken or moved folder is `models check`'s business
        size = _model_size(folder)
        if best is None or size > best[0]:
            best = (size, ref.name)
    return best[1] if best else registry.DEFAULT_NAME
