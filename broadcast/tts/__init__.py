"""Text-to-speech engines behind one interface, a fallback chain and a cache.

from broadcast.tts import create_engine, FallbackChain
chain = FallbackChain(["gtts", "espeak-ng"], speed=1.0, config={"gtts": {"tld": "com"}})
audio = chain.speak("Xin thông báo.")   # pydub AudioSegment
"""

# Importing the engines registers them.
from broadcast.tts import espeak, gtts_engine, piper  # noqa: F401
from broadcast.tts.base import REGISTRY, Engine, EngineUnavailable, Speech, create_engine, engine_names, register
from broadcast.tts.cache import SpeechCache, default_cache_dir
from broadcast.tts.chain import FallbackChain

__all__ = [
    "REGISTRY",
    "Engine",
    "EngineUnavailable",
    "FallbackChain",
    "Speech",
    "SpeechCache",
    "create_engine",
    "default_cache_dir",
    "engine_names",
    "register",
]
