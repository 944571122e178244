"""Transcription service: what the CLI, the `process` command and the web
app call. Checks the input, loads (and caches) the model, resumes from a
checkpoint, reports progress, writes every output atomically.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doithoai.messages import recognition as msg
from minutes.meeting import Meeting, load_meeting
from pipeline import atomic, audio
from pipeline import formats as writers
from pipeline.checkpoint import Checkpoint, checkpoint_path
from pipeline.confidence import REVIEW_THRESHOLD, check_threshold, mark_transcript
from pipeline.diarize import Diarizer, parse_speaker_count
from pipeline.errors import UserError
from pipeline.glossary import apply_glossary
from pipeline.progress import ProgressCallback, silent
from pipeline.segmenting import split_segments
from pipeline.speakers import assign_speakers, rename_speakers
from pipeline.transcriber import Transcriber
from pipeline.transcript import ModelInfo, Segment, Source, Transcript

ENGINES = ("whisper",)
_TRANSCRIBERS: dict[tuple[str | None, str], Transcriber] = {}


@dataclass
class TranscribeResult:
    transcript: Transcript
    outputs: dict[str, Path] = field(default_factory=dict)
    resumed_from: float = 0.0  # seconds a checkpoint let us skip
    decoded_seconds: float = 0.0  # audio seconds processed by this run
    elapsed: float = 0.0


def get_transcriber(model: str | None = None, device: str = "auto") -> Transcriber:
    """One loaded model per (model, device) for the life of the process."""
    key = (model, device)
    if key not in _TRANSCRIBERS:
        _TRANSCRIBERS[key] = Transcriber(model, device=device)
    return _TRANSCRIBERS[key]


def unload_models() -> None:
    """Forget the loaded models (the next job loads its own, in its own
    thread: the web server's worker loads it at low priority)."""
    _TRANSCRIBERS.clear()


def meeting_prompt(meeting: Meeting | None, max_chars: int = 300) -> dict[str, str | None]:
    """Decoder hints from a meeting file: none. Measured on the real clips
    (docs/transcription.md), the glossary as hotwords added errors (47 → 56
    in 264 words; 58 even when the clips say the glossary terms) and made
    the decoder skip whole sentences of the sample, and the initial prompt
    raised WER 0.114 → 0.159; the glossary is applied after decoding instead
    (`meeting_glossary`, pipeline/glossary.py)."""
    return {"initial_prompt": None, "hotwords": None}


def meeting_glossary(meeting: Meeting | None) -> list[str]:
    """Names, hamlets and terms of the meeting file, for the post-pass."""
    return meeting.asr_vocabulary() if meeting is not None else []


def review_threshold(meeting: Meeting | None, value: float | None = None) -> float:
    """The confidence-mark threshold: `value` (the command line), else the
    meeting file's `[transcription] review_threshold`, else REVIEW_THRESHOLD."""
    if value is None:
        return meeting.review_threshold if meeting and meeting.review_threshold is not None else REVIEW_THRESHOLD
    try:
        return check_threshold(value)
    except (TypeError, ValueError):
        raise UserError(msg.bad_review_threshold(value)) from None


def _check_out_dir(out_dir: Path) -> None:
    """A usable output folder, made now: an hour of work must not end in 'cannot write'."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(msg.out_dir_is_file(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(msg.cannot_write(out_dir, exc)) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise UserError(msg.cannot_write(out_dir, PermissionError(13, "Permission denied")))


def transcribe_file(
    path: str | Path,
    out_dir: str | Path | None = None,
    model: str | None = None,
    meeting: Meeting | str | Path | None = None,
    formats: str | list[str] | None = None,
    device: str = "auto",
    progress: ProgressCallback | None = None,
    engine: str = "whisper",
    speakers: str | int | None = None,
    review: float | None = None,
) -> TranscribeResult:
    """Transcribe `path` into OUT_DIR/<stem>.{json,srt,vtt,txt}.

    Bad input raises BadInputError before anything is written. An earlier
    interrupted run of the same input, model and settings is continued from
    its checkpoint (OUT_DIR/.<stem>.partial.jsonl), removed on success.
    `speakers` ("auto" or a number) adds diarization (the optional extra);
    names come from the meeting file's [speakers] table. Near-misses of the
    meeting glossary are respelt (pipeline/glossary.py); words under the
    review threshold (`review`, else the meeting file's [transcription]
    review_threshold, else 0.7) are marked for checking.
    """
    fmts = writers.parse_formats(formats)
    if engine not in ENGINES:
        raise UserError(msg.unknown_engine(engine))
    path = Path(path).expanduser()
    out_dir = Path(out_dir if out_dir is not None else ".").expanduser()
    _check_out_dir(out_dir)
    info = audio.probe(path)
    meeting_obj = load_meeting(meeting) if isinstance(meeting, (str, Path)) else meeting
    hints = meeting_prompt(meeting_obj)
    threshold = review_threshold(meeting_obj, review)
    diarizer = _diarizer(speakers)  # a missing extra fails here, before any work
    report = progress or silent
    t0 = time.monotonic()

    runner = _WhisperRunner(get_transcriber(model, device), hints)
    sha = atomic.file_sha256(path)
    header = {"source_sha256": sha, "model": runner.name, "engine": engine, "settings": runner.settings}
    ckpt = Checkpoint(checkpoint_path(out_dir, path.stem), header)
    segments: list[Segment] = list(ckpt.resume.segments)
    start = min(ckpt.resume.done, info.duration)
    high = start  # estimates and resume points together never go back

    def advance(done: float) -> None:
        nonlocal high
        high = max(high, min(done, info.duration))
        report(high, info.duration)

    advance(start)
    try:
        for step in runner.steps(path, start, advance):
            ckpt.append(step.segments, step.done)
            segments += step.segments
            advance(step.done)
    finally:
        ckpt.close()
    advance(info.duration)  # decoded audio may end a few ms before the probed duration
    transcript = _assemble(path, sha, info.duration, runner, segments, meeting_glossary(meeting_obj))
    if diarizer is not None:
        transcript = _with_speakers(transcript, path, *diarizer, meeting_obj, report)
    transcript = mark_transcript(transcript, threshold)  # after diarization: it cuts segments
    written = writers.write_all(transcript, out_dir, path.stem, fmts)
    ckpt.discard()
    return TranscribeResult(transcript, written, start, info.duration - start, time.monotonic() - t0)


def _diarizer(speakers: str | int | None) -> tuple[Diarizer, int | None] | None:
    """(Diarizer, speaker count or None for auto), or None without --speakers.
    A bad count or a missing extra is a user error before any work."""
    if speakers is None:
        return None
    count = parse_speaker_count(speakers)
    return Diarizer(), count


def _with_speakers(
    transcript: Transcript, path: Path, diarizer, count: int | None, meeting: Meeting | None, report: ProgressCallback
) -> Transcript:
    """Speaker labels on every segment and word; names from the meeting file.
    Diarization runs after the (checkpointed) transcription, so a resumed run
    still resumes; it is not checkpointed itself (it takes ~0.05× real time)."""
    turns = diarizer.diarize(path, count, progress=report, duration=transcript.duration)
    transcript = assign_speakers(transcript, turns)
    transcript.model.settings = {**transcript.model.settings, "speakers": "auto" if count is None else str(count)}
    names = {
        label: name for label, name in (meeting.speakers if meeting else {}).items() if label in transcript.speakers
    }
    return rename_speakers(transcript, names) if names else transcript


def transcribe_path(path: str | Path, model: str | None = None, device: str = "auto") -> Transcript:
    """Transcribe in memory, no files written (e.g. the broadcast
    intelligibility check reads back a synthesised announcement)."""
    path = Path(path).expanduser()
    info = audio.probe(path)
    runner = _WhisperRunner(get_transcriber(model, device), meeting_prompt(None))
    segments = [s for step in runner.steps(path, 0.0) for s in step.segments]
    return _assemble(path, atomic.file_sha256(path), info.duration, runner, segments)


def _assemble(
    path: Path, sha: str, duration: float, runner: Any, segments: list[Segment], glossary: list[str] | None = None
) -> Transcript:
    """Checkpointed steps → one transcript. Steps come in time order and each
    is ordered and free of overlaps (pipeline/transcriber.py); the sort only
    puts a resumed run's segments back together."""
    segments = split_segments(sorted(segments, key=lambda s: (s.start, s.end)))
    settings = dict(runner.settings)
    if glossary:
        segments, replaced = apply_glossary(segments, glossary)
        settings["glossary"] = {"terms": len(glossary), "replaced": replaced}
    return Transcript(
        source=Source(path.name, sha, round(duration, 3)),
        model=ModelInfo(runner.name, runner.engine, settings),
        segments=segments,
    )


class _WhisperRunner:
    engine = "faster-whisper"

    def __init__(self, transcriber: Any, hints: dict[str, str | None]) -> None:
        self.transcriber = transcriber
        self.options = transcriber.with_options(**hints)
        self.name = transcriber.model_name
        self.settings = {
            "device": transcriber.device,
            "compute_type": transcriber.compute_type,
            **self.options.settings(),
        }

    def steps(self, path: Path, start: float, progress=None):
        return self.transcriber.steps(path, start, self.options, progress)
