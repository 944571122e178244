"""Vietnamese transcription with faster-whisper, for recordings of any length.

`Transcriber` loads a model once and turns a recording into finished
segments, as a generator:

1. the audio is streamed (audio_windows.py) in windows of ~2 minutes, each
   cut in the middle of a pause, so memory stays bounded and no speech is
   split;
2. Silero VAD finds the speech; consecutive speech regions are joined into
   ≤30 s chunks (silence never reaches the model, so nothing is invented in
   it);
3. chunks are decoded in batches with `BatchedInferencePipeline` (int8 on
   CPU, the fastest correct mode measured; see docs/transcription.md);
4. words are timed by Whisper's alignment on the joined audio and mapped
   back into one speech region each (`Chunk.place_word`, chunk_segments.py);
5. each chunk is checked: an utterance (touching regions) of ≥1.5 s that got
   no words, or far too few (the decoder skipped it, and the alignment
   stretched a neighbour over it), is decoded again on its own and its
   words replace the old ones there, segments cut around it so time order
   holds (redecode.py); `hallucination.clean_segment`
   cuts loops and known invented phrases from every segment.

After each batch a `Step` says which segments are final and up to which
second everything is done: the resume point for `checkpoint`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import vad
from pipeline.audio_windows import windows
from pipeline.chunk_segments import clean_segments, monotonic_words, shift_segment, to_window_segment
from pipeline.compute_device import cpu_cores, pick_device
from pipeline.decode_progress import run_with_progress
from pipeline.errors import ModelError
from pipeline.messages import asr as msg
from pipeline.model_registry import resolve_model
from pipeline.redecode import merge_redecoded, missed_runs
from pipeline.transcribe_options import TranscribeOptions
from pipeline.transcript import Segment
from pipeline.vad import SAMPLE_RATE, Chunk, Region


@dataclass
class Step:
    """Segments finished by one batch; all audio before `done` is final."""

    segments: list[Segment]
    done: float
    decoded: float = 0.0  # seconds of speech sent to the model in this step


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
        `decode_progress.TICK` seconds while a batch decodes: an estimate of
        how far into the recording the work is, from the speed of the batches
        before (a batch of four 30 s chunks takes ~10 s on 2 cores; Step.done
        alone would leave a bar still that long, or for a whole short file)."""
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
            expected = max(speech, 1e-6) / self.speech_per_second
            results = run_with_progress(partial(self._decode, window, batch, opts), progress, before, done, expected)
        elapsed = time.monotonic() - t0
        if speech > 1.0 and elapsed > 0:  # moving average of the measured speed
            self.speech_per_second = 0.5 * self.speech_per_second + 0.5 * speech / elapsed
        return results

    def _decode(self, window: np.ndarray, batch: list[Chunk], opts: TranscribeOptions) -> list[list[Segment]]:
        results = [clean_segments(r, opts.guard) for r in self._run(window, batch, opts)]
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
                results[i] = merge_redecoded(results[i], clean_segments(segs, opts.guard), run)
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
            out[k].append(to_window_segment(seg, batch[k], float(starts[k]), pad))
        return [monotonic_words(segs) for segs in out]
