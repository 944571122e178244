"""`TranscribeOptions`: the decoding settings of a `Transcriber` run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.hallucination import PHRASES_FILE, GuardSettings
from pipeline.vad import VadSettings


@dataclass(frozen=True)
class TranscribeOptions:
    """Decoding settings; `settings()` goes into the transcript and the
    checkpoint header, so changing any of them restarts a resumed run."""

    language: str = "vi"
    # beam 2 measured as accurate as 5 (clips 0.114 vs 0.114, 10-min
    # recording 0.187 vs 0.202) for 0.76 of the CPU; greedy lost words on the clips
    beam_size: int = 2
    # chunks per decoder call; on CPU one decoder per core runs at once, so 2
    # cores decode 4 chunks at a time. 2 is as fast as 4 there and its peak
    # RSS is ~300 MB lower (the decoder caches 37 MB of attention per chunk
    # and beam); docs/transcription.md
    batch_size: int = 2
    # 120 s windows: peak RSS 652 MB vs 874 MB with 300 s on a 10-minute
    # recording, for 2.5 % more CPU (docs/transcription.md)
    window_seconds: float = 120.0
    chunk_seconds: float = 30.0
    word_timestamps: bool = True
    redecode_gaps: bool = True
    # Whisper-base often stops early on a 30 s chunk decoded without
    # timestamp tokens (words dropped); with them it segments and goes on.
    timestamps: bool = True
    min_region_seconds: float = 1.5  # a VAD region this long must get words
    initial_prompt: str | None = None
    hotwords: str | None = None
    vad: VadSettings = field(default_factory=VadSettings)
    guard: GuardSettings = field(default_factory=GuardSettings)

    def settings(self) -> dict[str, Any]:
        data = asdict(self)
        # the default phrase list is named, not located (same on every machine)
        data["guard"] = {k: (_file_label(v) if isinstance(v, Path) else v) for k, v in data["guard"].items()}
        return data


def _file_label(path: Path) -> str:
    return PHRASES_FILE.name if Path(path) == PHRASES_FILE else str(path)
