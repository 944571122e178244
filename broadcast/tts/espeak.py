"""espeak-ng: the offline engine (Debian package espeak-ng, voice "vi").

Robotic but always there; the fallback when the network engine is down.
"""

from __future__ import annotations

import subprocess
from typing import Any

from broadcast.messages import engines as M
from broadcast.tts.base import Engine, EngineUnavailable, Speech, register, which

BASE_WPM = 145  # a little slower than espeak's 175: loudspeakers echo


@register("espeak-ng")
class EspeakEngine(Engine):
    native_speed = True
    cacheable = False

    def __init__(
        self, speed: float = 1.0, cache: Any = None, voice: str = "vi", wpm: int = BASE_WPM, pitch: int = 45
    ) -> None:
        super().__init__(speed, cache)
        self.voice, self.wpm, self.pitch = voice, int(wpm), int(pitch)

    def settings(self) -> dict[str, Any]:
        return {"voice": self.voice, "wpm": self.wpm, "pitch": self.pitch, "speed": self.speed}

    def check(self) -> None:
        if which("espeak-ng") is None:
            raise EngineUnavailable(lambda _fb: M.espeak_missing())

    def synthesize(self, text: str) -> Speech:
        rate = max(80, min(450, round(self.wpm * self.speed)))
        proc = subprocess.run(
            ["espeak-ng", "-v", self.voice, "-s", str(rate), "-p", str(self.pitch), "--stdout", "-b", "1"],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0 or not proc.stdout.startswith(b"RIFF"):
            detail = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
            raise EngineUnavailable(lambda _fb: M.espeak_failed(detail))
        return Speech(proc.stdout, "wav")
