"""A catalogue model or voice pulled from the admin page, in the background.

The pull itself is pipeline.hubpull's (resumable, every file checked, the
model renamed into place only when complete). It runs in a thread of the web
process, not on the transcription queue: that queue's jobs belong to a
meeting's recording (JobRow.meeting_id / recording_id) and run on worker
machines that may not be the one whose model store is filled. Its progress
is a ModelPullRow (one per name) every web process can read: the bytes in
the store's download folder, and a heartbeat, so a pull whose process died
shows as interrupted and can be started again (it resumes)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError

from doithoai.messages import model_admin as msg
from doithoai.services import audit
from doithoai.services.actors import Actor
from doithoai.settings import Settings
from doithoai.store.db import session_scope
from doithoai.store.tables import ModelPullRow, utcnow
from pipeline import hubpull
from pipeline.catalog import catalog_entry
from pipeline.errors import ModelError, UserError
from pipeline.messages import model_store as model_msg
from pipeline.model_registry import models_dir

log = logging.getLogger("doithoai.models")
RUNNING, DONE, FAILED, STALLED = "running", "done", "failed", "stalled"
HEARTBEAT_SECONDS = 1.0
STALE_AFTER = dt.timedelta(seconds=30)


class PullRefused(UserError):
    """The same model is being pulled already."""

    http_status = 409


@dataclass
class PullView:
    name: str
    state: str  # running, done, failed, stalled
    state_label: str
    percent: float
    done_bytes: int
    total_bytes: int
    message: str
    finished: bool


def staged_bytes(name: str) -> int:
    """Bytes in the store's download folder of `name` (finished files and
    huggingface_hub's `.incomplete` ones)."""
    staging = models_dir() / f".pull-{name}"
    try:
        return sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())
    except OSError:  # the folder is removed when the model is installed
        return 0


def _stale(row: ModelPullRow) -> bool:
    return row.state == RUNNING and utcnow() - row.heartbeat_at > STALE_AFTER


def view(row: ModelPullRow) -> PullView:
    state = STALLED if _stale(row) else row.state
    done = row.total_bytes if state == DONE else min(row.done_bytes, row.total_bytes or row.done_bytes)
    percent = 100.0 if state == DONE else (round(100.0 * done / row.total_bytes, 1) if row.total_bytes else 0.0)
    return PullView(
        row.name, state, msg.PULL_STATE_LABELS[state], percent, done, row.total_bytes, row.message, state != RUNNING
    )


def pulls(db) -> list[PullView]:
    return [view(row) for row in db.query(ModelPullRow).order_by(ModelPullRow.started_at.desc())]


def pull_view(db, name: str) -> PullView | None:
    row = db.get(ModelPullRow, name)
    return view(row) if row is not None else None


def _claim(settings: Settings, actor: Actor, name: str, estimate: int) -> None:
    """Mark `name` running, unless a live pull of it is running already."""
    now = utcnow()
    fields = {
        "state": RUNNING,
        "done_bytes": 0,
        "total_bytes": estimate,
        "message": "",
        "started_by": actor.id,
        "started_at": now,
        "heartbeat_at": now,
        "finished_at": None,
    }
    try:
        with session_scope(settings.database_url) as db:
            # Session.execute is typed Result; an UPDATE without RETURNING gives a CursorResult
            claimed = cast(
                "CursorResult[Any]",
                db.execute(
                    update(ModelPullRow)
                    .where(ModelPullRow.name == name)
                    .where((ModelPullRow.state != RUNNING) | (ModelPullRow.heartbeat_at < now - STALE_AFTER))
                    .values(**fields)
                ),
            ).rowcount
            if not claimed:
                if db.get(ModelPullRow, name) is not None:
                    raise PullRefused(msg.pull_running(name))
                db.add(ModelPullRow(name=name, **fields))
            audit.record(db, actor, "model", None, "pull", None, {"name": name})
    except IntegrityError:  # another process inserted the same name first
        raise PullRefused(msg.pull_running(name)) from None


def start_pull(settings: Settings, actor: Actor, name: str) -> threading.Thread:
    """Start pulling catalogue entry `name` in a background thread.
    ModelError for a name not in the catalogue; PullRefused if it is running."""
    entry = catalog_entry(name)
    if not entry.cleared:
        raise ModelError(model_msg.not_cleared(name))
    _claim(settings, actor, name, int(entry.size_mb * 1e6))
    thread = threading.Thread(target=run_pull, args=(settings, name), name=f"pull-{name}", daemon=True)
    thread.start()
    return thread


def _set(settings: Settings, name: str, **values: object) -> None:
    with session_scope(settings.database_url) as db:
        db.execute(update(ModelPullRow).where(ModelPullRow.name == name).values(heartbeat_at=utcnow(), **values))


def run_pull(settings: Settings, name: str) -> None:
    """The thread's work: hubpull.pull, with the row's progress and outcome."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                _set(settings, name, done_bytes=staged_bytes(name))
            except Exception:  # a missed beat is not worth ending the pull for
                log.exception("progress of the pull of %s", name)

    watcher = threading.Thread(target=beat, name=f"pull-{name}-progress", daemon=True)
    watcher.start()
    try:
        _, files = hubpull.remote_files(catalog_entry(name))
        _set(settings, name, total_bytes=sum(f.size for f in files))
        result = hubpull.pull(name, progress=False)
    except UserError as exc:
        outcome: dict[str, object] = {"state": FAILED, "message": exc.message}
    except Exception:  # a bug must not leave the row running until it looks stalled
        log.exception("pull of %s", name)
        outcome = {"state": FAILED, "message": msg.PULL_CRASHED}
    else:
        size = sum((Path(result.path) / f).stat().st_size for f in result.sha256)
        outcome = {
            "state": DONE,
            "done_bytes": size,
            "total_bytes": size,
            "message": msg.pull_finished(name, size / 1e6, result.seconds),
        }
    finally:
        stop.set()
        watcher.join()
    _set(settings, name, finished_at=utcnow(), **outcome)
