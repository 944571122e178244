"""The admin page (issue 13): backup download and restore from an uploaded
file (confirmation box, refused while transcriptions wait or run, audited),
and an officer's unit chosen from the list of routing units."""

from __future__ import annotations

import io
import json
import re
import tarfile

from sqlalchemy import select
from webbuild import make_meeting

from doithoai.messages import admin as admin_msg
from doithoai.services.backup import PREFIX, create_backup
from doithoai.settings import load_settings
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import AuditRow, JobRow, MeetingRow, RecordingRow, TranscriptRow, UserRow


def _titles(settings) -> list[str]:
    with session_scope(settings.database_url) as db:
        return list(db.scalars(select(MeetingRow.title).order_by(MeetingRow.id)))


def test_admin_downloads_a_backup(clients, web_settings):
    make_meeting(web_settings, segments=[(0.0, 2.0, "S1", "xin chào")])
    r = clients["admin"].get("/admin/backup/download")
    assert r.status_code == 200 and "sao-luu-doithoai-" in r.headers["content-disposition"]
    with tarfile.open(fileobj=io.BytesIO(r.content)) as tar:
        manifest = json.loads(tar.extractfile(f"{PREFIX}/manifest.json").read())
    assert manifest["tables"]["meetings"] == 1 and manifest["tables"]["transcripts"] == 1
    assert not list(web_settings.tmp_dir.glob("*.tar.gz"))  # the temporary file is gone after the download
    with session_scope(web_settings.database_url) as db:
        entry = db.scalar(select(AuditRow).where(AuditRow.action == "backup"))
        assert entry.username == "admin" and entry.after["rows"] > 0
    assert re.search(r"<td>Dữ liệu #[^<]*</td><td>sao lưu</td>", clients["admin"].get("/admin/audit").text)


def _archive(tmp_path) -> bytes:
    """A backup of another installation with one meeting titled «Hội nghị trong bản sao lưu»."""
    other = load_settings(tmp_path / "khac", env={})
    other.ensure_dirs()
    migrate(other.database_url)
    mid = make_meeting(other, segments=[(0.0, 2.0, "S1", "xin chào")])
    with session_scope(other.database_url) as db:
        db.get(MeetingRow, mid).title = "Hội nghị trong bản sao lưu"
    out = tmp_path / "sao-luu.tar.gz"
    create_backup(other, out)
    return out.read_bytes()


def test_restore_needs_the_confirmation_and_no_running_job(clients, web_settings, tmp_path):
    data = _archive(tmp_path)
    mid = make_meeting(web_settings)
    admin = clients["admin"]

    def restore(confirm: bool):
        fields = {"csrf_token": admin.csrf, **({"confirm": "1"} if confirm else {})}
        return admin.post(
            "/admin/backup/restore", data=fields, files={"file": ("sao-luu.tar.gz", data)}, follow_redirects=False
        )

    r = restore(confirm=False)
    assert r.status_code == 400 and admin_msg.RESTORE_NOT_CONFIRMED in r.text
    with session_scope(web_settings.database_url) as db:
        rec = RecordingRow(meeting_id=mid, original_name="a.wav", path="a.wav", size=1, sha256="", duration=1.0)
        db.add(rec)
        db.flush()
        db.add(JobRow(meeting_id=mid, recording_id=rec.id, state="running"))
    r = restore(confirm=True)
    assert r.status_code == 400 and admin_msg.restore_jobs_running(1) in r.text
    assert _titles(web_settings) != ["Hội nghị trong bản sao lưu"]  # nothing changed

    with session_scope(web_settings.database_url) as db:
        db.execute(JobRow.__table__.update().values(state="done"))
    r = restore(confirm=True)
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/backup?ok=")
    assert _titles(web_settings) == ["Hội nghị trong bản sao lưu"]
    with session_scope(web_settings.database_url) as db:
        assert db.scalar(select(TranscriptRow.source)) == "thu.wav"
        entry = db.scalar(select(AuditRow).where(AuditRow.action == "restore"))
        assert entry.username == "admin" and entry.user_id is None and entry.after["file"] == "sao-luu.tar.gz"


def test_a_broken_upload_names_the_uploaded_file_not_the_server_path(clients, web_settings):
    admin = clients["admin"]
    r = admin.post(
        "/admin/backup/restore",
        data={"csrf_token": admin.csrf, "confirm": "1"},
        files={"file": ("hong.tar.gz", b"not a tar")},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "«hong.tar.gz»" in r.text and str(web_settings.tmp_dir) not in r.text


def test_an_officers_unit_is_chosen_from_the_list(clients, web_settings):
    admin = clients["admin"]
    page = admin.get("/admin/users").text
    options = re.findall(r'<option value="([^"]*)"', page.split("Thêm tài khoản")[1])
    assert "" in options and "Công an xã" in options and "Phòng Kinh tế" in options
    assert not re.search(r'<input name="unit"', page)
    r = admin.form(
        "/admin/users",
        {
            "username": "can-bo-2",
            "full_name": "Cán bộ",
            "role": "can_bo",
            "unit": "Phòng Công an tự đặt",
            "password": "mat-khau-rat-dai-9",
        },
    )
    assert r.status_code == 400 and admin_msg.UNIT_NOT_IN_LIST in r.text
    r = admin.form(
        "/admin/users",
        {
            "username": "can-bo-2",
            "full_name": "Cán bộ",
            "role": "can_bo",
            "unit": "Công an  xã",
            "password": "mat-khau-rat-dai-9",
        },
    )
    assert r.status_code == 303
    with session_scope(web_settings.database_url) as db:
        assert db.scalar(select(UserRow.unit).where(UserRow.username == "can-bo-2")) == "Công an xã"
