"""Vietnamese transcription with faster-whisper, for recordings of any length.

`Transcriber` loads a model once and turns a recording into finished
segments, as a generator:

1. the audio is streamed (`audio.iter_pcm`) in windows of ~2 minutes, each
   cut in the middle of a pause, so memory stays bounded and no speech is
   split;
2. Silero VAD finds the speech; consecutive speech regions are joined into
   ≤30 s chunks (silence never reaches the model, so nothing is invented in
   it);
3. chunks are decoded in batches with `BatchedInferencePipeline` (int8 on
   CPU, the fastest correct mode measured; see docs/transcription.md);
4. words are timed by Whisper's alignment on the joined audio and mapped
   back into one speech region each (`Chunk.place_word`);
5. each chunk is checked: an utterance (touching regions) of ≥1.5 s that got
   no words, or far too few (the decoder skipped it, and the alignment
   stretched a neighbour over it), is decoded again on its own and its
   words replace the old ones there, segments cut around it so time order
   holds (`missed_runs`, `merge_redecoded`); `hallucination.clean_segment`
   cuts loops and known invented phrases from every segment.

After each batch a `Step` says which segments are final and up to which
second everything is done: the resume point for `checkpoint`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import vad
from pipeline.audio import iter_pcm
from pipeline.errors import ModelError, UserError
from pipeline.hallucination import PHRASES_FILE, GuardSettings, clean_segment, norm, words_text
from pipeline.messages import asr as msg
from pipeline.model_registry import resolve_model
from pipeline.transcript import Segment, Word
from pipeline.vad import SAMPLE_RATE, Chunk, Region, VadSettings

DEVICES = ("auto", "cpu", "cuda")
TICK = 0.5  # seconds between progress estimates while a batch decodes


@dataclass(frozen=True)
class TranscribeOptions:
    """Decoding settings; `settings()` goes into the transcript and the
    checkpoint header, so changing any of them restarts a resumed run."""

    language: str = "vi"
    # beam 2 measured as accurate as 5 (clips 0.114 vs 0.114, 10-min
    # recording 0.187 vs 0.202) for 0.76 of the CPU; greedy lost words on the clips
    beam_size: int = 2
    batch_size: int = 4  # as fast as 8 on CPU, less memory
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


@dataclass
class Step:
    """Segments finished by one batch; all audio before `done` is final."""

    segments: list[Segment]
    done: float
    decoded: float = 0.0  # seconds of speech sent to the model in this step


def pick_device(device: str = "auto") -> tuple[str, str]:
    """(device, compute_type): float16 on a CUDA GPU, int8 on CPU."""
    if device not in DEVICES:
        raise UserError(msg.unknown_device(device))
    if device == "auto":
        try:
            import ctranslate2  # lazy: the CUDA probe loads the CTranslate2 runtime (~0.3 s)

            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        except Exception:  # no CUDA runtime at all
            device = "cpu"
    return device, ("float16" if device == "cuda" else "int8")


def cpu_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Transcriber:
    """Load a Whisper model once; transcribe files or arrays as a stream of
    finished segments."""

    def __init__(
        self,
        model: str | None = None,
        device: str = "auto",
        options: TranscribeOptions | None = None,
        cpu_threads: int | None = None,
    ) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel  # lazy: ~1 s; `--help` stays quick

        self.ref = resolve_model(model)
        self.device, self.compute_type = pick_device(device)
        self.options = options or TranscribeOptions()
        try:
            self.model = WhisperModel(
                str(self.ref.path),
                device=self.device,
                compute_type=self.compute_type,
                cpu_threads=cpu_threads or (cpu_cores() if self.device == "cpu" else 0),
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(msg.model_load_failed(self.ref.name, self.ref.path, self.device, exc)) from None
        self.pipeline = BatchedInferencePipeline(self.model)
        self.stats = {"chunks": 0, "redecoded": 0}
        # seconds of speech decoded per second of wall time (learnt per batch)
        self.speech_per_second = 3.0

    @property
    def model_name(self) -> str:
        return self.ref.name

    def with_options(self, **changes: Any) -> TranscribeOptions:
        return replace(self.options, **changes)

    # -- files -------------------------------------------------------------
    def transcribe(
        self, path: str | Path, start: float = 0.0, options: TranscribeOptions | None = None
    ) -> Iterator[Segment]:
        """Finished segments of the recording at `path`, from `start` seconds."""
        for step in self.steps(path, start, options):
            yield from step.segments

    def steps(
        self,
        path: str | Path,
        start: float = 0.0,
        options: TranscribeOptions | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> Iterator[Step]:
        """Like `transcribe`, grouped by batch with the resume point.

        `progress(seconds)` is called, on the caller's thread, about every
        `TICK` seconds while a batch decodes: an estimate of how far into the
        recording the work is, from the speed of the batches before (a batch
        of four 30 s chunks takes ~10 s on 2 cores; Step.done alone would
        leave a bar still that long, or for a whole short file)."""
        opts = options or self.options
        for offset, window, regions, final in windows(path, start, opts):
            yield from self._window_steps(window, regions, offset, final, opts, progress)

    # -- arrays ------------------------------------------------------------
    def _window_steps(
        self,
        window: np.ndarray,
        regions: list[Region],
        offset: float,
        final: bool,
        opts: TranscribeOptions,
        progress: Callable[[float], None] | None = None,
    ) -> Iterator[Step]:
        chunks = vad.group_chunks(regions, opts.chunk_seconds)
        end_of_window = offset + len(window) / SAMPLE_RATE
        before = offset
        for i in range(0, len(chunks), opts.batch_size):
            batch = chunks[i : i + opts.batch_size]
            nxt = chunks[i + opts.batch_size] if i + opts.batch_size < len(chunks) else None
            done = offset + (batch[-1].end + nxt.start) / 2 / SAMPLE_RATE if nxt else end_of_window
            speech = sum(c.seconds for c in batch)
            segments: list[Segment] = []
            for segs in self._timed_decode(window, batch, opts, progress, before, done, speech):
                segments += [shift_segment(s, offset) for s in segs]
            before = done
            yield Step(segments, done, speech)
        if not chunks:
            yield Step([], end_of_window, 0.0)

    def _timed_decode(
        self,
        window: np.ndarray,
        batch: list[Chunk],
        opts: TranscribeOptions,
        progress: Callable[[float], None] | None,
        before: float,
        done: float,
        speech: float,
    ) -> list[list[Segment]]:
        """`_decode`, reporting estimated progress from `before` towards
        `done` while it runs (in a helper thread: CTranslate2 releases the GIL)."""
        t0 = time.monotonic()
        if progress is None:
            results = self._decode(window, batch, opts)
        else:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="asr-decode") as pool:
                future = pool.submit(self._decode, window, batch, opts)
                while True:
                    try:
                        results = future.result(timeout=TICK)
                        break
                    except FuturesTimeout:
                        share = _expected_share((time.monotonic() - t0) * self.speech_per_second / max(speech, 1e-6))
                        progress(before + share * (done - before))
        elapsed = time.monotonic() - t0
        if speech > 1.0 and elapsed > 0:  # moving average of the measured speed
            self.speech_per_second = 0.5 * self.speech_per_second + 0.5 * speech / elapsed
        return results

    def _decode(self, window: np.ndarray, batch: list[Chunk], opts: TranscribeOptions) -> list[list[Segment]]:
        results = [clean_segments(r, opts) for r in self._run(window, batch, opts)]
        self.stats["chunks"] += len(batch)
        if not (opts.redecode_gaps and opts.word_timestamps):
            return results
        # Utterances the decoder skipped (no words, or far too few: the
        # alignment then stretches a neighbouring word over them) are decoded
        # again, each on its own, and their words put in place of the old ones.
        gaps = [(i, run) for i, c in enumerate(batch) for run in missed_runs(c, results[i], opts)]
        self.stats["redecoded"] += len(gaps)
        for k in range(0, len(gaps), opts.batch_size):
            part = gaps[k : k + opts.batch_size]
            for (i, run), segs in zip(part, self._run(window, [run for _, run in part], opts), strict=True):
                results[i] = merge_redecoded(results[i], clean_segments(segs, opts), run)
        return results

    def _run(self, window: np.ndarray, batch: list[Chunk], opts: TranscribeOptions) -> list[list[Segment]]:
        """Decode chunks in one batch; segments in window seconds, per chunk."""
        audios = [c.audio(window) for c in batch]
        starts = np.cumsum([0] + [len(a) for a in audios[:-1]]) / SAMPLE_RATE
        clips = [
            {"start": float(s), "end": float(s + len(a) / SAMPLE_RATE)} for s, a in zip(starts, audios, strict=True)
        ]
        segments, _info = self.pipeline.transcribe(
            np.concatenate(audios),
            language=opts.language,
            clip_timestamps=clips,
            batch_size=len(batch),
            beam_size=opts.beam_size,
            word_timestamps=opts.word_timestamps,
            without_timestamps=not opts.timestamps,
            initial_prompt=opts.initial_prompt or None,
            hotwords=opts.hotwords or None,
            vad_filter=False,
        )
        fps = self.model.frames_per_second
        seeks = [int(c["start"] * fps) for c in clips]
        out: list[list[Segment]] = [[] for _ in batch]
        pad = opts.vad.speech_pad_ms / 1000
        for seg in segments:
            k = max((j for j, s in enumerate(seeks) if s <= seg.seek), default=0)
            out[k].append(_to_window(seg, batch[k], float(starts[k]), pad))
        return [_monotonic(segs) for segs in out]


def _expected_share(x: float) -> float:
    """Share of a batch shown as done when `x` of its expected time has
    passed: linear to 0.8, then slowing towards 1 without reaching it (a
    batch slower than expected keeps the bar moving, never past its end)."""
    return x if x <= 0.8 else 1.0 - 0.2 * math.exp(-(x - 0.8) / 0.2)


def windows(
    path: str | Path, start: float, opts: TranscribeOptions
) -> Iterator[tuple[float, np.ndarray, list[Region], bool]]:
    """(offset seconds, audio, speech regions, is_last) for ~window_seconds
    pieces of the recording, each ending in a pause."""

    limit = int(opts.window_seconds * SAMPLE_RATE)
    blocks: list[np.ndarray] = []
    held = 0
    offset = float(start)
    for block in iter_pcm(path, start=start, block_seconds=30.0):
        blocks.append(block)
        held += len(block)
        if held < limit:
            continue
        buf = np.concatenate(blocks)
        regions = vad.speech_regions(buf, opts.vad)
        cut = vad.find_cut(regions, len(buf))
        yield offset, buf[:cut], [r for r in regions if r.end <= cut], False
        rest = buf[cut:].copy()
        del buf
        blocks, held = ([rest] if len(rest) else []), len(rest)
        offset += cut / SAMPLE_RATE
    if blocks:
        buf = np.concatenate(blocks)
        yield offset, buf, vad.speech_regions(buf, opts.vad), True


def _to_window(seg, chunk: Chunk, clip_start: float, pad: float = 0.4) -> Segment:
    """A faster-whisper segment (times in the batch's joined audio) → ours,
    in window seconds. A word stays inside one speech region."""
    words = []
    for w in seg.words or []:
        s, e = chunk.place_word(w.start - clip_start, w.end - clip_start, pad)
        words.append(Word(round(float(s), 3), round(float(max(e, s)), 3), w.word, round(float(w.probability), 3)))
    if words:
        start, end = words[0].start, words[-1].end
    else:
        start = chunk.to_window_time(seg.start - clip_start)
        end = chunk.to_window_time(seg.end - clip_start, is_end=True)
    return Segment(
        id=0,
        start=round(start, 3),
        end=round(max(end, start), 3),
        text=seg.text.strip(),
        avg_logprob=round(seg.avg_logprob, 4),
        no_speech_prob=round(seg.no_speech_prob, 4),
        compression_ratio=round(seg.compression_ratio, 3),
        words=words,
    )


def shift_segment(seg: Segment, offset: float) -> Segment:
    """`seg` (and its words) moved by `offset` seconds."""
    if not offset:
        return seg
    words = [replace(w, start=round(w.start + offset, 3), end=round(w.end + offset, 3)) for w in seg.words]
    return replace(seg, start=round(seg.start + offset, 3), end=round(seg.end + offset, 3), words=words)


def _monotonic(segs: list[Segment]) -> list[Segment]:
    """Word times of one chunk never go back (a word placed at a region's
    edge may overlap its neighbour by a few ms); segment spans follow."""
    prev = 0.0
    out = []
    for seg in segs:
        if not seg.words:
            out.append(seg)
            continue
        words = []
        for w in seg.words:
            start = max(w.start, prev)
            words.append(replace(w, start=start, end=max(w.end, start)))
            prev = words[-1].end
        out.append(replace(seg, start=words[0].start, end=words[-1].end, words=words))
    return out


# Vietnamese is read at 4–6 syllables a second; an utterance given fewer than
# one word a second (after its padding) was skipped by the decoder.
MIN_WORDS_PER_SECOND = 1.0


def missed_runs(chunk: Chunk, segs: list[Segment], opts: TranscribeOptions) -> list[Chunk]:
    """Utterances (touching speech regions) long enough to need words that
    got none, or far too few for their length."""
    pad = opts.vad.speech_pad_ms / 1000
    mids = [(w.start + w.end) / 2 for s in segs for w in s.words if norm(w.word)]
    out = []
    for i, j in chunk.runs():
        run = Chunk(chunk.regions[i:j])
        if run.seconds < opts.min_region_seconds:
            continue
        a, b = run.start / SAMPLE_RATE, run.end / SAMPLE_RATE
        inside = sum(1 for m in mids if a <= m <= b)
        if inside < max(1.0, MIN_WORDS_PER_SECOND * (run.seconds - 2 * pad)):
            out.append(run)
    return out


def merge_redecoded(segs: list[Segment], new: list[Segment], run: Chunk) -> list[Segment]:
    """`segs` of a chunk with the words inside `run` replaced by the `new`
    decode of it, when that found more words; segments crossing the run
    are cut there, so every segment stays in time order."""
    a, b = run.start / SAMPLE_RATE, run.end / SAMPLE_RATE

    def inside(w: Word) -> bool:
        return a <= (w.start + w.end) / 2 <= b

    old_count = sum(1 for s in segs for w in s.words if inside(w) and norm(w.word))
    new_count = sum(1 for s in new for w in s.words if norm(w.word))
    if new_count <= old_count:
        return segs
    out: list[Segment] = []
    for seg in segs:
        if not seg.words:
            out.append(seg)
            continue
        before = [w for w in seg.words if (w.start + w.end) / 2 < a]
        after = [w for w in seg.words if (w.start + w.end) / 2 > b]
        for part in (before, after):
            text = words_text(part)
            if part and norm(text):
                out.append(replace(seg, start=part[0].start, end=part[-1].end, text=text, words=part))
    return sorted(out + new, key=lambda s: (s.start, s.end))


def clean_segments(segs: list[Segment], opts: TranscribeOptions) -> list[Segment]:
    """Segments through the loop/hallucination guards; empty ones dropped."""
    out = []
    for s in segs:
        c = clean_segment(s, opts.guard)
        if c is not None and norm(c.text):
            out.append(c)
    return out
