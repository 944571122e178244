"""The canonical transcript: dataclasses, JSON (de)serialisation and checks.

The JSON form is documented in docs/transcript-schema.md. Readers accept any
version up to SCHEMA_VERSION; writers always write SCHEMA_VERSION.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.errors import BadInputError
from pipeline.messages import transcript as msg

SCHEMA_NAME = "doithoai.transcript"
# 2: speaker labels on segments and words, and the speakers table
# 3: confidence marks (`low_confidence` on words, `needs_review` on segments)
SCHEMA_VERSION = 3


@dataclass
class Word:
    start: float
    end: float
    word: str
    probability: float
    speaker: str | None = None
    low_confidence: bool = False  # probability under the review threshold


@dataclass
class Segment:
    id: int
    start: float
    end: float
    text: str
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 0.0
    words: list[Word] = field(default_factory=list)
    speaker: str | None = None
    needs_review: bool = False  # holds a low_confidence word


@dataclass
class Source:
    name: str
    sha256: str
    duration: float


@dataclass
class ModelInfo:
    name: str
    engine: str = "faster-whisper"
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Transcript:
    source: Source
    model: ModelInfo
    segments: list[Segment]
    language: str = "vi"
    speakers: dict[str, str] = field(default_factory=dict)  # label -> display name

    @property
    def duration(self) -> float:
        return self.source.duration

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    def to_dict(self) -> dict[str, Any]:
        data = {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION}
        data.update(asdict(self))
        return data

    def save(self, path: str | Path) -> Path:
        """Write the canonical JSON atomically."""
        return atomic.write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n")


def _bad(path: Path | None, why: str) -> BadInputError:
    return BadInputError(msg.bad_transcript(path, why))


def transcript_from_dict(data: Any, path: Path | None = None) -> Transcript:
    """Validate and build a Transcript from its JSON form."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_NAME:
        raise _bad(path, msg.schema_missing(SCHEMA_NAME))
    version = data.get("version")
    if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
        raise _bad(path, msg.version_unsupported(version, SCHEMA_VERSION))
    try:
        segments = []
        for i, s in enumerate(data["segments"]):
            words = [
                Word(
                    float(w["start"]),
                    float(w["end"]),
                    str(w["word"]),
                    float(w.get("probability", 1.0)),
                    w.get("speaker"),
                    bool(w.get("low_confidence", False)),
                )
                for w in s.get("words", [])
            ]
            seg = Segment(
                id=int(s.get("id", i)),
                start=float(s["start"]),
                end=float(s["end"]),
                text=str(s["text"]),
                avg_logprob=float(s.get("avg_logprob", 0.0)),
                no_speech_prob=float(s.get("no_speech_prob", 0.0)),
                compression_ratio=float(s.get("compression_ratio", 0.0)),
                words=words,
                speaker=s.get("speaker"),
                needs_review=bool(s.get("needs_review", False)),
            )
            if seg.end < seg.start:
                raise _bad(path, msg.segment_ends_before_start(i))
            segments.append(seg)
        src = data["source"]
        model = data.get("model", {})
        return Transcript(
            source=Source(str(src["name"]), str(src.get("sha256", "")), float(src["duration"])),
            model=ModelInfo(
                str(model.get("name", "")), str(model.get("engine", "faster-whisper")), dict(model.get("settings", {}))
            ),
            segments=segments,
            language=str(data.get("language", "vi")),
            speakers={str(k): str(v) for k, v in data.get("speakers", {}).items()},
        )
    except BadInputError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _bad(path, msg.field_missing(exc)) from None


def load_transcript(path: str | Path) -> Transcript:
    """Read a transcript JSON file; clear errors for missing or malformed files."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(msg.transcript_not_found(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(path, msg.not_json(exc)) from None
    return transcript_from_dict(data, path)
