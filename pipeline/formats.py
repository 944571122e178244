"""Transcript writers: canonical JSON, SRT and WebVTT subtitles, plain text.

The plain text is clean running text (no timestamps, no speaker labels
unless diarization named them): what a secretary pastes into the minutes,
and what word error rate is measured on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline import atomic
from pipeline.errors import UserError
from pipeline.messages import asr as msg
from pipeline.transcript import Segment, Transcript, Word

FORMATS = ("json", "srt", "vtt", "txt")
MAX_CUE_SECONDS = 7.0  # long decodes are split into readable subtitle cues
MAX_CUE_CHARS = 84


def parse_formats(spec: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """`"json,srt"` → ["json", "srt"]; None or "all" → every format."""
    if spec is None:
        return list(FORMATS)
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    items = [i.strip().lower().lstrip(".") for i in items if i.strip()]
    if not items or items == ["all"]:
        return list(FORMATS)
    unknown = [i for i in items if i not in FORMATS]
    if unknown:
        raise UserError(msg.unknown_formats(unknown, list(FORMATS)))
    return list(dict.fromkeys(items))


def _stamp(seconds: float, sep: str) -> str:
    ms = max(int(round(seconds * 1000)), 0)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def cues(transcript: Transcript, voice: Callable[[str, str], str] | None = None) -> list[tuple[float, float, str]]:
    """Subtitle cues: segments split at word boundaries into ≤ 7 s / 84
    characters, times strictly increasing and never overlapping. With
    `voice`, a diarized segment's cues carry its speaker's name."""
    out: list[tuple[float, float, str]] = []
    for seg in transcript.segments:
        name = transcript.speakers.get(seg.speaker, seg.speaker) if seg.speaker else None
        out += [(a, b, voice(name, t) if voice and name else t) for a, b, t in _split(seg)]
    fixed: list[tuple[float, float, str]] = []
    prev_end = 0.0
    for start, end, text in out:
        start = max(start, prev_end)
        end = max(end, start + 0.01)
        fixed.append((start, end, text))
        prev_end = end
    return fixed


def _split(seg: Segment) -> list[tuple[float, float, str]]:
    text = seg.text.strip()
    if not text:
        return []
    if not seg.words or (seg.end - seg.start <= MAX_CUE_SECONDS and len(text) <= MAX_CUE_CHARS):
        return [(seg.start, seg.end, text)]
    pieces: list[list[Word]] = []
    current: list[Word] = []
    for w in seg.words:
        if current and (
            w.end - current[0].start > MAX_CUE_SECONDS or len("".join(x.word for x in current) + w.word) > MAX_CUE_CHARS
        ):
            pieces.append(current)
            current = []
        current.append(w)
    if current:
        pieces.append(current)
    return [
        (p[0].start, p[-1].end, "".join(x.word for x in p).strip())
        for p in pieces
        if "".join(x.word for x in p).strip()
    ]


def _label(transcript: Transcript, seg: Segment) -> str:
    if seg.speaker:
        return transcript.speakers.get(seg.speaker, seg.speaker) + ": "
    return ""


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_srt(transcript: Transcript) -> str:
    blocks = []
    for i, (start, end, text) in enumerate(cues(transcript, lambda name, text: f"{name}: {text}"), 1):
        blocks.append(f"{i}\n{_stamp(start, ',')} --> {_stamp(end, ',')}\n{text}\n")
    return "\n".join(blocks)


def to_vtt(transcript: Transcript) -> str:
    blocks = ["WEBVTT\n"]
    for start, end, text in cues(transcript, lambda name, text: f"<v {_vtt_escape(name)}>{text}"):
        blocks.append(f"{_stamp(start, '.')} --> {_stamp(end, '.')}\n{text}\n")
    return "\n".join(blocks)


def to_txt(transcript: Transcript) -> str:
    """Running text, one paragraph per speaker turn (one paragraph without
    diarization); no timestamps."""
    paragraphs: list[str] = []
    current_speaker: object = object()
    for seg in transcript.segments:
        text = seg.text.strip()
        if not text:
            continue
        if seg.speaker != current_speaker and seg.speaker is not None:
            paragraphs.append(_label(transcript, seg) + text)
        elif paragraphs:
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
        current_speaker = seg.speaker
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def to_json(transcript: Transcript) -> str:
    return json.dumps(transcript.to_dict(), ensure_ascii=False, indent=1) + "\n"


WRITERS: dict[str, Callable[[Transcript], str]] = {"json": to_json, "srt": to_srt, "vtt": to_vtt, "txt": to_txt}


def write_all(transcript: Transcript, out_dir: str | Path, stem: str, formats: list[str]) -> dict[str, Path]:
    """Write each format to OUT_DIR/STEM.EXT atomically; returns the paths."""
    out_dir = Path(out_dir)
    rendered = {fmt: WRITERS[fmt](transcript) for fmt in formats}  # render all before writing any
    return {fmt: atomic.write_text(out_dir / f"{stem}.{fmt}", text) for fmt, text in rendered.items()}
