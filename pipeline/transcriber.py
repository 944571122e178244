"""Vietnamese transcription with faster-whisper, for recordings of any length.

`Transcriber` loads a model once and turns a recording into finished
segments, as a generator:

1. the audio is streamed (audio_windows.py) in windows of ~2 minutes, each
   cut in the middle of a pause, so memory stays bounded and no speech is
   split;
2. Silero VAD finds the speech; consecutive speech regions are joined into
   ≤30 s chunks (silence never reaches the model, so nothing is invented in
   it), and chunks of consecutive windows are gathered into full batches
   (batching.py);
3. batches are decoded with `BatchedInferencePipeline` (int8 on CPU, the
   fastest correct mode measured; see docs/transcription.md) by several
   decoders at once, one per core (compute_device.decoder_layout), while
   this thread reads and segments the next window;
4. words are timed by Whisper's alignment on the joined audio and mapped
   back into one speech region each (`Chunk.place_word`, chunk_segments.py);
5. each chunk is checked: an utterance (touching regions) of ≥1.5 s that got
   no words, or far too few (the decoder skipped it, and the alignment
   stretched a neighbour over it), is decoded again on its own and its
   words replace the old ones there, segments cut around it so time order
   holds (redecode.py); `hallucination.clean_segment`
   cuts loops and known invented phrases from every segment.

Batches finish in time order: after each a `Step` says which segments are
final and up to which second everything is done, the resume point for
`checkpoint`.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.audio_windows import windows
from pipeline.batching import Batch, Piece, batches
from pipeline.chunk_segments import clean_segments, monotonic_words, shift_segment, to_window_segment
from pipeline.compute_device import cpu_cores, decoder_layout, pick_device
from pipeline.decode_progress import wait_with_progress
from pipeline.errors import ModelError
from pipeline.messages import asr as msg
from pipeline.model_registry import resolve_model
from pipeline.redecode import merge_redecoded, missed_runs
from pipeline.transcribe_options import TranscribeOptions
from pipeline.transcript import Segment
from pipeline.vad import SAMPLE_RATE


@dataclass
class Step:
    """Segments finished by one batch; all audio before `done` is final."""

    segments: list[Segment]
    done: float


@dataclass
class _Job:
    """A batch handed to a decoder thread."""

    batch: Batch
    future: Future[list[list[Segment]]] = field(default_factory=Future)
    started: float | None = None  # set by the decoder thread
    finished: float | None = None  # likewise
    redecoded: int = 0


class Transcriber:
    """Load a Whisper model once; transcribe files as a stream of finished
    segments."""

    def __init__(
        self,
        model: str | None = None,
        device: str = "auto",
        options: TranscribeOptions | None = None,
        cpu_threads: int | None = None,
    ) -> None:
        from pipeline.whisper_model import ChunkwiseEncoderModel  # lazy: faster-whisper ~1 s; `--help` stays quick

        self.ref = resolve_model(model)
        self.device, self.compute_type = pick_device(device)
        self.options = options or TranscribeOptions()
        self.workers, threads_each = decoder_layout(self.device, cpu_threads or cpu_cores())
        try:
            # one model, its weights shared by `workers` decoders that run at once
            self.model = ChunkwiseEncoderModel(
                str(self.ref.path),
                device=self.device,
                compute_type=self.compute_type,
                cpu_threads=threads_each,
                num_workers=self.workers,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(msg.model_load_failed(self.ref.name, self.ref.path, self.device, exc)) from None
        self._local = threading.local()  # one BatchedInferencePipeline per decoder thread
        self.stats = {"chunks": 0, "redecoded": 0}
        # seconds of speech one decoder gets through per second (learnt per batch)
        self.speech_per_second = 3.0

    @property
    def model_name(self) -> str:
        return self.ref.name

    def with_options(self, **changes: Any) -> TranscribeOptions:
        return replace(self.options, **changes)

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
        `decode_progress.TICK` seconds while a batch decodes: an estimate of
        how far into the recording the work is, from the speed of the batches
        before (Step.done alone would leave a bar still for a whole batch,
        or a whole short file)."""
        opts = options or self.options
        queue: deque[_Job] = deque()
        before = float(start)
        with ThreadPoolExecutor(self.workers, thread_name_prefix="asr-decode") as pool:
            try:
                todo = batches(windows(path, start, opts), opts.batch_size, opts.chunk_seconds)
                for batch in itertools.chain(todo, [None]):  # None: the recording is read, drain
                    if batch is not None:
                        queue.append(self._submit(pool, batch, opts))
                    # every decoder busy and one batch waiting: read on only then
                    while len(queue) > (self.workers if batch is not None else 0):
                        step = self._finish(queue.popleft(), before, progress)
                        before = step.done
                        yield step
            finally:  # a caller that stops early leaves no batch queued
                for job in queue:
                    job.future.cancel()

    # -- batches -----------------------------------------------------------
    def _submit(self, pool: ThreadPoolExecutor, batch: Batch, opts: TranscribeOptions) -> _Job:
        job = _Job(batch)
        if not batch.pieces:
            job.started = time.monotonic()
            job.future.set_result([])
        else:
            job.future = pool.submit(self._decode, job, opts)
        return job

    def _finish(self, job: _Job, before: float, progress: Callable[[float], None] | None) -> Step:
        """Wait for `job` (reporting estimated progress from `before` towards
        its resume point) and learn the decoders' speed from it."""
        speech = job.batch.speech
        expected = max(speech, 1e-6) / self.speech_per_second
        results = wait_with_progress(job.future, lambda: job.started, progress, before, job.batch.done, expected)
        # the decoder's own time (a batch may wait, finished, behind an earlier one)
        elapsed = (job.finished or 0.0) - (job.started or 0.0)
        if speech > 1.0 and elapsed > 0:  # moving average of the measured speed
            self.speech_per_second = 0.5 * self.speech_per_second + 0.5 * speech / elapsed
        self.stats["chunks"] += len(job.batch.pieces)
        self.stats["redecoded"] += job.redecoded
        return Step([s for segs in results for s in segs], job.batch.done)

    def _decode(self, job: _Job, opts: TranscribeOptions) -> list[list[Segment]]:
        """Segments of each piece of a batch, in recording seconds (runs on a
        decoder thread)."""
        job.started = time.monotonic()
        pieces = job.batch.pieces
        results = [clean_segments(r, opts.guard) for r in self._run(pieces, opts)]
        if opts.redecode_gaps and opts.word_timestamps:
            # Utterances the decoder skipped (no words, or far too few: the
            # alignment then stretches a neighbouring word over them) are decoded
            # again, each on its own, and their words put in place of the old ones.
            gaps = [(i, p.part(run)) for i, p in enumerate(pieces) for run in missed_runs(p.chunk, results[i], opts)]
            job.redecoded = len(gaps)
            for k in range(0, len(gaps), opts.batch_size):
                part = gaps[k : k + opts.batch_size]
                for (i, run), segs in zip(part, self._run([run for _, run in part], opts), strict=True):
                    results[i] = merge_redecoded(results[i], clean_segments(segs, opts.guard), run.chunk)
        job.finished = time.monotonic()
        return [[shift_segment(s, p.offset) for s in segs] for p, segs in zip(pieces, results, strict=True)]

    def _run(self, pieces: list[Piece], opts: TranscribeOptions) -> list[list[Segment]]:
        """Decode pieces in one batch; segments in window seconds, per piece."""
        audios = [p.audio() for p in pieces]
        starts = np.cumsum([0] + [len(a) for a in audios[:-1]]) / SAMPLE_RATE
        clips = [
            {"start": float(s), "end": float(s + len(a) / SAMPLE_RATE)} for s, a in zip(starts, audios, strict=True)
        ]
        segments, _info = self._pipeline().transcribe(
            np.concatenate(audios),
            language=opts.language,
            clip_timestamps=clips,
            batch_size=len(pieces),
            beam_size=opts.beam_size,
            word_timestamps=opts.word_timestamps,
            without_timestamps=not opts.timestamps,
            initial_prompt=opts.initial_prompt or None,
            hotwords=opts.hotwords or None,
            vad_filter=False,
        )
        fps = self.model.frames_per_second
        seeks = [int(c["start"] * fps) for c in clips]
        out: list[list[Segment]] = [[] for _ in pieces]
        pad = opts.vad.speech_pad_ms / 1000
        for seg in segments:
            k = max((j for j, s in enumerate(seeks) if s <= seg.seek), default=0)
            out[k].append(to_window_segment(seg, pieces[k].chunk, float(starts[k]), pad))
        return [monotonic_words(segs) for segs in out]

    def _pipeline(self) -> Any:
        """This thread's BatchedInferencePipeline (it keeps per-call state)."""
        pipe = getattr(self._local, "pipeline", None)
        if pipe is None:
            from faster_whisper import BatchedInferencePipeline  # lazy: loaded with the model already

            pipe = self._local.pipeline = BatchedInferencePipeline(self.model)
        return pipe
