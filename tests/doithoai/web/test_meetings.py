"""Meetings pages: the form (create, edit, validation), meeting-file import,
the meeting page, job actions and transcript import, with role refusals.
Real SQLite, the real app through the ASGI client."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from minutes.meeting import load_meeting
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, ItemRow, JobRow, MeetingRow, RecordingRow, SegmentRow
from doithoai.web.deps import MAX_FORM_BYTES
from pipeline.transcript import ModelInfo, Source, Transcript
from pipeline.transcript import Segment as TSegment

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "binh-thanh.toml"

FORM = {
    "title": "Hội nghị đối thoại với Nhân dân thôn Đông Yên năm 2025",
    "date": "2025-03-14",
    "start": "7h30",
    "end": "10:00",
    "venue": "Nhà văn hóa thôn Đông Yên",
    "attendees": "64",
    "hamlets": "Đông Yên\n\nBình Thới\n",
    "announced_content": "tình hình kinh tế - xã hội\nthủ tục hành chính",
    "terms": "bộ phận một cửa",
    "agency_name": "xã Bình Thanh",
    "agency_place": "Bình Thanh",
    "agency_superior": "UBND huyện Bình Sơn",
    "chair_name": "Nguyễn Hồng Phước",
    "chair_title": "Chủ tịch UBND xã",
    "secretary_name": "Trần Thị Mai",
    "secretary_title": "Công chức Văn phòng - Thống kê",
    "co_chairs": "Lê Văn Hùng | Phó Chủ tịch UBND xã",
    "participants": "Nhân dân thôn Đông Yên",
    "officials": "Đặng Văn Sơn | Trưởng Công an xã | Công an xã\nVõ Thị Lan | Công chức Văn hóa - Xã hội",
    "routing_preset": "tu-2025-07",
    "written_answer_days": "12",
    "result_report_days": "25",
    "minutes_number": "4",
    "report_number": "",
}


def rows(settings, model, *where):
    with session_scope(settings.database_url) as db:
        return list(db.scalars(select(model).where(*where)))


def count(settings, model) -> int:
    with session_scope(settings.database_url) as db:
        return db.scalar(select(func.count()).select_from(model))


def create(client, form=FORM) -> int:
    r = client.form("/meetings/new", form)
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/meetings/")
    return int(r.headers["location"].split("/")[2].split("?")[0])


def import_sample(client, path: Path = SAMPLE) -> int:
    r = client.post(
        "/meetings/import",
        data={"csrf_token": client.csrf},
        files={"file": (path.name, path.read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].split("/")[2].split("?")[0])


def test_create_from_form_builds_a_valid_meeting_file(clients, web_settings, tmp_path):
    mid = create(clients["thu_ky"])
    [row] = rows(web_settings, MeetingRow, MeetingRow.id == mid)
    assert row.title == FORM["title"] and row.date == dt.date(2025, 3, 14)
    stored = tmp_path / "stored.toml"
    stored.write_text(row.config, encoding="utf-8")
    meeting = load_meeting(stored)  # the CLI's loader reads what the form wrote
    assert meeting.start == dt.time(7, 30) and meeting.end == dt.time(10, 0)
    assert meeting.hamlets == ("Đông Yên", "Bình Thới")
    assert meeting.attendees == 64
    assert [(o.name, o.title, o.unit) for o in meeting.officials] == [
        ("Đặng Văn Sơn", "Trưởng Công an xã", "Công an xã"),
        ("Võ Thị Lan", "Công chức Văn hóa - Xã hội", ""),
    ]
    assert meeting.co_chairs[0].name == "Lê Văn Hùng" and meeting.chair.title == "Chủ tịch UBND xã"
    assert meeting.deadlines.written_answer_days == 12 and meeting.deadlines.result_report_days == 25
    assert meeting.minutes_number == 4 and meeting.report_number is None
    assert meeting.agency.superior == "UBND huyện Bình Sơn"
    [entry] = rows(web_settings, AuditRow, AuditRow.entity == "meeting")
    assert entry.action == "create" and entry.entity_id == mid and entry.username == "thu-ky"
    assert entry.after["title"] == FORM["title"]
    page = clients["thu_ky"].get(f"/meetings/{mid}")
    assert page.status_code == 200
    assert FORM["venue"] in page.text and f"/meetings/{mid}/transcript" in page.text
    assert f"/meetings/{mid}/review" in page.text
    listing = clients["admin"].get("/meetings")
    assert listing.status_code == 200 and f'href="/meetings/{mid}"' in listing.text


@pytest.mark.parametrize(
    "change, words",
    [
        ({"date": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"date": "hôm qua"}, "Ngày không hợp lệ"),
        ({"title": "   "}, "meeting.title"),
        ({"start": "sáng"}, "Giờ không hợp lệ"),
        ({"written_answer_days": "mười"}, "phải là số nguyên"),
        ({"officials": " | Trưởng Công an xã | Công an xã"}, "Dòng 1 của «Cán bộ trả lời»"),
        ({"chair_name": ""}, "people.chair"),
        ({"routing_preset": "khong-co"}, "Bộ định tuyến"),
    ],
)
def test_bad_form_is_refused_and_nothing_saved(clients, web_settings, change, words):
    form = {**FORM, **change}
    r = clients["thu_ky"].form("/meetings/new", form)
    assert r.status_code == 400
    assert words in r.text
    assert FORM["venue"] in r.text  # the form is shown again with what was typed
    assert count(web_settings, MeetingRow) == 0 and count(web_settings, AuditRow) == 0


def test_edit_keeps_other_keys_and_is_audited(clients, web_settings):
    client = clients["thu_ky"]
    mid = import_sample(client)
    form_page = client.get(f"/meetings/{mid}/edit")
    assert form_page.status_code == 200 and "Phạm Minh Tuấn | Công chức Địa chính" in form_page.text
    [before] = rows(web_settings, MeetingRow, MeetingRow.id == mid)
    edited = {**FORM, "title": "Hội nghị đối thoại thôn Phước Hòa (đã sửa)", "date": "20/09/2024"}
    r = client.form(f"/meetings/{mid}/edit", edited)
    assert r.status_code == 303
    [after] = rows(web_settings, MeetingRow, MeetingRow.id == mid)
    assert after.title == edited["title"] and after.date == dt.date(2024, 9, 20)
    data, old = tomllib.loads(after.config), tomllib.loads(before.config)
    assert data["documents"]["recipients"] == old["documents"]["recipients"]  # not on the form: kept
    assert data["deadlines"]["publish_days"] == 10
    assert data["meeting"]["venue"] == FORM["venue"]
    entries = rows(web_settings, AuditRow, AuditRow.entity == "meeting", AuditRow.action == "update")
    assert len(entries) == 1
    assert entries[0].before["title"] == before.title and entries[0].after["title"] == edited["title"]
    assert "date" not in entries[0].after  # unchanged fields are not listed
    # saving the same values again changes nothing and writes no entry
    assert client.form(f"/meetings/{mid}/edit", edited).status_code == 303
    assert len(rows(web_settings, AuditRow, AuditRow.action == "update")) == 1
    # a bad edit leaves the stored meeting as it was
    r = client.form(f"/meetings/{mid}/edit", {**edited, "date": "2024-13-01"})
    assert r.status_code == 400 and "Ngày không hợp lệ" in r.text
    [still] = rows(web_settings, MeetingRow, MeetingRow.id == mid)
    assert still.config == after.config


def test_import_meeting_file(clients, web_settings, tmp_path):
    client = clients["admin"]
    mid = import_sample(client)
    [row] = rows(web_settings, MeetingRow, MeetingRow.id == mid)
    assert row.config == SAMPLE.read_text(encoding="utf-8") and row.date == dt.date(2024, 9, 20)
    broken = tmp_path / "hong.toml"
    broken.write_text('[meeting]\ntitle = "Thiếu dấu ngoặc\n', encoding="utf-8")
    r = client.post(
        "/meetings/import",
        data={"csrf_token": client.csrf},
        files={"file": ("hong.toml", broken.read_bytes())},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "sai cú pháp TOML" in r.text
    no_chair = SAMPLE.read_text(encoding="utf-8").replace(
        'chair = { name = "Nguyễn Hồng Phước", title = "Chủ tịch UBND xã" }\n', ""
    )
    r = client.post(
        "/meetings/import",
        data={"csrf_token": client.csrf},
        files={"file": ("x.toml", no_chair.encode())},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "people.chair" in r.text
    r = client.post(
        "/meetings/import",
        data={"csrf_token": client.csrf},
        files={"file": ("x.docx", b"PK\x03\x04")},
        follow_redirects=False,
    )
    assert r.status_code == 400 and ".toml" in r.text
    server_folder = SAMPLE.read_text(encoding="utf-8") + '\n[extraction]\nlexicon = "/etc"\n'
    r = client.post(
        "/meetings/import",
        data={"csrf_token": client.csrf},
        files={"file": ("x.toml", server_folder.encode())},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "lexicon" in r.text  # a server path is not set from a web form
    assert count(web_settings, MeetingRow) == 1


def test_a_multipart_form_without_csrf_header_is_size_limited(clients, web_settings):
    client = clients["admin"]
    big = b"x" * (MAX_FORM_BYTES + 1024)
    r = client.post(
        "/meetings/import", data={"csrf_token": client.csrf}, files={"file": ("x.toml", big)}, follow_redirects=False
    )
    assert r.status_code == 413 and "quá lớn" in r.text
    assert count(web_settings, MeetingRow) == 0 and list(web_settings.tmp_dir.iterdir()) == []


def test_roles_and_csrf(clients, anon, web_settings):
    mid = import_sample(clients["thu_ky"])
    for role in ("truyen_thanh", "can_bo"):
        c = clients[role]
        for path in (
            "/meetings",
            f"/meetings/{mid}",
            "/meetings/new",
            f"/meetings/{mid}/edit",
            f"/meetings/{mid}/audio",
        ):
            assert c.get(path).status_code == 403, (role, path)
        assert c.form("/meetings/new", FORM).status_code == 403
        assert c.form(f"/meetings/{mid}/edit", FORM).status_code == 403
    r = anon.get("/meetings", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = anon.post("/meetings/new", data=FORM, follow_redirects=False)  # a form: to the login page, not JSON
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    no_token = clients["thu_ky"].post("/meetings/new", data=FORM, follow_redirects=False)
    assert no_token.status_code == 403
    assert count(web_settings, MeetingRow) == 1
    assert clients["admin"].get("/meetings/999").status_code == 404


def _job(settings, mid: int, state: str) -> int:
    with session_scope(settings.database_url) as db:
        rec = RecordingRow(
            meeting_id=mid, original_name="a.wav", path="recordings/x.wav", size=1, sha256="0" * 64, duration=1.0
        )
        db.add(rec)
        db.flush()
        job = JobRow(
            meeting_id=mid, recording_id=rec.id, state=state, total_seconds=100.0, done_seconds=25.0, eta_seconds=180.0
        )
        db.add(job)
        db.flush()
        return job.id


def test_job_progress_cancel_and_retry(clients, web_settings, sent):
    client = clients["thu_ky"]
    mid = import_sample(client)
    running = _job(web_settings, mid, "running")
    view = client.get(f"/jobs/{running}", headers={"accept": "application/json"}).json()
    assert view["state"] == "running" and view["percent"] == 25.0 and view["eta"] == 180
    page = client.get(f"/meetings/{mid}")
    assert f'data-job="{running}"' in page.text and "còn khoảng" in page.text  # the JS that words the ETA
    queued = _job(web_settings, mid, "queued")
    r = client.post(f"/jobs/{queued}/cancel", headers={"X-CSRF-Token": client.csrf, "accept": "application/json"})
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    r = client.form(f"/jobs/{queued}/retry")  # the classic form: back to the meeting page
    assert r.status_code == 303 and r.headers["location"].startswith(f"/meetings/{mid}?ok=")
    [job] = rows(web_settings, JobRow, JobRow.id == queued)
    assert job.state == "queued" and sent == [queued]
    r = client.post(f"/jobs/{queued}/retry", headers={"X-CSRF-Token": client.csrf, "accept": "application/json"})
    assert r.status_code == 400 and "Chỉ chạy lại" in r.json()["detail"]
    actions = [e.action for e in rows(web_settings, AuditRow, AuditRow.entity == "job")]
    assert sorted(actions) == ["cancel", "retry"]
    assert clients["can_bo"].get(f"/jobs/{running}").status_code == 403
    assert (
        clients["truyen_thanh"]
        .post(f"/jobs/{running}/cancel", headers={"X-CSRF-Token": clients["truyen_thanh"].csrf})
        .status_code
        == 403
    )
    assert client.post(f"/jobs/{running}/cancel").status_code == 403  # no CSRF token
    assert client.get("/jobs/999", headers={"accept": "application/json"}).status_code == 404


def _transcript() -> dict:
    segments = [
        TSegment(
            0,
            0.0,
            6.0,
            "Tôi là Nguyễn Văn Ba ở thôn Phước Hòa, đề nghị xã sửa đường liên thôn bị hư hỏng nặng.",
            speaker="SPEAKER_01",
        ),
        TSegment(1, 6.5, 12.0, "Xã sẽ kiểm tra và trả lời bằng văn bản trong tháng này.", speaker="SPEAKER_00"),
    ]
    t = Transcript(Source("hop.wav", "", 12.0), ModelInfo("thu-nghiem"), segments)
    return t.to_dict()


def test_transcript_import(clients, web_settings):
    client = clients["thu_ky"]
    mid = import_sample(client)
    data = json.dumps(_transcript(), ensure_ascii=False).encode()
    r = client.post(
        f"/meetings/{mid}/transcript-import",
        data={"csrf_token": client.csrf},
        files={"file": ("hop.json", data, "application/json")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    segs = rows(web_settings, SegmentRow, SegmentRow.meeting_id == mid)
    assert [s.text for s in sorted(segs, key=lambda s: s.idx)][1].startswith("Xã sẽ kiểm tra")
    assert len(rows(web_settings, ItemRow, ItemRow.meeting_id == mid)) >= 1
    assert rows(web_settings, AuditRow, AuditRow.action == "import_transcript")[0].after["segments"] == 2
    for bad, words in ((b"{khong phai json", "không phải JSON"), (b'{"schema": "khac"}', "schema")):
        r = client.post(
            f"/meetings/{mid}/transcript-import",
            data={"csrf_token": client.csrf},
            files={"file": ("x.json", bad)},
            follow_redirects=False,
        )
        assert r.status_code == 400 and words in r.text
    assert len(rows(web_settings, SegmentRow, SegmentRow.meeting_id == mid)) == 2  # unchanged by the refusals
    r = clients["can_bo"].post(
        f"/meetings/{mid}/transcript-import",
        data={"csrf_token": clients["can_bo"].csrf},
        files={"file": ("hop.json", data)},
        follow_redirects=False,
    )
    assert r.status_code == 403
