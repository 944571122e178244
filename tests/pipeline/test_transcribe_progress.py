"""Progress that moves (issue 12): reports arrive while batches decode, not
only when a batch is finished, and never go back."""

from __future__ import annotations

import time
from pathlib import Path

import audiobuild
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "doi-thoai-mau.ogg"


@pytest.fixture(scope="module")
def transcriber():
    from doithoai.services.recognition import get_transcriber

    return get_transcriber()


@pytest.mark.slow
def test_progress_moves_during_each_batch(transcriber, tmp_path):
    rec = audiobuild.build(minutes=1.5, seed=5, long_silence=6.0)
    wav = rec.write_wav(tmp_path / "dai.wav")
    # one chunk per batch, so the short recording gives several batches
    opts = transcriber.with_options(window_seconds=30.0, batch_size=1)
    events: list[tuple[str, float]] = []
    for step in transcriber.steps(wav, 0.0, opts, lambda done: events.append(("tick", done))):
        events.append(("step", step.done))
    steps = [d for kind, d in events if kind == "step"]
    ticks = [d for kind, d in events if kind == "tick"]
    assert len(steps) >= 3  # several batches
    assert steps[-1] == pytest.approx(rec.duration, abs=0.05)
    values = [d for _, d in events]
    assert values == sorted(values), "progress went back"
    # estimates arrive between the resume points, inside most batches
    between = sum(1 for a, b in zip([0.0] + steps, steps, strict=False) if any(a < t < b for t in ticks))
    assert between >= len(steps) // 2, events
    assert all(0.0 <= t <= rec.duration for t in ticks)


@pytest.mark.slow
def test_short_file_bar_does_not_sit_at_zero(tmp_path):
    """The 55 s sample is one window and one batch: the bar used to stay at
    0 % until the end."""
    from doithoai.services.recognition import transcribe_file

    reports: list[tuple[float, float, float]] = []
    t0 = time.monotonic()
    transcribe_file(
        SAMPLE, tmp_path, formats="json", progress=lambda d, t: reports.append((d, t, time.monotonic() - t0))
    )
    total = reports[-1][1]
    assert reports[-1][0] == pytest.approx(total)
    done = [d for d, _, _ in reports]
    assert done == sorted(done)
    middle = [d for d in done if 0.0 < d < total]
    assert len(middle) >= 3, reports
