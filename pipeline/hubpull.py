"""`doithoai models pull NAME`: fetch a catalogue model or voice from a model
hub through huggingface_hub (so HF_ENDPOINT, proxies and HF_HUB_OFFLINE are
honoured), verify every byte, install it atomically into the store.

Files are downloaded into `<store>/.pull-NAME/` (huggingface_hub keeps
`.incomplete` files there, so a run stopped by Ctrl-C, kill -9 or a dropped
connection resumes with a Range request), each one checked against what the
hub declares for the resolved commit (LFS sha256, or the git blob id for
small files), then moved into a temporary folder and renamed into place only
when all are complete. Only an explicit admin command gets here.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline import model_registry as registry
from pipeline.catalog import CatalogEntry, catalog_entry
from pipeline.ct2folder import validate_model_dir
from pipeline.errors import ModelError
from pipeline.messages import model_store as msg
from pipeline.modelstore import KIND, install_staged, models_dir, store_lock, write_file_stamp
from pipeline.voicefolder import VOICE_KIND, voice_onnx

_CHUNK = 1 << 20
DISK_MARGIN = 50 * 10**6  # keep this much free after the download
META_TIMEOUT = 15.0  # seconds for the file list and each file's HEAD


@dataclass
class RemoteFile:
    path: str  # path in the repository
    size: int
    sha256: str | None  # LFS files
    blob_id: str | None  # git blob sha1 (small files)

    @property
    def local_name(self) -> str:
        return PurePosixPath(self.path).name


@dataclass
class PullResult:
    name: str
    path: Path
    repo: str
    revision: str
    sha256: dict[str, str] = field(default_factory=dict)
    downloaded: int = 0  # bytes fetched by this run
    seconds: float = 0.0
    already: bool = False


def _hub_error(exc: BaseException, entry: CatalogEntry) -> ModelError:
    """Map huggingface_hub / httpx failures to a Vietnamese message."""
    import httpx  # lazy: httpx and huggingface_hub's API take ~1 s to load, only `pull` needs them
    from huggingface_hub.errors import (  # lazy: as above
        EntryNotFoundError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    if isinstance(exc, (OfflineModeIsEnabled, httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError)):
        return ModelError(msg.hub_unreachable(entry.name, _endpoint_label(), exc))
    if isinstance(exc, (RepositoryNotFoundError, RevisionNotFoundError, EntryNotFoundError)):
        return ModelError(msg.hub_repo_missing(entry.name, entry.repo, entry.revision))
    if isinstance(exc, (httpx.TransportError, HfHubHTTPError)):
        return ModelError(msg.pull_interrupted(entry.name, exc))
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return ModelError(msg.pull_disk_full(entry.name, 0, 0))
    return ModelError(msg.pull_interrupted(entry.name, exc))


def _endpoint_label() -> str:
    return os.environ.get("HF_ENDPOINT") or "https://huggingface.co"


def _offline() -> bool:
    from huggingface_hub import constants  # lazy: only `pull` needs huggingface_hub

    env = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return constants.is_offline_mode() or env.strip().upper() in {"1", "ON", "YES", "TRUE"}


def remote_files(entry: CatalogEntry) -> tuple[str, list[RemoteFile]]:
    """(resolved commit, files to fetch) from the hub's file list with LFS metadata."""
    from huggingface_hub import HfApi  # lazy: hf_api loads in ~0.7 s, only `pull` needs it
    from huggingface_hub.errors import OfflineModeIsEnabled  # lazy: as above

    if _offline():
        raise _hub_error(OfflineModeIsEnabled("HF_HUB_OFFLINE"), entry)
    api = HfApi(endpoint=os.environ.get("HF_ENDPOINT") or None)
    try:
        info = api.model_info(entry.repo, revision=entry.revision or None, files_metadata=True, timeout=META_TIMEOUT)
    except Exception as exc:  # every hub failure becomes a message
        raise _hub_error(exc, entry) from None
    listed = {s.rfilename: s for s in info.siblings or []}
    missing = [f for f in entry.files if f not in listed]
    if missing or not info.sha:
        raise ModelError(msg.hub_files_missing(entry.name, entry.repo, missing))
    files = []
    for path in entry.files + tuple(f for f in entry.optional if f in listed):
        sib = listed[path]
        if sib.lfs is not None:
            files.append(RemoteFile(path, int(sib.lfs.size), sib.lfs.sha256, None))
        elif sib.size is not None and sib.blob_id:
            files.append(RemoteFile(path, int(sib.size), None, sib.blob_id))
        else:  # nothing to check the bytes against: refuse rather than trust
            raise ModelError(msg.hub_no_checksum(entry.name, path))
    names = [f.local_name for f in files]
    if len(set(names)) != len(names):
        raise ModelError(msg.hub_files_missing(entry.name, entry.repo, [msg.HUB_DUPLICATE_NAMES]))
    return info.sha, files


def _digests(path: Path) -> tuple[str, str, int]:
    """(sha256, git blob sha1, size) of a file, in one read."""
    size = path.stat().st_size
    sha256 = hashlib.sha256()
    blob = hashlib.sha1(f"blob {size}\0".encode())
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            sha256.update(chunk)
            blob.update(chunk)
    return sha256.hexdigest(), blob.hexdigest(), size


def check_file(path: Path, remote: RemoteFile) -> str | None:
    """None if `path` is exactly the declared file, else what differs."""
    sha256, blob, size = _digests(path)
    if size != remote.size:
        return msg.size_differs(size, remote.size)
    if remote.sha256 is not None and sha256 != remote.sha256:
        return msg.sha_differs("sha256", sha256, remote.sha256)
    if remote.sha256 is None and blob != remote.blob_id:
        return msg.sha_differs("git sha1", blob, remote.blob_id or "")
    return None


def _partial_bytes(staging: Path) -> int:
    return sum(p.stat().st_size for p in staging.rglob("*.incomplete") if p.is_file())


def check_disk(entry: CatalogEntry, staging: Path, files: list[RemoteFile]) -> None:
    todo = sum(f.size for f in files if not (staging / f.path).is_file())
    need = max(0, todo - _partial_bytes(staging)) + DISK_MARGIN
    free = shutil.disk_usage(models_dir()).free
    if need > free:
        raise ModelError(msg.pull_disk_full(entry.name, need, free))


@contextlib.contextmanager
def _pull_lock(name: str) -> Iterator[None]:
    locks = models_dir() / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"pull-{name}.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ModelError(msg.pull_already_running(name)) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _progress_class(show: bool, label: str):
    """A tqdm class for huggingface_hub: the file's name, size, speed and ETA."""
    from huggingface_hub.utils import tqdm as hf_tqdm  # lazy: only `pull` needs huggingface_hub

    class Bar(hf_tqdm):
        def __init__(self, *args, **kwargs):
            kwargs["desc"] = label
            kwargs["bar_format"] = msg.PULL_BAR_FORMAT
            kwargs["file"] = sys.stderr
            kwargs["disable"] = not show
            kwargs["mininterval"] = 0.5
            super().__init__(*args, **kwargs)

    return Bar


def _staging(name: str, commit: str) -> Path:
    """The resumable download folder; restarted if the commit changed."""
    staging = models_dir() / f".pull-{name}"
    marker = staging / ".doithoai-pull.json"
    try:
        same = json.loads(marker.read_text(encoding="utf-8")).get("revision") == commit
    except (OSError, ValueError):
        same = False
    if not same:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        marker.write_text(json.dumps({"revision": commit}), encoding="utf-8")
    return staging


def pull(name: str, *, progress: bool = True, attempts: int = 4, force: bool = False) -> PullResult:
    """Fetch catalogue model `name`, verify it, install it as `<store>/NAME`
    and record repository and resolved commit in the registry."""
    entry = catalog_entry(name)
    if not entry.cleared:
        raise ModelError(msg.not_cleared(name))
    t0 = time.monotonic()
    models_dir().mkdir(parents=True, exist_ok=True)
    registry.check_name_free(name)
    commit, files = remote_files(entry)
    installed = registry.installed_entry(name)
    if not force and installed and installed.get("revision") == commit and (models_dir() / name).is_dir():
        return PullResult(
            name, models_dir() / name, entry.repo, commit, dict(installed.get("sha256", {})), already=True
        )
    try:
        with _pull_lock(name):
            staging = _staging(name, commit)
            check_disk(entry, staging, files)
            downloaded = _download_all(entry, commit, files, staging, progress, attempts)
            sha = _verify_all(entry, staging, files)
            path = _install(entry, commit, files, staging, sha)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ModelError(msg.pull_disk_full(name, 0, shutil.disk_usage(models_dir()).free)) from None
        raise ModelError(msg.store_write_failed(models_dir(), exc)) from None
    return PullResult(name, path, entry.repo, commit, sha, downloaded, time.monotonic() - t0)


def _download_all(
    entry: CatalogEntry, commit: str, files: list[RemoteFile], staging: Path, progress: bool, attempts: int
) -> int:
    from huggingface_hub import hf_hub_download  # lazy: only `pull` needs huggingface_hub

    before = _partial_bytes(staging) + sum(
        (staging / f.path).stat().st_size for f in files if (staging / f.path).is_file()
    )
    for remote in files:
        for attempt in range(1, attempts + 1):
            try:
                hf_hub_download(
                    entry.repo,
                    remote.path,
                    revision=commit,
                    local_dir=staging,
                    cache_dir=staging / ".hf-cache",
                    endpoint=os.environ.get("HF_ENDPOINT") or None,
                    etag_timeout=META_TIMEOUT,
                    tqdm_class=_progress_class(progress, remote.local_name),
                )
                break
            except Exception as exc:  # mapped to a message below
                error = _hub_error(exc, entry)
                if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                    raise
                if attempt == attempts or not _retryable(exc):
                    raise error from None
                time.sleep(min(2.0 * attempt, 10.0))  # the next call resumes from the .incomplete file
    after = sum((staging / f.path).stat().st_size for f in files)
    return max(0, after - before)


def _retryable(exc: BaseException) -> bool:
    import httpx  # lazy: only `pull` needs httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError)) or (
        isinstance(exc, OSError) and "Consistency check failed" in str(exc)
    )


def _verify_all(entry: CatalogEntry, staging: Path, files: list[RemoteFile]) -> dict[str, str]:
    sha = {}
    for remote in files:
        path = staging / remote.path
        problem = check_file(path, remote)
        if problem:
            path.unlink(missing_ok=True)  # the next pull fetches it again
            raise ModelError(msg.pull_checksum_mismatch(entry.name, remote.path, problem))
        sha[remote.local_name] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if remote.sha256 is None else remote.sha256
        )
    return sha


def _install(entry: CatalogEntry, commit: str, files: list[RemoteFile], staging: Path, sha: dict[str, str]) -> Path:
    kind = KIND if entry.kind == "asr" else VOICE_KIND
    with store_lock():
        final = models_dir() / f".{entry.name}.{os.getpid()}.part"
        shutil.rmtree(final, ignore_errors=True)
        final.mkdir()
        try:
            for remote in files:
                os.replace(staging / remote.path, final / remote.local_name)
            validate_model_dir(final) if kind == KIND else voice_onnx(final)
            write_file_stamp(final, sha)
            path = install_staged(final, entry.name)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
        registry.record_installed(
            entry.name, kind, locked=True, source="hub", repo=entry.repo, revision=commit, sha256=sha
        )
    shutil.rmtree(staging, ignore_errors=True)
    return path
