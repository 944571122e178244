"""Settings of the server, the workers and the CLI commands that share their
data: where files live, which database and which task queue.

Read from the environment (and `--data`), so that `doithoai serve` on the
office PC needs nothing, and workers on other machines need only
`DATABASE_URL`, `REDIS_URL` and the shared data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from doithoai.messages import web as msg
from pipeline.errors import UserError

DEFAULT_DATA_DIR = "doithoai-data"
DEFAULT_MAX_UPLOAD_MB = 2048  # a 3-hour WAV at 16 bit/48 kHz stereo is ~2 GB


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    secure_cookies: bool = False  # set when served over HTTPS (reverse proxy)
    model: str | None = None  # ASR model name or path; None: the embedded default
    speakers: str | None = None  # "auto" to diarize uploaded recordings (optional extra)
    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60
    session_days: int = 7
    idle_minutes: int = 30  # a login unused this long ends (shared office PCs)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def recordings_dir(self) -> Path:
        return self.data_dir / "recordings"

    @property
    def meetings_dir(self) -> Path:
        return self.data_dir / "meetings"

    @property
    def notices_dir(self) -> Path:
        return self.data_dir / "notices"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "queue.sqlite3"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def ensure_dirs(self) -> None:
        for d in (self.data_dir, self.recordings_dir, self.meetings_dir, self.notices_dir, self.tmp_dir):
            d.mkdir(parents=True, exist_ok=True)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(data_dir: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from `data_dir` (or DOITHOAI_DATA) and the environment."""
    env = dict(os.environ if env is None else env)
    root = Path(data_dir or env.get("DOITHOAI_DATA") or DEFAULT_DATA_DIR).expanduser().resolve()
    db = env.get("DATABASE_URL") or f"sqlite:///{root / 'doithoai.sqlite3'}"
    if db.startswith("postgres://"):
        db = "postgresql+psycopg://" + db[len("postgres://") :]
    elif db.startswith("postgresql://"):
        db = "postgresql+psycopg://" + db[len("postgresql://") :]
    if not db.startswith(("sqlite:///", "postgresql+psycopg://")):
        raise UserError(msg.database_url_unsupported(db.split("://", 1)[0]))
    try:
        max_mb = int(env.get("DOITHOAI_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB)
    except ValueError:
        raise UserError(msg.bad_number_setting("DOITHOAI_MAX_UPLOAD_MB", env["DOITHOAI_MAX_UPLOAD_MB"])) from None
    try:
        idle = int(env.get("DOITHOAI_IDLE_MINUTES") or 30)
    except ValueError:
        raise UserError(msg.bad_number_setting("DOITHOAI_IDLE_MINUTES", env["DOITHOAI_IDLE_MINUTES"])) from None
    return Settings(
        idle_minutes=max(1, idle),
        data_dir=root,
        database_url=db,
        redis_url=env.get("REDIS_URL") or None,
        max_upload_bytes=max_mb * 1024 * 1024,
        secure_cookies=_flag(env.get("DOITHOAI_SECURE_COOKIES")),
        model=env.get("DOITHOAI_MODEL") or None,
        speakers=env.get("DOITHOAI_SPEAKERS") or None,
    )
