"""Batches across windows (pipeline/batching.py) and how many decoders run
at once (compute_device.decoder_layout)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.batching import batches
from pipeline.compute_device import MAX_DECODERS, decoder_layout
from pipeline.vad import SAMPLE_RATE, Region

S = SAMPLE_RATE


def window(offset: float, seconds: float, speech: list[tuple[float, float]]):
    """(offset, audio, regions, final) as audio_windows.windows yields it;
    the audio holds its sample index so pieces can be traced back."""
    audio = np.arange(int(seconds * S), dtype=np.float32)
    regions = [Region(int(a * S), int(b * S)) for a, b in speech]
    return offset, audio, regions, False


def test_chunks_of_several_windows_fill_one_batch():
    # three 60 s windows, each with two 20 s utterances: 6 chunks of one region
    wins = [window(60.0 * k, 60.0, [(5, 25), (35, 55)]) for k in range(3)]
    out = list(batches(wins, batch_size=4, chunk_seconds=30.0))
    assert [len(b.pieces) for b in out] == [4, 2]
    first = out[0]
    # each piece starts where its chunk does in the recording
    assert [p.offset for p in first.pieces] == [5.0, 35.0, 65.0, 95.0]
    # done in the pause after the fourth chunk (between 55 s and 5 s of the next window)
    assert first.done == pytest.approx(60.0 + 60.0)
    assert out[-1].done == pytest.approx(180.0)
    # each piece is cut from its own window, and holds a copy of its span only
    audio = first.pieces[2].audio()
    assert len(audio) == 20 * S and audio[0] == 5 * S
    assert all(p.window.base is None and len(p.window) == 20 * S for p in first.pieces)


def test_resume_point_is_in_the_pause_before_the_next_chunk():
    wins = [window(0.0, 120.0, [(0, 25), (35, 60), (70, 95), (105, 115)])]
    out = list(batches(wins, batch_size=2, chunk_seconds=30.0))
    assert [len(b.pieces) for b in out] == [2, 2]
    assert out[0].done == pytest.approx((60 + 70) / 2)
    assert out[1].done == pytest.approx(120.0)


def test_silent_windows_move_the_resume_point_on():
    wins = [window(0.0, 60.0, [(10, 20)]), window(60.0, 60.0, []), window(120.0, 60.0, [])]
    out = list(batches(wins, batch_size=4, chunk_seconds=30.0))
    # the waiting chunk takes the silent windows with it: one batch, done at the end
    assert [(len(b.pieces), b.done) for b in out] == [(1, 180.0)]
    # silence with nothing waiting: an empty batch per window, done at its end
    out = list(batches([window(0.0, 60.0, []), window(60.0, 30.0, [])], batch_size=4, chunk_seconds=30.0))
    assert [(len(b.pieces), b.done) for b in out] == [(0, 60.0), (0, 90.0)]


def test_resume_points_increase_and_every_chunk_is_decoded_once():
    rng = np.random.default_rng(3)
    wins, offset = [], 0.0
    for _ in range(12):
        seconds = float(rng.uniform(30, 150))
        starts = np.sort(rng.uniform(0, seconds - 5, size=int(rng.integers(0, 6))))
        speech = []
        for a in starts:
            if not speech or a > speech[-1][1] + 1:
                speech.append((float(a), float(min(a + rng.uniform(1, 4), seconds - 1))))
        wins.append(window(offset, seconds, speech))
        offset += seconds
    out = list(batches(wins, batch_size=3, chunk_seconds=30.0))
    dones = [b.done for b in out]
    assert dones == sorted(dones) and dones[-1] == pytest.approx(offset)
    starts = [p.offset + p.chunk.start / S for b in out for p in b.pieces]
    assert starts == sorted(starts)
    chunks_in = sum(len(w[2]) for w in wins)  # short regions: one chunk can hold several
    regions_out = sum(len(p.chunk.regions) for b in out for p in b.pieces)
    assert regions_out == chunks_in
    assert all(len(b.pieces) == 3 for b in out[:-1] if b.pieces)
    # every piece ends before its batch's resume point
    assert all(p.offset + p.chunk.end / S <= b.done + 1e-9 for b in out for p in b.pieces)


def test_one_decoder_per_cpu_thread_then_threads_shared_out_and_one_on_a_gpu():
    assert decoder_layout("cpu", 1) == (1, 1)
    assert decoder_layout("cpu", 2) == (2, 1)
    assert decoder_layout("cpu", MAX_DECODERS) == (MAX_DECODERS, 1)
    for threads in range(1, 65):
        decoders, each = decoder_layout("cpu", threads)
        assert decoders <= MAX_DECODERS and decoders * each <= threads
        assert threads - decoders * each < each  # fewer cores idle than one decoder's share
    assert decoder_layout("cpu", 6) == (3, 2) and decoder_layout("cpu", 8) == (4, 2)
    assert decoder_layout("cuda", 16) == (1, 0)
