"""piper: a neural voice from a local .onnx file the user provides.

Optional extra (`pip install piper-tts`); nothing is downloaded at run time.
Set [tts.piper] voice = "path/to/vi_VN-….onnx" (with its .onnx.json beside it).
"""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any

from broadcast.messages import engines as M
from broadcast.tts.base import Engine, EngineUnavailable, Speech, register


@register("piper")
class PiperEngine(Engine):
    native_speed = True

    def __init__(self, speed: float = 1.0, cache: Any = None, voice: str = "", speaker: int | None = None) -> None:
        super().__init__(speed, cache)
        self.voice_path = Path(voice).expanduser() if voice else None
        self.speaker = speaker
        self._voice: Any = None

    def settings(self) -> dict[str, Any]:
        stat = self.voice_path.stat() if self.voice_path and self.voice_path.is_file() else None
        return {
            "voice": str(self.voice_path),
            "size": stat.st_size if stat else 0,
            "speaker": self.speaker,
            "speed": self.speed,
        }

    def check(self) -> None:
        if self.voice_path is None:
            raise EngineUnavailable(lambda _fb: M.PIPER_NO_VOICE)
        if not self.voice_path.is_file() or not Path(f"{self.voice_path}.json").is_file():
            path = self.voice_path
            raise EngineUnavailable(lambda _fb: M.piper_voice_missing(path))
        try:
            import piper  # lazy: optional GPL extra, only when the piper voice is chosen  # noqa: F401
        except ImportError:
            raise EngineUnavailable(lambda _fb: M.PIPER_NOT_INSTALLED) from None

    def _load(self) -> Any:
        if self._voice is None:
            from piper import PiperVoice  # lazy: optional GPL extra, only when the piper voice is chosen

            self._voice = PiperVoice.load(str(self.voice_path))
        return self._voice

    def synthesize(self, text: str) -> Speech:
        self.check()
        voice = self._load()
        buf = io.BytesIO()
        try:
            with wave.open(buf, "wb") as wav:
                try:  # piper-tts >= 1.3
                    from piper import SynthesisConfig  # lazy: optional extra; absent before piper-tts 1.3

                    cfg = SynthesisConfig(length_scale=1.0 / self.speed, speaker_id=self.speaker)
                    voice.synthesize_wav(text, wav, syn_config=cfg)
                except ImportError:  # piper-tts 1.2
                    voice.synthesize(text, wav, length_scale=1.0 / self.speed, speaker_id=self.speaker)
        except Exception as exc:  # a broken voice file must not become a traceback
            detail = str(exc) or type(exc).__name__
            raise EngineUnavailable(lambda _fb: M.piper_failed(detail)) from None
        return Speech(buf.getvalue(), "wav")
