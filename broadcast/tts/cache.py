"""On-disk cache of synthesised chunks, keyed by a hash of text + settings
(base.cache_key: the engine makes the key, the cache only stores).

A network engine (gtts) then makes no request for a sentence it has already
read with the same settings; the second reading of a notice is free too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from broadcast.tts.base import Speech


def default_cache_dir() -> Path:
    """$DOITHOAI_TTS_CACHE, else $XDG_CACHE_HOME/doithoai/tts, else ~/.cache/doithoai/tts."""
    env = os.environ.get("DOITHOAI_TTS_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "doithoai" / "tts"


class SpeechCache:
    """Chunks stored as <dir>/<key[:2]>/<key>.<format>."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()

    def _path(self, key: str, fmt: str) -> Path:
        return self.directory / key[:2] / f"{key}.{fmt}"

    def get(self, key: str) -> Speech | None:
        for fmt in ("mp3", "wav"):
            path = self._path(key, fmt)
            if path.is_file() and path.stat().st_size > 0:
                return Speech(path.read_bytes(), fmt)
        return None

    def put(self, key: str, speech: Speech) -> None:
        """Write atomically; a cache that cannot be written is not an error."""
        path = self._path(key, speech.format)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(speech.data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(Exception):
                os.unlink(tmp)
