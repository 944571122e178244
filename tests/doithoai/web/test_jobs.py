"""Background transcription jobs through the real Huey queue: SQLite and
Redis, an embedded consumer, cancel/retry, recovery after a killed worker,
bad recordings and exclusive claims. Real ASR on short clips."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from servers import fresh_redis_url, redis_url  # noqa: F401 - pytest fixtures
from sqlalchemy import select, update

from doithoai.jobs import execution, lifecycle, states
from doithoai.jobs.consumer import start_embedded_consumer
from doithoai.jobs.queue import get_huey
from doithoai.jobs.states import FINISHED, STALE_SECONDS
from doithoai.services import transcript_import
from doithoai.services.transcription_jobs import job_view, run_transcription_job
from doithoai.settings import load_settings
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import (
    ItemRow,
    JobRow,
    JobState,
    MeetingRow,
    RecordingRow,
    SegmentRow,
    SpeakerRow,
    utcnow,
)
from pipeline import audio
from pipeline.checkpoint import checkpoint_path
from pipeline.errors import BadInputError, UserError

ROOT = Path(__file__).resolve().parents[3]
MEETING_TOML = ROOT / "samples" / "binh-thanh.toml"
SAMPLE = ROOT / "samples" / "doi-thoai-mau.ogg"  # 55 s of dialogue


def wait_for(settings, job_id: int, states=FINISHED, limit: float = 300.0) -> JobRow:
    """Poll the job row until it reaches one of `states` (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with session_scope(settings.database_url) as s:
            job = s.get(JobRow, job_id)
            if job.state in states:
                s.expunge(job)
                return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {states}")


@pytest.fixture(scope="module")
def long_recording(tmp_path_factory) -> Path:
    """~130 s: the sample twice and its first 20 s, so the ASR runs in two windows (120 s each)."""
    out = tmp_path_factory.mktemp("long") / "long.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(SAMPLE),
            "-i",
            str(SAMPLE),
            "-t",
            "20",
            "-i",
            str(SAMPLE),
            "-filter_complex",
            "[0:a][1:a][2:a]concat=n=3:v=0:a=1",
            "-ac",
            "1",
            "-ar",
            "16000",
            str(out),
        ],
        check=True,
    )
    return out


@pytest.fixture
def settings(tmp_path):
    s = load_settings(tmp_path / "data", env={})
    s.ensure_dirs()
    migrate(s.database_url)
    return s


@pytest.fixture
def progress_log():
    """Every progress report of jobs run in this process: (job id, done, total, thread)."""
    seen: list[tuple[int, float, float, int]] = []

    def listen(job_id: int, done: float, total: float) -> None:
        seen.append((job_id, done, total, threading.get_ident()))

    execution.add_progress_listener(listen)
    yield seen
    execution.remove_progress_listener(listen)


def add_meeting(settings, source: Path, name: str = "ghi-am.wav") -> tuple[int, int]:
    """A MeetingRow row (the sample meeting file) and a RecordingRow of `source` copied into the data folder."""
    rel = Path("recordings") / name
    shutil.copyfile(source, settings.data_dir / rel)
    with session_scope(settings.database_url) as s:
        m = MeetingRow(
            title="Đối thoại thôn Phước Hòa", date=dt.date(2024, 9, 20), config=MEETING_TOML.read_text(encoding="utf-8")
        )
        s.add(m)
        s.flush()
        r = RecordingRow(
            meeting_id=m.id,
            original_name=name,
            path=str(rel),
            size=source.stat().st_size,
            sha256="0" * 64,
            duration=0.0,
        )
        s.add(r)
        s.flush()
        return m.id, r.id


def new_job(settings, source: Path) -> tuple[int, int]:
    """(meeting id, job id) of a job created and enqueued by the service."""
    meeting_id, rec_id = add_meeting(settings, source)
    with session_scope(settings.database_url) as s:
        job = lifecycle.enqueue_transcription(s, settings, meeting_id, rec_id, None)
        assert job.state == "queued"
        return meeting_id, job.id


def segments_of(settings, meeting_id: int) -> list[SegmentRow]:
    with session_scope(settings.database_url) as s:
        in_use = s.get(MeetingRow, meeting_id).transcript_id  # the transcript the meeting uses
        rows = list(s.scalars(select(SegmentRow).where(SegmentRow.transcript_id == in_use).order_by(SegmentRow.idx)))
        s.expunge_all()
        return rows


def assert_transcribed(settings, meeting_id: int, job: JobRow) -> None:
    assert job.state == "done", job.message
    segs = segments_of(settings, meeting_id)
    assert segs and all(seg.text and seg.text == seg.asr_text for seg in segs)
    assert any(seg.words for seg in segs)
    assert job.total_seconds > 0 and job.done_seconds == pytest.approx(job.total_seconds)
    assert job_view(job)["percent"] == 100.0


@pytest.mark.slow
def test_job_runs_through_sqlite_queue_with_embedded_consumer(settings, progress_log):
    meeting_id, job_id = new_job(settings, SAMPLE)
    assert get_huey(settings).pending_count() == 1  # the id is on the SQLite queue
    handle = start_embedded_consumer(settings, run_transcription_job, workers=1)
    try:
        job = wait_for(settings, job_id)
    finally:
        assert handle.stop()
    assert_transcribed(settings, meeting_id, job)
    assert job.attempts == 1 and job.worker and job.finished_at is not None
    reports = [(d, t) for j, d, t, _ in progress_log if j == job_id]
    assert reports[0][0] == 0.0 and reports[-1][0] == pytest.approx(reports[-1][1], abs=0.1)
    assert reports[-1][1] == pytest.approx(audio.probe(SAMPLE).duration, abs=0.05)
    # The transcript files are in the meeting's folder, the checkpoint is gone.
    assert (settings.meetings_dir / str(meeting_id) / "ghi-am.json").is_file()
    assert not checkpoint_path(settings.meetings_dir / str(meeting_id), "ghi-am").exists()


def test_job_runs_through_redis_queue(tmp_path, fresh_redis_url):  # noqa: F811
    settings = load_settings(tmp_path / "data", env={"REDIS_URL": fresh_redis_url})
    settings.ensure_dirs()
    migrate(settings.database_url)
    assert type(get_huey(settings)).__name__ == "RedisHuey"
    clip = ROOT / "tests" / "data" / "speech-vi" / "example_4.wav"
    meeting_id, job_id = new_job(settings, clip)
    assert get_huey(settings).pending_count() == 1
    handle = start_embedded_consumer(settings, run_transcription_job, workers=1)
    try:
        job = wait_for(settings, job_id)
    finally:
        assert handle.stop()
    assert_transcribed(settings, meeting_id, job)
    assert get_huey(settings).pending_count() == 0
    assert not settings.queue_path.exists()  # nothing went through the SQLite queue


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_worker_command_serves_the_sqlite_queue_from_another_process(settings):
    """`doithoai worker --data DIR` in its own process takes jobs the server enqueued."""
    import os
    import signal
    import sys

    clip = ROOT / "tests" / "data" / "speech-vi" / "example_1.wav"
    meeting_id, job_id = new_job(settings, clip)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "DOITHOAI_DATA")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from doithoai.cli import main; sys.exit(main())",
            "worker",
            "--data",
            str(settings.data_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        job = wait_for(settings, job_id)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Worker đã chạy" in err and "Worker đã dừng." in err
    assert_transcribed(settings, meeting_id, job)
    assert job.worker.endswith(f":{proc.pid}")


@pytest.mark.slow
def test_cancel_while_running_then_retry(settings, progress_log):
    meeting_id, job_id = new_job(settings, SAMPLE)

    def cancel_at_first_report(jid: int, done: float, total: float) -> None:
        if jid == job_id and len([p for p in progress_log if p[0] == jid]) == 1:
            with session_scope(settings.database_url) as s:
                assert lifecycle.cancel_job(s, jid).cancel_requested

    execution.add_progress_listener(cancel_at_first_report)
    try:
        assert run_transcription_job(settings, job_id) == "cancelled"
    finally:
        execution.remove_progress_listener(cancel_at_first_report)
    with session_scope(settings.database_url) as s:
        job = s.get(JobRow, job_id)
        assert job.state == "cancelled" and not job.cancel_requested and job.message
        assert job_view(job)["finished"]
        with pytest.raises(UserError):
            lifecycle.cancel_job(s, job_id)
    assert segments_of(settings, meeting_id) == []
    assert run_transcription_job(settings, job_id) is None  # a cancelled job is not claimed again

    handle = start_embedded_consumer(settings, run_transcription_job)
    try:
        with session_scope(settings.database_url) as s:
            assert lifecycle.retry_job(s, settings, job_id).state == "queued"
        job = wait_for(settings, job_id)
    finally:
        assert handle.stop()
    assert_transcribed(settings, meeting_id, job)
    assert job.attempts == 2
    with session_scope(settings.database_url) as s, pytest.raises(UserError):
        lifecycle.retry_job(s, settings, job_id)  # done: nothing to retry


def test_cancel_queued_job_at_once(settings):
    meeting_id, job_id = new_job(settings, SAMPLE)
    with session_scope(settings.database_url) as s:
        job = lifecycle.cancel_job(s, job_id)
        assert job.state == "cancelled" and job.finished_at is not None
    assert run_transcription_job(settings, job_id) is None
    assert segments_of(settings, meeting_id) == []


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_killed_worker_is_recovered_and_resumes_from_checkpoint(settings, progress_log, long_recording):
    meeting_id, job_id = new_job(settings, long_recording)
    out_dir = settings.meetings_dir / str(meeting_id)
    ckpt = checkpoint_path(out_dir, "ghi-am")

    def cancel_after_first_window(jid: int, done: float, total: float) -> None:
        # Progress is also estimated inside a window: wait for the first checkpointed step.
        if jid == job_id and 0 < done < total and ckpt.is_file():
            with session_scope(settings.database_url) as s:
                lifecycle.cancel_job(s, jid)

    execution.add_progress_listener(cancel_after_first_window)
    try:
        assert run_transcription_job(settings, job_id) == "cancelled"
    finally:
        execution.remove_progress_listener(cancel_after_first_window)
    assert ckpt.is_file()
    partial_done = json.loads(ckpt.read_text(encoding="utf-8").splitlines()[-1])["done"]
    assert 0 < partial_done < audio.probe(long_recording).duration

    # The worker "died" mid-run: the row says running, its heartbeat is old, and
    # the queue no longer holds the job's id (the dead worker had taken it).
    old = utcnow() - dt.timedelta(seconds=STALE_SECONDS + 60)
    with session_scope(settings.database_url) as s:
        s.execute(update(JobRow).where(JobRow.id == job_id).values(state="running", heartbeat_at=old, finished_at=None))
    get_huey(settings).flush()
    progress_log.clear()
    assert lifecycle.recover_jobs(settings) == [job_id]
    assert get_huey(settings).pending_count() == 1
    handle = start_embedded_consumer(settings, run_transcription_job)
    try:
        job = wait_for(settings, job_id)
    finally:
        assert handle.stop()
    assert_transcribed(settings, meeting_id, job)
    resumed = [d for j, d, t, _ in progress_log if j == job_id]
    assert resumed[0] == pytest.approx(partial_done)  # started at the checkpoint, not at 0
    assert not ckpt.exists()
    assert segments_of(settings, meeting_id)[-1].end > partial_done
    assert lifecycle.recover_jobs(settings) == []  # nothing left to recover


def test_fresh_running_job_is_not_recovered(settings):
    _, job_id = new_job(settings, SAMPLE)
    with session_scope(settings.database_url) as s:
        s.execute(update(JobRow).where(JobRow.id == job_id).values(state="running", heartbeat_at=utcnow()))
    assert lifecycle.recover_jobs(settings) == []
    assert run_transcription_job(settings, job_id) is None  # its (live) worker keeps it


def test_corrupt_recording_fails_with_vietnamese_message(settings, tmp_path):
    bad = tmp_path / "hong.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8)
    meeting_id, job_id = new_job(settings, bad)
    with pytest.raises(BadInputError) as expected:
        audio.probe(settings.data_dir / "recordings" / "ghi-am.wav")
    assert run_transcription_job(settings, job_id) == "failed"
    with session_scope(settings.database_url) as s:
        job = s.get(JobRow, job_id)
        assert job.state == "failed"
        assert job.message == str(expected.value)
        assert any(ch in job.message for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")
        assert job_view(job)["finished"] and job_view(job)["state_label"]
    assert segments_of(settings, meeting_id) == []


@pytest.mark.slow
def test_claim_is_exclusive(settings, progress_log):
    clip = ROOT / "tests" / "data" / "speech-vi" / "example_2.wav"
    meeting_id, job_id = new_job(settings, clip)
    start = threading.Barrier(2)
    results: list[str | None] = []

    def run() -> None:
        start.wait()
        results.append(run_transcription_job(settings, job_id))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == [None, "done"]
    assert len({thread for j, _, _, thread in progress_log if j == job_id}) == 1  # one transcription ran
    with session_scope(settings.database_url) as s:
        assert s.get(JobRow, job_id).attempts == 1
    first = [seg.id for seg in segments_of(settings, meeting_id)]
    assert first
    assert run_transcription_job(settings, job_id) is None  # done: an extra queue message does nothing
    assert [seg.id for seg in segments_of(settings, meeting_id)] == first


def test_import_keeps_reviewed_items_and_replaces_auto_ones(settings):
    from pipeline.transcript import ModelInfo, Source, Transcript, Word
    from pipeline.transcript import Segment as TSeg

    meeting_id, _ = add_meeting(settings, SAMPLE)
    text = (
        "Tôi là Nguyễn Văn Ba ở thôn Phước Hòa, đề nghị xã sớm sửa con đường liên thôn "
        "bị sạt lở, mùa mưa bà con đi lại rất khó khăn."
    )
    transcript = Transcript(
        Source("a.wav", "0" * 64, 30.0),
        ModelInfo("m"),
        [
            TSeg(0, 0.0, 10.0, text, words=[Word(0.0, 0.5, "Tôi", 0.9, "SPK1")], speaker="SPK1"),
            TSeg(1, 10.0, 20.0, "Cảm ơn bà con, xã sẽ kiểm tra và trả lời.", speaker="SPK2"),
        ],
    )
    with session_scope(settings.database_url) as s:
        first = transcript_import.import_transcript(s, meeting_id, transcript)
    assert first.segments == 2 and first.speakers == 2 and first.items >= 1
    with session_scope(settings.database_url) as s:
        auto = list(s.scalars(select(ItemRow).where(ItemRow.meeting_id == meeting_id)))
        assert all(i.review == "auto" for i in auto)
        auto[0].review = "accepted"
        auto[0].text = "Sửa đường liên thôn (đã sửa tay)"
        s.add(ItemRow(meeting_id=meeting_id, key="tay-1", kind="kien_nghi", text="Ý kiến thêm tay", review="added"))
        speakers = {
            sp.label: sp.name for sp in s.scalars(select(SpeakerRow).where(SpeakerRow.meeting_id == meeting_id))
        }
        assert set(speakers) == {"SPK1", "SPK2"}
    with session_scope(settings.database_url) as s:
        again = transcript_import.import_transcript(s, meeting_id, transcript)
    with session_scope(settings.database_url) as s:
        items = list(s.scalars(select(ItemRow).where(ItemRow.meeting_id == meeting_id)))
        texts = {i.key: (i.review, i.text) for i in items}
    assert texts[auto[0].key] == ("accepted", "Sửa đường liên thôn (đã sửa tay)")
    assert texts["tay-1"] == ("added", "Ý kiến thêm tay")
    assert again.kept_items == 2 and len(items) == 2 + again.items
    # the reviewed item's stretch is not extracted a second time
    assert not any(i.review == "auto" and i.start == auto[0].start for i in items)
    assert len(segments_of(settings, meeting_id)) == 2


def test_job_of_a_dead_process_on_this_machine_is_recovered_at_once(settings):
    """A restarted server need not wait STALE_SECONDS: its old process is gone."""
    import os
    import socket

    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    cases = {f"{host}:{dead.pid}": True, f"{host}:{os.getpid()}": False, f"may-khac:{dead.pid}": False}
    for worker, recovered in cases.items():
        _, job_id = new_job(settings, SAMPLE)
        with session_scope(settings.database_url) as s:
            s.execute(
                update(JobRow).where(JobRow.id == job_id).values(state="running", heartbeat_at=utcnow(), worker=worker)
            )
        assert (job_id in lifecycle.recover_jobs(settings)) is recovered, worker
        with session_scope(settings.database_url) as s:
            assert s.get(JobRow, job_id).state == ("queued" if recovered else "running")


def test_stored_progress_never_goes_back_when_a_later_stage_reports_from_zero(settings):
    """With speakers on, diarization reports again from 0 after the ASR reached the end."""
    _, job_id = new_job(settings, SAMPLE)
    with session_scope(settings.database_url) as s:
        s.execute(update(JobRow).where(JobRow.id == job_id).values(state="running", attempts=1))
    progress = execution.Progress(settings, job_id, 1)
    for done in (0.0, 30.0, 55.0, 5.0, 20.0):
        progress(done, 55.0)
        with session_scope(settings.database_url) as s:
            job = s.get(JobRow, job_id)
            seen = (job.done_seconds, job.eta_seconds)
    assert seen[0] == 55.0 and seen[1] is None


def test_the_queue_runs_the_runner_the_composition_root_gives_it(settings):
    """The queue imports no service: a consumer runs what it was given, on the job id the app enqueued."""
    seen: list[tuple[Path, int]] = []
    ran = threading.Event()

    def runner(s, job_id: int) -> None:
        seen.append((s.data_dir, job_id))
        ran.set()

    _, job_id = new_job(settings, SAMPLE)
    handle = start_embedded_consumer(settings, runner)
    try:
        assert ran.wait(60)
    finally:
        assert handle.stop()
    assert seen == [(settings.data_dir, job_id)]
    with session_scope(settings.database_url) as s:
        assert s.get(JobRow, job_id).state == JobState.QUEUED  # the runner did nothing to it


def test_a_job_moves_only_along_the_state_machine(settings):
    """transition() refuses a move states.NEXT does not allow, and moves a job only from a state it expects."""
    _, job_id = new_job(settings, SAMPLE)
    assert set(states.NEXT) == set(JobState) and not states.NEXT[JobState.DONE]

    def state_now(s) -> str:
        return s.scalar(select(JobRow.state).where(JobRow.id == job_id))

    for start in JobState:
        for to in JobState:
            with session_scope(settings.database_url) as s:
                s.execute(update(JobRow).where(JobRow.id == job_id).values(state=start, heartbeat_at=utcnow()))
                if to not in states.NEXT[start]:
                    with pytest.raises(ValueError):
                        states.transition(s, job_id, to, expect=start)
                    assert state_now(s) == start
                    continue
                elsewhere = next(x for x in JobState if x != start)
                s.execute(update(JobRow).where(JobRow.id == job_id).values(state=elsewhere))
                assert not states.transition(s, job_id, to, expect=start)
                assert state_now(s) == elsewhere
                s.execute(update(JobRow).where(JobRow.id == job_id).values(state=start))
                assert states.transition(s, job_id, to, expect=start, message="x")
                assert state_now(s) == to
