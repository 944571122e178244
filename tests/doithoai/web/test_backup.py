"""doithoai backup / restore: round trips SQLite→SQLite and SQLite→PostgreSQL
(rows equal, files byte-identical, sequences reset), refusals (non-empty
database, unsafe members, truncated or foreign archives) that change nothing."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from servers import fresh_postgres_url, postgres_url  # noqa: F401 - pytest fixtures
from sqlalchemy import select
from webbuild import make_meeting

from doithoai.services import accounts
from doithoai.services.backup import PREFIX, _begin_snapshot, create_backup, restore_backup
from doithoai.settings import load_settings
from doithoai.store.db import get_engine, migrate, session_scope
from doithoai.store.tables import AuditRow, Base, ItemRow, MeetingRow, NoticeRow, UserRow

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "samples" / "doi-thoai-mau.ogg"


def settings_for(data: Path, database_url: str | None = None):
    return load_settings(data, env={"DATABASE_URL": database_url} if database_url else {})


def all_rows(url: str) -> dict[str, list[dict]]:
    """Every row of every table, ordered by primary key."""
    out = {}
    with get_engine(url).connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            out[table.name] = [dict(r) for r in conn.execute(select(table).order_by(*order)).mappings()]
    return out


@pytest.fixture
def source(tmp_path):
    """A data folder with users, a meeting with segments and items, an audit
    entry, a notice, a recording, an output file, and things to skip."""
    s = settings_for(tmp_path / "src")
    s.ensure_dirs()
    migrate(s.database_url)
    with session_scope(s.database_url) as db:
        accounts.create_user(db, "admin", "mat-khau-dai-du", "admin", full_name="Quản Trị")
        accounts.create_user(db, "can-bo", "mat-khau-dai-du", "can_bo", full_name="Cán Bộ", unit="Công an xã")
    meeting_id = make_meeting(
        s,
        segments=[(0.0, 4.5, "SPEAKER_00", "xin chào bà con"), (4.9, 12.25, "SPEAKER_01", "đường thôn bị ngập")],
        speakers={"SPEAKER_00": "Chủ tịch"},
        items=[
            {"text": "đường thôn bị ngập", "deadline": "2024-10-20", "evidence": [{"start": 4.9}]},
            {"text": "xin hỗ trợ hộ nghèo", "answered": True, "review": "accepted"},
        ],
    )
    with session_scope(s.database_url) as db:
        db.add(
            AuditRow(
                username="admin",
                entity="item",
                entity_id=1,
                meeting_id=meeting_id,
                action="update",
                before={"text": "cũ"},
                after={"text": "mới ở Phước Hòa"},
            )
        )
        db.add(
            NoticeRow(
                title="Thông báo họp",
                event='[event]\nkind = "doi_thoai"\n',
                script="Kính mời bà con",
                mp3_path="notices/1/thong-bao.mp3",
                warnings=["sớm"],
                plan={"lan": [1, 2]},
            )
        )
    rec = s.recordings_dir / str(meeting_id) / "1.ogg"
    rec.parent.mkdir(parents=True)
    rec.write_bytes(SAMPLE.read_bytes())
    (s.meetings_dir / str(meeting_id)).mkdir(parents=True, exist_ok=True)
    (s.meetings_dir / str(meeting_id) / "bien-ban.docx").write_bytes(b"PK\x03\x04 docx bytes \x00\xff")
    (s.notices_dir / "1").mkdir(parents=True)
    (s.notices_dir / "1" / "thong-bao.mp3").write_bytes(bytes(range(256)) * 40)
    (s.tmp_dir / "upload.part").write_bytes(b"half an upload")
    s.queue_path.write_bytes(b"queue")
    return s


def tar_names(path: Path) -> list[str]:
    with tarfile.open(path) as tar:
        return tar.getnames()


def data_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(("tmp/", "queue.sqlite3", "doithoai.sqlite3"))
    }


def test_round_trip_sqlite_to_sqlite(source, tmp_path, run_cli):
    archive = tmp_path / "sao-luu.tar.gz"
    r = run_cli("backup", "--data", source.data_dir, "-o", archive)
    assert r.exit_code == 0, r.stderr
    assert "Đã sao lưu" in r.stdout
    names = tar_names(archive)
    assert f"{PREFIX}/manifest.json" in names
    assert not any("/tmp/" in n or "queue.sqlite3" in n or n.endswith(".sqlite3") for n in names)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(f"{PREFIX}/manifest.json").read())
    assert manifest["revision"] and manifest["tables"]["items"] > 0

    target = settings_for(tmp_path / "dst")
    r = run_cli("restore", archive, "--data", target.data_dir)
    assert r.exit_code == 0, r.stderr
    assert "Đã khôi phục" in r.stdout
    before, after = all_rows(source.database_url), all_rows(target.database_url)
    assert after == before
    assert after["items"] and after["segments"] and after["users"] and after["notices"]
    # transcript versions: the transcript, its segments' link to it, the meeting's choice
    assert after["transcripts"] and all(s["transcript_id"] for s in after["segments"])
    assert after["meetings"][0]["transcript_id"] == after["transcripts"][0]["id"]
    assert data_files(target.data_dir) == data_files(source.data_dir)
    assert not (target.data_dir / "queue.sqlite3").exists()
    # The restored accounts log in with their old passwords.
    with session_scope(target.database_url) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "admin"))
        assert accounts.check_password(user.password_hash, "mat-khau-dai-du")


def test_round_trip_sqlite_to_postgresql_and_back(source, tmp_path, run_cli, fresh_postgres_url):  # noqa: F811
    archive = tmp_path / "a.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", archive).exit_code == 0
    pg = settings_for(tmp_path / "pg", fresh_postgres_url)
    restore_backup(pg, archive)
    before = all_rows(source.database_url)
    assert all_rows(pg.database_url) == before
    assert data_files(pg.data_dir) == data_files(source.data_dir)
    # Sequences were reset: new rows get fresh ids after the restored ones.
    with session_scope(pg.database_url) as db:
        user = accounts.create_user(db, "thu-ky", "mat-khau-dai-du", "thu_ky")
        meeting = MeetingRow(title="Mới", date=before["meetings"][0]["date"], config="")
        db.add(meeting)
        item = ItemRow(meeting_id=before["meetings"][0]["id"], key="tay-1", kind="kien_nghi", text="mới")
        db.add(item)
        db.flush()
        assert user.id == max(u["id"] for u in before["users"]) + 1
        assert meeting.id == max(m["id"] for m in before["meetings"]) + 1
        assert item.id == max(i["id"] for i in before["items"]) + 1
    # And back: PostgreSQL → SQLite keeps every row, the new ones too.
    back_archive = tmp_path / "b.tar.gz"
    create_backup(pg, back_archive)
    back = settings_for(tmp_path / "back")
    restore_backup(back, back_archive)
    assert all_rows(back.database_url) == all_rows(pg.database_url)


def test_restore_refuses_a_database_in_use_unless_forced(source, tmp_path, run_cli):
    archive = tmp_path / "a.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", archive).exit_code == 0
    target = settings_for(tmp_path / "dst")
    target.ensure_dirs()
    migrate(target.database_url)
    with session_scope(target.database_url) as db:
        accounts.create_user(db, "nguoi-khac", "mat-khau-dai-du", "admin")
    (target.recordings_dir / "cu.ogg").write_bytes(b"old")
    r = run_cli("restore", archive, "--data", target.data_dir)
    assert r.exit_code == 2
    assert "--force" in r.stderr and "1 tài khoản" in r.stderr
    rows = all_rows(target.database_url)
    assert [u["username"] for u in rows["users"]] == ["nguoi-khac"] and not rows["meetings"]
    assert (target.recordings_dir / "cu.ogg").read_bytes() == b"old"

    r = run_cli("restore", archive, "--data", target.data_dir, "--force")
    assert r.exit_code == 0, r.stderr
    assert all_rows(target.database_url) == all_rows(source.database_url)
    assert data_files(target.data_dir) == data_files(source.data_dir)


def tar_with(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def file_info(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


@pytest.mark.parametrize(
    "evil", ["../evil", f"{PREFIX}/files/../../evil", "/tmp/evil", f"{PREFIX}/files/link", f"{PREFIX}/files/dev"]
)
def test_unsafe_members_are_refused_and_nothing_written(source, tmp_path, run_cli, evil):
    good = tmp_path / "good.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", good).exit_code == 0
    members = []
    with tarfile.open(good) as tar:
        for m in tar.getmembers():
            members.append((m, tar.extractfile(m).read() if m.isreg() else None))
    if evil.endswith("link"):
        info = tarfile.TarInfo(evil)
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        bad = (info, None)
    elif evil.endswith("dev"):
        info = tarfile.TarInfo(evil)
        info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
        bad = (info, None)
    else:
        bad = file_info(evil, b"pwned")
    archive = tar_with(tmp_path / "evil.tar.gz", [*members, bad])
    target = tmp_path / "work" / "dst"
    target.parent.mkdir()
    r = run_cli("restore", archive, "--data", target)
    assert r.exit_code == 2
    assert "không an toàn" in r.stderr
    assert not target.exists()
    assert not (tmp_path / "work" / "evil").exists() and not (tmp_path / "evil").exists()


def test_truncated_and_foreign_archives_exit_2_and_change_nothing(source, tmp_path, run_cli):
    archive = tmp_path / "a.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", archive).exit_code == 0
    data = archive.read_bytes()
    truncated = tmp_path / "cut.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    foreign = tar_with(tmp_path / "other.tar.gz", [file_info("notes/readme.txt", b"hello")])
    wrong_manifest = tar_with(tmp_path / "wrong.tar.gz", [file_info(f"{PREFIX}/manifest.json", b'{"format": "x"}')])
    not_gzip = tmp_path / "plain.tar.gz"
    not_gzip.write_text("đây không phải tệp nén", encoding="utf-8")

    target = settings_for(tmp_path / "dst")
    target.ensure_dirs()
    migrate(target.database_url)
    empty = all_rows(target.database_url)
    for bad in (truncated, foreign, wrong_manifest, not_gzip, tmp_path / "missing.tar.gz"):
        r = run_cli("restore", bad, "--data", target.data_dir)
        assert r.exit_code == 2, (bad, r.stderr)
        assert "không phải tệp sao lưu" in r.stderr and "Traceback" not in r.stderr
        assert all_rows(target.database_url) == empty
        assert data_files(target.data_dir) == {}
        assert list(target.tmp_dir.iterdir()) == []


def test_backup_output_is_written_atomically_and_skips_itself(source, run_cli):
    archive = source.data_dir / "sao-luu.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", archive).exit_code == 0
    again = source.data_dir / "lan-hai.tar.gz"
    assert run_cli("backup", "--data", source.data_dir, "-o", again).exit_code == 0
    names = tar_names(again)
    assert f"{PREFIX}/files/sao-luu.tar.gz" in names and f"{PREFIX}/files/lan-hai.tar.gz" not in names
    assert not list(source.data_dir.glob(".lan-hai*"))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def test_backup_reads_one_snapshot(backend, tmp_path, request):
    """Rows committed by others while the dump runs are not seen by it."""
    url = request.getfixturevalue("fresh_postgres_url") if backend == "postgresql" else None
    s = settings_for(tmp_path / "d", url)
    s.ensure_dirs()
    migrate(s.database_url)
    with session_scope(s.database_url) as db:
        accounts.create_user(db, "admin", "mat-khau-dai-du", "admin")
    users = Base.metadata.tables["users"]
    with get_engine(s.database_url).connect() as conn:
        _begin_snapshot(conn)
        first = conn.execute(select(users.c.username)).scalars().all()
        with session_scope(s.database_url) as db:  # another connection commits meanwhile
            accounts.create_user(db, "thu-ky", "mat-khau-dai-du", "thu_ky")
        assert conn.execute(select(users.c.username)).scalars().all() == first == ["admin"]
        conn.rollback()
        assert sorted(conn.execute(select(users.c.username)).scalars().all()) == ["admin", "thu-ky"]
