"""The database layer: Alembic migrations build exactly the models' schema on
SQLite and on a real PostgreSQL server, SQLite runs in WAL mode, and the
app works end to end on PostgreSQL through DATABASE_URL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import PASSWORD, client_for
from servers import fresh_postgres_url, postgres_url  # noqa: F401  (fixtures)
from sqlalchemy import inspect, select, text

from doithoai.services import accounts, audit
from doithoai.settings import load_settings
from doithoai.store.db import alembic_config, get_engine, migrate, session_scope
from doithoai.store.tables import AuditRow, Base, MeetingRow
from doithoai.web.app import create_app


def _diff(url: str) -> list:
    with get_engine(url).connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)


def test_migrations_match_the_models_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    migrate(url)  # a second run is a no-op
    assert _diff(url) == []
    tables = set(inspect(get_engine(url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with get_engine(url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_match_the_models_on_postgresql(fresh_postgres_url):  # noqa: F811
    migrate(fresh_postgres_url)
    assert _diff(fresh_postgres_url) == []
    with get_engine(fresh_postgres_url).connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()


def _head() -> str:
    """The newest migration (one head: every migration revises the one before)."""
    from alembic.script import ScriptDirectory

    (head,) = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    return head


def test_settings_read_database_url_forms(tmp_path):
    s = load_settings(tmp_path, env={"DATABASE_URL": "postgres://u:p@h:5432/d", "REDIS_URL": "redis://h:6379/0"})
    assert s.database_url == "postgresql+psycopg://u:p@h:5432/d" and s.redis_url == "redis://h:6379/0"
    default = load_settings(tmp_path, env={})
    assert default.database_url == f"sqlite:///{tmp_path / 'doithoai.sqlite3'}" and default.redis_url is None


def test_the_app_runs_on_postgresql(fresh_postgres_url, tmp_path):  # noqa: F811
    settings = load_settings(tmp_path / "data", env={"DATABASE_URL": fresh_postgres_url})
    app = create_app(settings)
    with session_scope(settings.database_url) as db:
        accounts.create_user(db, "mai", PASSWORD, "thu_ky", "Trần Thị Mai")
        db.add(
            MeetingRow(
                title="Hội nghị đối thoại thôn Phước Hòa", date=__import__("datetime").date(2024, 9, 20), config=""
            )
        )
    c = client_for(app)
    assert c.login("mai").status_code == 303
    assert "Hội nghị đối thoại thôn Phước Hòa" in c.get("/").text
    with session_scope(settings.database_url) as db:
        user = accounts.get_user(db, "MAI")
        audit.record(db, None, "meeting", 1, "update", {"title": "cũ"}, {"title": "mới"})
    with session_scope(settings.database_url) as db:
        entry = db.scalar(select(AuditRow))
        assert entry.before == {"title": "cũ"} and entry.after == {"title": "mới"}  # JSON round trip
    assert user.username == "mai"


def test_a_wrong_database_setting_is_a_clear_message(run_cli, tmp_path, monkeypatch):
    from servers import free_port

    monkeypatch.setenv("DATABASE_URL", "mysql://u@h/d")
    r = run_cli("users", "list", "--data", tmp_path)
    assert r.exit_code == 2 and "mysql" in r.stderr and "Traceback" not in r.stderr
    monkeypatch.setenv("DATABASE_URL", f"postgresql://u:bi-mat@127.0.0.1:{free_port()}/d")
    r = run_cli("users", "list", "--data", tmp_path)
    assert r.exit_code == 2 and "Không kết nối được cơ sở dữ liệu" in r.stderr
    assert "bi-mat" not in r.stderr  # the password is not printed
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("DOITHOAI_MAX_UPLOAD_MB", "nhieu")
    r = run_cli("users", "list", "--data", tmp_path)
    assert r.exit_code == 2 and "DOITHOAI_MAX_UPLOAD_MB" in r.stderr
