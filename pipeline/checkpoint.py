"""Append-only checkpoint of finished segments, so an interrupted
transcription (Ctrl-C, kill -9, power cut) continues where it stopped.

File `DIR/.STEM.partial.jsonl`: the first line is a header (source sha256,
model, settings); then one line per finished step:
`{"done": seconds, "segments": [...]}`, where everything before `done` is
transcribed. Each line is flushed and fsynced; a line torn by a crash is
dropped on resume. A header that does not match (other input, model or
settings) discards the checkpoint and the run starts over.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.transcript import Segment, Word

FORMAT = "doithoai.checkpoint"
VERSION = 1


def checkpoint_path(out_dir: str | Path, stem: str) -> Path:
    return Path(out_dir) / f".{stem}.partial.jsonl"


@dataclass
class Resume:
    """What an earlier, interrupted run finished."""

    done: float = 0.0
    segments: list[Segment] = field(default_factory=list)


def _segment(d: dict[str, Any]) -> Segment:
    words = [Word(**w) for w in d.get("words", [])]
    return Segment(**{**d, "words": words})


class Checkpoint:
    """Open with the run's identity; `resume` is what may be skipped."""

    def __init__(self, path: str | Path, header: dict[str, Any]) -> None:
        self.path = Path(path)
        # compared with the stored header as JSON sees it (tuples become lists)
        self.header = json.loads(json.dumps({"format": FORMAT, "version": VERSION, **header}, ensure_ascii=False))
        self._fh: IO[bytes] | None = None
        self.resume = self._load()

    def _load(self) -> Resume:
        if not self.path.is_file():
            return Resume()
        good = 0
        resume = Resume()
        with open(self.path, "rb") as fh:
            first = fh.readline()
            try:
                header = json.loads(first)
            except (ValueError, UnicodeDecodeError):
                header = None
            if header != self.header or not first.endswith(b"\n"):
                self.discard()
                return Resume()
            good = len(first)
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # torn by a crash mid-write
                try:
                    step = json.loads(line)
                    segs = [_segment(s) for s in step["segments"]]
                    done = float(step["done"])
                except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                    break
                resume.segments += segs
                resume.done = max(resume.done, done)
                good += len(line)
        if good < self.path.stat().st_size:
            with open(self.path, "rb+") as fh:
                fh.truncate(good)
        return resume

    def _open(self):
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not self.path.is_file()
            self._fh = open(self.path, "ab")  # noqa: SIM115 - stays open for the appends, closed by close()
            if fresh:
                self._write(self.header)
        return self._fh

    def _write(self, obj: dict[str, Any]) -> None:
        fh = self._open() if self._fh is None else self._fh
        fh.write((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())

    def append(self, segments: list[Segment], done: float) -> None:
        """Record that everything before `done` seconds is finished."""
        self._write({"done": round(done, 3), "segments": [asdict(s) for s in segments]})

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def discard(self) -> None:
        """Remove the checkpoint (after success, or when it no longer applies)."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
