"""Atomic file writes (write beside the target, fsync, then rename) and the
one streamed file hash every module uses.

A reader never sees a half-written file, and an interrupted write leaves the
old file (or nothing) in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _umask() -> int:
    """The process's umask now (a server sets 077 for its data folder): read
    from /proc on Linux, as setting it to read it back races other threads."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _START_UMASK


def _umask_at_start() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_START_UMASK = _umask_at_start()


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to `target`; on success rename it over
    `target`, on error remove it. Use for tools that write files themselves
    (ffmpeg, python-docx)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix if suffix is not None else target.suffix + ".part", dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        # mkstemp makes 0600 files; outputs must be readable like any file the user makes.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Atomically write `data` to `target`."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str) -> Path:
    """Atomically write UTF-8 `text` to `target`."""
    return write_bytes(target, text.encode("utf-8"))


def file_sha256(path: str | Path) -> str:
    """sha256 of a file, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
