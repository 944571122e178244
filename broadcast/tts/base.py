"""The engine interface and registry.

An engine turns one sentence-sized chunk of (already normalised) text into
audio bytes. `Engine.speak` does the rest for every engine alike: split at
sentence boundaries, look each chunk up in the cache, decode, join with short
pauses and apply the reading speed when the engine has no native control.
Engines register by name, so a commune can pick one in its event file
([audio] engine = "…", [tts.<name>] settings) without touching code.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydub import AudioSegment

from broadcast.errors import BroadcastError
from broadcast.messages import audio as audio_msg
from broadcast.messages import engines as M
from broadcast.messages import event as event_msg

SENTENCE_PAUSE_MS = 400


@dataclass(frozen=True)
class Speech:
    """Encoded audio of one chunk, as the engine produced it."""

    data: bytes
    format: str  # "mp3" or "wav"


class EngineUnavailable(BroadcastError):
    """The engine cannot be used now (offline, not installed, no voice).

    `message_for(fallback)` names the engine the chain falls back to."""

    def __init__(self, message_for: Callable[[str | None], str]) -> None:
        self.message_for = message_for
        super().__init__(message_for(None))


REGISTRY: dict[str, type[Engine]] = {}


def register(name: str) -> Callable[[type[Engine]], type[Engine]]:
    """Class decorator: make an engine available under `name`."""

    def wrap(cls: type[Engine]) -> type[Engine]:
        cls.name = name
        REGISTRY[name] = cls
        return cls

    return wrap


# Names people type for the same engine.
ENGINE_ALIASES = {"espeak": "espeak-ng", "espeakng": "espeak-ng", "offline": "espeak-ng", "google": "gtts"}


def engine_names() -> list[str]:
    return sorted(REGISTRY)


def create_engine(name: str, speed: float = 1.0, config: dict[str, Any] | None = None, cache: Any = None) -> Engine:
    """An engine by registered name, with its [tts.<name>] settings."""
    cls = REGISTRY.get(ENGINE_ALIASES.get(name.strip().lower(), name.strip().lower()))
    if cls is None:
        raise BroadcastError(M.unknown_engine(name, engine_names()))
    try:
        return cls(speed=speed, cache=cache, **(config or {}))
    except (TypeError, ValueError) as exc:  # unknown key, or a value float()/int() cannot read
        raise BroadcastError(event_msg.bad_field(f"[tts.{name}]", str(exc))) from None


_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """Chunks at sentence boundaries (and line breaks), empty ones dropped."""
    return [c.strip() for c in _SENTENCE_END.split(text) if c and c.strip(" .,;:\n")]


def cache_key(engine: str, settings: dict[str, Any], text: str) -> str:
    """The key of one chunk in a SpeechCache (broadcast/tts/cache.py): a hash of text + settings."""
    blob = json.dumps({"engine": engine, "settings": settings, "text": text}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def decode(speech: Speech) -> AudioSegment:
    return AudioSegment.from_file(io.BytesIO(speech.data), format=speech.format)


def change_tempo(audio: AudioSegment, speed: float) -> AudioSegment:
    """Faster or slower reading without changing pitch (ffmpeg atempo)."""
    if abs(speed - 1.0) < 1e-3:
        return audio
    wav = io.BytesIO()
    audio.export(wav, format="wav")
    proc = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "wav",
            "-i",
            "pipe:0",
            "-filter:a",
            f"atempo={speed:.3f}",
            "-f",
            "wav",
            "pipe:1",
        ],
        input=wav.getvalue(),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BroadcastError(audio_msg.ffmpeg_failed(proc.stderr.decode("utf-8", "replace").strip()[-300:]))
    return AudioSegment.from_file(io.BytesIO(proc.stdout), format="wav")


class Engine(ABC):
    """One TTS engine. Subclasses implement `synthesize` for one chunk."""

    name: ClassVar[str] = ""
    native_speed: ClassVar[bool] = False  # True: the engine applies `speed` itself
    cacheable: ClassVar[bool] = True  # False for engines faster than a disk read

    def __init__(self, speed: float = 1.0, cache: Any = None) -> None:
        self.speed = speed
        self.cache = cache
        self._memo: dict[str, Speech] = {}

    def settings(self) -> dict[str, Any]:
        """Everything besides the text that changes the audio (for the cache key)."""
        return {"speed": self.speed} if self.native_speed else {}

    def check(self) -> None:  # noqa: B027 - optional hook: most engines can always run
        """Raise EngineUnavailable when the engine cannot run at all."""

    @abstractmethod
    def synthesize(self, text: str) -> Speech:
        """Audio for one chunk; EngineUnavailable / BroadcastError on failure."""

    def chunk(self, text: str) -> Speech:
        """One chunk, from memory, the cache, or the engine."""
        key = cache_key(self.name, self.settings(), text)
        if key in self._memo:
            return self._memo[key]
        speech = self.cache.get(key) if (self.cache is not None and self.cacheable) else None
        if speech is None:
            speech = self.synthesize(text)
            if self.cache is not None and self.cacheable:
                self.cache.put(key, speech)
        self._memo[key] = speech
        return speech

    def speak(self, text: str) -> AudioSegment:
        """The whole text, sentence by sentence, joined with short pauses."""
        self.check()
        out = AudioSegment.empty()
        pause = AudioSegment.silent(SENTENCE_PAUSE_MS)
        for i, sentence in enumerate(split_sentences(text)):
            audio = decode(self.chunk(sentence)).set_channels(1)
            out = out + (pause if i else AudioSegment.empty()) + audio
        if not self.native_speed:
            out = change_tempo(out, self.speed)
        return out


def which(program: str) -> str | None:
    return shutil.which(program)
