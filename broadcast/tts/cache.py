"""On-disk cache of synthesised chunks, keyed by a hash of text + settings.

A network engine (gtts) then makes no request for a sentence it has already
read with the same settings; the second reading of a notice is free too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from broadcast.tts.base import Speech


def default_cache_dir() -> Path:
    """$DOITHOAI_TTS_CACHE, else $XDG_CACHE_HOME/doithoai/tts, else ~/.cache/doithoai/tts."""
    env = os.environ.get("DOITHOAI_TTS_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "doithoai" / "tts"


def cache_key(engine: str, settings: dict[str, Any], text: str) -> str:
    blob = json.dumps({"engine": engine, "settings": settings, "text": text}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


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
                os.unlink(tmp)  # type: ignore[possibly-undefined]
