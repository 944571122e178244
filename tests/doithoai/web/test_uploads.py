"""Recording uploads (streamed, size limit, type checks with real ffprobe,
path tricks in the file name) and the audio route with HTTP Range.

The queue's `enqueue` is replaced by a recorder so no transcription runs here:
the JobRow row is made by the real service; test_jobs.py runs real jobs."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select
from webbuild import make_meeting

from doithoai.jobs import lifecycle, queue
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, JobRow, RecordingRow

ROOT = Path(__file__).resolve().parents[3]
WAV = ROOT / "tests" / "data" / "speech-vi" / "example_1.wav"
OGG = ROOT / "samples" / "doi-thoai-mau.ogg"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


@pytest.fixture
def mid(web_settings, app) -> int:
    return make_meeting(web_settings)


def upload(client, mid: int, body, name: str | None, csrf: bool = True, **headers):
    h = {"accept": "application/json", "content-type": "application/octet-stream", **headers}
    if name is not None:
        h["x-filename"] = quote(name, safe="")
    if csrf:
        h["x-csrf-token"] = client.csrf
    return client.post(f"/meetings/{mid}/recordings", content=body, headers=h)


def recordings(settings) -> list[RecordingRow]:
    with session_scope(settings.database_url) as db:
        return list(db.scalars(select(RecordingRow).order_by(RecordingRow.id)))


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_nothing_kept(settings) -> None:
    assert recordings(settings) == []
    assert files_under(settings.tmp_dir) == []
    assert files_under(settings.recordings_dir) == []
    with session_scope(settings.database_url) as db:
        assert list(db.scalars(select(JobRow))) == []
        assert list(db.scalars(select(AuditRow).where(AuditRow.entity == "recording"))) == []


@pytest.mark.parametrize("source", [WAV, OGG])
def test_upload_real_recording_queues_a_job(clients, web_settings, mid, sent, source):
    data = source.read_bytes()
    r = upload(clients["thu_ky"], mid, data, f"Hội nghị thôn {source.name}")
    assert r.status_code == 200, r.text
    body = r.json()
    [rec] = recordings(web_settings)
    assert body["recording_id"] == rec.id and body["redirect"].startswith(f"/meetings/{mid}?ok=")
    assert rec.original_name == f"Hội nghị thôn {source.name}"
    assert rec.size == len(data) and rec.sha256 == hashlib.sha256(data).hexdigest()
    assert rec.path == f"recordings/{mid}/{rec.id}{source.suffix}"
    assert (web_settings.data_dir / rec.path).read_bytes() == data
    expected = float(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(source)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert abs(rec.duration - expected) < 0.1
    with session_scope(web_settings.database_url) as db:
        [job] = list(db.scalars(select(JobRow)))
        assert (job.id, job.state, job.recording_id, job.meeting_id) == (body["job_id"], "queued", rec.id, mid)
        [entry] = list(db.scalars(select(AuditRow).where(AuditRow.entity == "recording")))
        assert entry.action == "upload" and entry.after["sha256"] == rec.sha256 and entry.meeting_id == mid
    assert sent == [body["job_id"]]
    assert files_under(web_settings.tmp_dir) == []
    page = clients["thu_ky"].get(f"/meetings/{mid}")
    assert rec.original_name in page.text and f'data-job="{body["job_id"]}"' in page.text


def test_empty_upload(clients, web_settings, mid, sent):
    r = upload(clients["thu_ky"], mid, b"", "hop.wav")
    assert r.status_code == 400 and "rỗng" in r.json()["detail"]
    assert_nothing_kept(web_settings)
    assert sent == []


def test_too_large_upload(clients, web_settings, mid, sent):
    web_settings.max_upload_bytes = 50_000
    data = WAV.read_bytes()
    assert len(data) > web_settings.max_upload_bytes
    r = upload(clients["thu_ky"], mid, data, "hop.wav")  # refused from Content-Length
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]

    def chunks():  # no Content-Length: refused while streaming
        for i in range(0, len(data), 8192):
            yield data[i : i + 8192]

    r = upload(clients["thu_ky"], mid, chunks(), "hop.wav")
    assert r.status_code == 413 and "quá lớn" in r.json()["detail"]
    assert_nothing_kept(web_settings)


@pytest.mark.parametrize(
    "body, name, status, words",
    [
        ("Biên bản họp thôn, không phải ghi âm.\n".encode() * 50, "bien-ban.wav", 400, "tệp văn bản"),
        (PNG, "anh.mp3", 400, "ảnh PNG"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(300), "hong.wav", 400, "hong.wav"),
        (WAV.read_bytes(), "ghi-am.txt", 415, "không phải định dạng ghi âm"),
        (WAV.read_bytes(), "khong-duoi", 415, "không phải định dạng ghi âm"),
    ],
)
def test_not_audio_is_refused(clients, web_settings, mid, sent, body, name, status, words):
    r = upload(clients["thu_ky"], mid, body, name)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    # the message names the user's file, never the server's temp file
    assert words in detail and ".part" not in detail and str(web_settings.data_dir) not in detail
    assert_nothing_kept(web_settings)
    assert sent == []


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../etc/passwd.wav", "passwd.wav"),
        ("a/b\\c.wav", "c.wav"),
        ("x\x00y\x1b[31m.wav", "xy[31m.wav"),
        ("..", "ghi-am"),
        ("dài" * 3000 + ".wav", None),
    ],
)
def test_path_tricks_in_the_name_are_harmless(clients, web_settings, mid, sent, name, shown, tmp_path):
    data = WAV.read_bytes()
    r = upload(clients["thu_ky"], mid, data, name)
    if shown == "ghi-am":  # nothing left of the name: no extension, so refused as a type
        assert r.status_code == 415
        assert_nothing_kept(web_settings)
        return
    assert r.status_code == 200, r.text
    [rec] = recordings(web_settings)
    if shown is None:
        assert len(rec.original_name) == 200 and rec.original_name.endswith(".wav")
    else:
        assert rec.original_name == shown
    assert rec.path == f"recordings/{mid}/{rec.id}.wav"
    [kept] = files_under(web_settings.data_dir / "recordings")
    assert kept.resolve() == (web_settings.data_dir / rec.path).resolve()
    assert not (web_settings.data_dir.parent / "etc").exists()


def test_upload_refusals_by_role_and_csrf(clients, anon, web_settings, mid, sent):
    data = WAV.read_bytes()
    assert upload(clients["thu_ky"], mid, data, "a.wav", csrf=False).status_code == 403
    assert upload(clients["truyen_thanh"], mid, data, "a.wav").status_code == 403
    assert upload(clients["can_bo"], mid, data, "a.wav").status_code == 403
    anon.csrf = ""
    assert upload(anon, mid, data, "a.wav", csrf=False).status_code == 401
    assert upload(clients["thu_ky"], 999, data, "a.wav").status_code == 404
    assert_nothing_kept(web_settings)


def test_audio_supports_range_requests(clients, web_settings, mid, sent):
    client = clients["thu_ky"]
    assert client.get(f"/meetings/{mid}/audio").status_code == 404  # no recording yet
    data = OGG.read_bytes()
    assert upload(client, mid, data, "hop.ogg").status_code == 200
    full = client.get(f"/meetings/{mid}/audio")
    assert full.status_code == 200 and full.content == data
    assert full.headers["accept-ranges"] == "bytes"
    part = client.get(f"/meetings/{mid}/audio", headers={"Range": "bytes=1000-4999"})
    assert part.status_code == 206
    assert part.content == data[1000:5000]
    assert part.headers["content-range"] == f"bytes 1000-4999/{len(data)}"
    tail = client.get(f"/meetings/{mid}/audio", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == data[-100:]
    # the newest recording is the one served
    wav = WAV.read_bytes()
    assert upload(client, mid, wav, "lan-2.wav").status_code == 200
    assert client.get(f"/meetings/{mid}/audio", headers={"Range": "bytes=0-11"}).content == wav[:12]
    assert clients["can_bo"].get(f"/meetings/{mid}/audio").status_code == 403


def test_upload_to_a_meeting_that_is_gone_is_404(clients, web_settings, sent):
    r = upload(clients["thu_ky"], 4242, WAV.read_bytes(), "ghi-am.wav")
    assert r.status_code == 404 and r.json()["detail"]
    assert_nothing_kept(web_settings)


def test_a_recording_stays_when_queueing_fails_after_it_was_saved(clients, web_settings, mid, monkeypatch):
    """Queueing commits the recording first; a failure after that must not delete its file."""
    real = lifecycle.enqueue_transcription

    def enqueue_then_fail(db, *args, **kwargs):
        real(db, *args, **kwargs)
        raise RuntimeError("mất kết nối hàng đợi")

    monkeypatch.setattr(lifecycle, "enqueue_transcription", enqueue_then_fail)
    monkeypatch.setattr(queue, "enqueue", lambda settings, job_id: None)
    client = clients["thu_ky"]
    client_raising = type(client)(client.app, raise_server_exceptions=False, headers={"accept": "application/json"})
    client_raising.cookies, client_raising.csrf = client.cookies, client.csrf
    r = upload(client_raising, mid, WAV.read_bytes(), "ghi-am.wav")
    assert r.status_code == 500
    [rec] = recordings(web_settings)
    assert (web_settings.data_dir / rec.path).is_file()
