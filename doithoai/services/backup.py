"""Backup and restore of a whole installation: every table as JSON lines
(database-independent: a SQLite backup restores into PostgreSQL and back)
plus the files of the data folder, in one .tar.gz.

Archive layout (all under `doithoai-backup/`): `manifest.json` (format,
Alembic revision, row counts), `db/<table>.jsonl`, `files/<path in the data
folder>`. The database is read inside one transaction (a snapshot), the
archive is written to a temporary file and renamed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, Table, func, select, text
from sqlalchemy.orm import Session as DBSession

from doithoai.messages import admin as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.settings import Settings
from doithoai.store.db import alembic_config, get_engine, migrate, session_scope
from doithoai.store.tables import Base, JobRow, JobState
from pipeline import atomic
from pipeline.errors import BadInputError, UserError

FORMAT = "doithoai-backup"
VERSION = 1
PREFIX = "doithoai-backup"
BATCH = 1000
# Not backed up: scratch space, the task queue, and the SQLite database itself (dumped as rows).
SKIP_TOP = {"tmp"}
SKIP_PREFIXES = ("queue.sqlite3", "doithoai.sqlite3")

Progress = Callable[[str], None]


@dataclass
class Summary:
    tables: int
    rows: int
    files: int
    size: int = 0


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # lazy: alembic's script loader takes 0.3 s, only backups need it

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def _begin_snapshot(conn: Connection) -> None:
    """A read transaction that sees one state of the database."""
    if conn.dialect.name == "sqlite":
        # pysqlite only opens a transaction before writes: open it ourselves (a WAL snapshot).
        conn.exec_driver_sql("BEGIN")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _data_files(root: Path, skip: set[Path]) -> Iterator[Path]:
    """Regular files of the data folder worth keeping (no links, no temp files)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in SKIP_TOP]
        dirnames.sort()
        for name in sorted(filenames):
            path = here / name
            if here == root and name.startswith(SKIP_PREFIXES):
                continue
            if name.endswith(".part") or path in skip or path.is_symlink() or not path.is_file():
                continue
            yield path


def _add_bytes(tar: tarfile.TarFile, name: str, fh: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(f"{PREFIX}/{name}")
    info.size, info.mtime, info.mode = size, int(time.time()), 0o644
    tar.addfile(info, fh)


def create_backup(settings: Settings, out: Path, progress: Progress | None = None) -> Summary:
    """Write the backup of `settings`' database and data folder to `out`."""
    out = Path(out).resolve()
    if settings.is_sqlite and not Path(settings.database_url[len("sqlite:///") :]).is_file():
        raise UserError(msg.no_database(settings.database_url))
    engine = get_engine(settings.database_url)
    tables = list(Base.metadata.sorted_tables)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="doithoai-backup-") as scratch:
        dumps = Path(scratch)
        with engine.connect() as conn:
            _begin_snapshot(conn)
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
            for table in tables:
                counts[table.name] = _dump_table(conn, table, dumps / f"{table.name}.jsonl")
            conn.rollback()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "revision": revision,
            "dialect": engine.dialect.name,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "tables": counts,
        }
        files = list(_data_files(settings.data_dir, {out}))
        written = 0
        with atomic.atomic_path(out, suffix=".part") as tmp, tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            _add_bytes(tar, "manifest.json", io.BytesIO(body), len(body))
            for table in tables:
                path = dumps / f"{table.name}.jsonl"
                with path.open("rb") as fh:
                    _add_bytes(tar, f"db/{table.name}.jsonl", fh, path.stat().st_size)
            for n, path in enumerate(files, 1):
                rel = path.relative_to(settings.data_dir).as_posix()
                try:
                    tar.add(str(path), arcname=f"{PREFIX}/files/{rel}", recursive=False)
                    written += 1
                except FileNotFoundError:  # deleted since the listing: it was not in the snapshot either
                    continue
                if progress and (n % 50 == 0 or n == len(files)):
                    progress(msg.backup_progress(n, len(files)))
    return Summary(len(tables), sum(counts.values()), written, out.stat().st_size)


def _dump_table(conn: Connection, table: Table, path: Path) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in conn.execute(select(table).order_by(*order)).mappings():
            fh.write(json.dumps(dict(row), ensure_ascii=False, default=_json_default) + "\n")
            count += 1
    return count


# --- restore -----------------------------------------------------------------------------------


def _unsafe(name: str) -> bool:
    """An absolute path, a '..' step, a backslash or NUL: never extracted."""
    parts = PurePosixPath(name).parts
    return (
        not parts or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name or ":" in parts[0] or ".." in parts
    )


def _inside(name: str) -> PurePosixPath:
    """The member's path inside PREFIX (`name` is safe and under PREFIX)."""
    parts = PurePosixPath(name).parts
    return PurePosixPath(*parts[1:]) if len(parts) > 1 else PurePosixPath(".")


def _extract(archive: Path, dest: Path, shown: str) -> dict[str, Any]:
    """Check every member, then write regular files under `dest`; the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()  # reads to the end: a truncated archive fails here
            for m in members:
                if _unsafe(m.name) or not (m.isreg() or m.isdir()):
                    raise BadInputError(msg.unsafe_member(m.name))
            if any(PurePosixPath(m.name).parts[0] != PREFIX for m in members):
                raise BadInputError(msg.not_a_backup(shown, PREFIX))
            for m in members:
                target = dest / _inside(m.name)
                if m.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(m)
                if src is None:  # only for non-regular members, refused above
                    continue
                with src, target.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
                os.chmod(target, (m.mode & 0o777) or 0o644)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BadInputError(msg.not_a_backup(shown, type(exc).__name__)) from None
    try:
        manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BadInputError(msg.not_a_backup(shown, "manifest.json")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BadInputError(msg.not_a_backup(shown, "manifest.json"))
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or any(not (dest / "db" / f"{name}.jsonl").is_file() for name in tables):
        raise BadInputError(msg.not_a_backup(shown, "db/"))
    return manifest


def _converters(table: Table) -> dict[str, Callable[[Any], Any]]:
    conv: dict[str, Callable[[Any], Any]] = {}
    for col in table.columns:
        if isinstance(col.type, DateTime):
            conv[col.name] = lambda v: None if v is None else dt.datetime.fromisoformat(v)
        elif isinstance(col.type, Date):
            conv[col.name] = lambda v: None if v is None else dt.date.fromisoformat(v)
    return conv


def _rows(path: Path, table: Table) -> Iterator[dict[str, Any]]:
    names = {c.name for c in table.columns}
    conv = _converters(table)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or set(row) != names:
                    raise ValueError("columns")
                yield {k: (conv[k](v) if k in conv else v) for k, v in row.items()}
            except (ValueError, TypeError):
                raise BadInputError(msg.bad_row(table.name, n)) from None


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table after its largest restored id."""
    for table in tables:
        if "id" not in table.columns or not table.columns["id"].primary_key:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f"FROM {table.name}"
            )
        )


def _replace_files(src: Path, data_dir: Path, trash: Path) -> int:
    """Move each top-level entry of `src` into the data folder (old ones to `trash`)."""
    count = sum(1 for p in src.rglob("*") if p.is_file()) if src.is_dir() else 0
    if not src.is_dir():
        return 0
    for entry in sorted(src.iterdir()):
        target = data_dir / entry.name
        if target.exists() or target.is_symlink():
            trash.mkdir(parents=True, exist_ok=True)
            os.replace(target, trash / entry.name)
        os.replace(entry, target)
    return count


def restore_backup(settings: Settings, archive: Path, force: bool = False, shown: str | None = None) -> Summary:
    """Restore `archive` into `settings`' database and data folder: all or
    nothing. `shown`: the name messages give the archive (an uploaded file's)."""
    archive = Path(archive)
    shown = shown or str(archive)
    if not archive.is_file():
        raise BadInputError(msg.not_a_backup(shown))
    created_root = not settings.data_dir.exists()
    settings.ensure_dirs()
    scratch = Path(tempfile.mkdtemp(prefix="restore-", dir=settings.tmp_dir))
    try:
        manifest = _extract(archive, scratch, shown)
        current = head_revision()
        if manifest.get("revision") != current:
            raise UserError(msg.other_revision(str(manifest.get("revision")), current))
        migrate(settings.database_url)
        tables = list(Base.metadata.sorted_tables)
        known = {t.name for t in tables}
        if set(manifest["tables"]) != known:
            raise BadInputError(msg.not_a_backup(shown, "db/"))
        engine = get_engine(settings.database_url)
        rows = 0
        with engine.begin() as conn:
            users = conn.execute(select(func.count()).select_from(Base.metadata.tables["users"])).scalar_one()
            meetings = conn.execute(select(func.count()).select_from(Base.metadata.tables["meetings"])).scalar_one()
            if (users or meetings) and not force:
                raise UserError(msg.database_not_empty(users, meetings))
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                batch: list[dict[str, Any]] = []
                for row in _rows(scratch / "db" / f"{table.name}.jsonl", table):
                    batch.append(row)
                    if len(batch) >= BATCH:
                        conn.execute(table.insert(), batch)
                        rows += len(batch)
                        batch.clear()
                if batch:
                    conn.execute(table.insert(), batch)
                    rows += len(batch)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, tables)
        files = _replace_files(scratch / "files", settings.data_dir, scratch / "old")
        return Summary(len(tables), rows, files)
    except BaseException:
        if created_root:
            shutil.rmtree(settings.data_dir, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --- from the admin page ---------------------------------------------------------------------


def backup_for_download(db: DBSession, settings: Settings, actor: Actor) -> tuple[Path, str]:
    """A backup made from the admin page: (the file in tmp_dir, which the
    download deletes afterwards; its name for the browser). Audited."""
    name = f"sao-luu-doithoai-{dt.date.today():%Y-%m-%d}.tar.gz"
    settings.tmp_dir.mkdir(parents=True, exist_ok=True)
    out = settings.tmp_dir / f"{secrets.token_hex(8)}-{name}"
    summary = create_backup(settings, out)
    audit.record(
        db,
        actor,
        "backup",
        None,
        "backup",
        None,
        {"tables": summary.tables, "rows": summary.rows, "files": summary.files, "size": summary.size},
    )
    return out, name


def restore_upload(
    db: DBSession, settings: Settings, actor: Actor, archive: Path, name: str, confirmed: bool
) -> Summary:
    """Restore an uploaded backup over everything, once the administrator
    ticked the confirmation and no transcription is waiting or running.
    Audited in the restored database (by user name: ids are the backup's)."""
    if not confirmed:
        raise UserError(msg.RESTORE_NOT_CONFIRMED)
    busy = db.scalar(select(func.count(JobRow.id)).where(JobRow.state.in_((JobState.QUEUED, JobState.RUNNING)))) or 0
    if busy:
        raise UserError(msg.restore_jobs_running(busy))
    db.rollback()  # no read transaction of this request held while the tables are replaced
    summary = restore_backup(settings, archive, force=True, shown=name)
    with session_scope(settings.database_url) as restored:
        entry = audit.record(
            restored,
            None,
            "backup",
            None,
            "restore",
            None,
            {"file": name, "tables": summary.tables, "rows": summary.rows, "files": summary.files},
        )
        entry.username = actor.username
    return summary
