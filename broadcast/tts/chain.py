"""A fallback chain: try engines in order until one can read the text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydub import AudioSegment

from broadcast.messages import engines as M
from broadcast.tts.base import Engine, EngineUnavailable, create_engine


class FallbackChain:
    """`names[0]` is preferred; on EngineUnavailable the next one reads.
    `used` and `warnings` tell what happened."""

    def __init__(
        self,
        names: Sequence[str],
        speed: float = 1.0,
        config: dict[str, dict[str, Any]] | None = None,
        cache: Any = None,
    ) -> None:
        config = config or {}
        self.engines: list[Engine] = []
        for n in names:
            engine = create_engine(n, speed=speed, config=config.get(n), cache=cache)
            if engine.name not in [e.name for e in self.engines]:  # "espeak" and "espeak-ng" are one engine
                if engine.name != n and engine.name in config:
                    engine = create_engine(engine.name, speed=speed, config=config[engine.name], cache=cache)
                self.engines.append(engine)
        self.used: str | None = None
        self.warnings: list[str] = []

    def speak(self, text: str) -> AudioSegment:
        return self.speak_all([text])[0]

    def speak_all(self, texts: Sequence[str]) -> list[AudioSegment]:
        """Every text with the same engine: if one fails on any text, the next
        reads them all, so a notice never switches voice halfway."""
        reasons: list[str] = []
        for i, engine in enumerate(self.engines):
            nxt = self.engines[i + 1].name if i + 1 < len(self.engines) else None
            try:
                audio = [engine.speak(text) for text in texts]
            except EngineUnavailable as exc:
                if nxt is None and not reasons:
                    raise
                if nxt is not None:
                    self.warnings.append(exc.message_for(nxt))
                reasons.append(exc.message_for(None))
                continue
            self.used = engine.name
            return audio
        if not reasons:
            raise AssertionError("empty chain")
        raise EngineUnavailable(lambda _fb: M.all_engines_failed(reasons))
