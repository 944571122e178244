"""A local stand-in for a Hugging Face model hub, for the tests: an HTTP
server on a free port speaking what huggingface_hub 1.x uses (read from its
file_download.py, hf_api.py and utils/_http.py):

  GET  /api/models/{repo}[/revision/{rev}]?blobs=true   repository info:
       commit `sha` and `siblings` with size, blobId and lfs {sha256, size}
  HEAD|GET /{repo}/resolve/{rev}/{path}   small files: 200 with ETag (git
       blob id), X-Repo-Commit, Content-Length; LFS files: 302 to /cdn/{sha256}
       with X-Linked-Etag, X-Linked-Size and X-Repo-Commit, like the hub's CDN
  HEAD|GET /cdn/{sha256}                 the LFS bytes, with Range requests
  errors carry X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound)

Faults for the tests: drop the connection after N bytes of a file (once),
declare a wrong sha256, slow every chunk down. `requests` logs what was asked.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".bin", ".onnx", ".safetensors")


@dataclass
class HubFile:
    path: str
    data: bytes
    lfs: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def blob_id(self) -> str:  # git's object id of the file (what the hub reports as blobId)
        return hashlib.sha1(b"blob %d\0" % len(self.data) + self.data).hexdigest()


@dataclass
class HubRepo:
    repo_id: str
    files: dict[str, HubFile]
    commit: str


@dataclass
class Request:
    method: str
    path: str
    range: str | None


@dataclass
class HubStandIn:
    repos: dict[str, HubRepo] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    drop_after: dict[str, int] = field(default_factory=dict)  # sha256 → bytes sent before the connection drops (once)
    declared_sha: dict[str, str] = field(default_factory=dict)  # "repo/path" → sha256 the hub claims instead
    chunk_delay: float = 0.0  # seconds between 64 KiB chunks
    url: str = ""

    def add_repo(self, repo_id: str, files: dict[str, bytes | Path], commit: str | None = None) -> str:
        hub_files = {}
        for path, content in files.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            hub_files[path] = HubFile(path, data, path.endswith(LFS_SUFFIXES))
        listing = "".join(f"{p}:{f.sha256}\n" for p, f in sorted(hub_files.items()))
        commit = commit or hashlib.sha1((repo_id + listing).encode()).hexdigest()
        self.repos[repo_id] = HubRepo(repo_id, hub_files, commit)
        return commit

    def blob(self, sha256: str) -> HubFile | None:
        for repo in self.repos.values():
            for f in repo.files.values():
                if f.sha256 == sha256:
                    return f
        return None

    def start(self) -> str:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def gets(self, suffix: str = "") -> list[Request]:
        return [r for r in self.requests if r.method == "GET" and r.path.endswith(suffix)]


def _handler(hub: HubStandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._route(head=True)

        def do_GET(self) -> None:
            self._route(head=False)

        # -- routing ----------------------------------------------------------
        def _route(self, head: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.requests.append(Request(self.command, path, self.headers.get("Range")))
            parts = path.strip("/").split("/")
            if parts[:2] == ["api", "models"] and len(parts) >= 4:
                self._api(parts[2:])
            elif parts[0] == "cdn" and len(parts) == 2:
                self._cdn(parts[1], head)
            elif len(parts) >= 5 and parts[2] == "resolve":
                self._resolve("/".join(parts[:2]), parts[3], "/".join(parts[4:]), head)
            else:
                self._error(404, "RepoNotFound")

        def _repo_at(self, repo_id: str, rev: str) -> HubRepo | None:
            repo = hub.repos.get(repo_id)
            if repo is None:
                self._error(404, "RepoNotFound")
                return None
            if rev not in ("main", repo.commit):
                self._error(404, "RevisionNotFound", repo.commit)
                return None
            return repo

        def _api(self, parts: list[str]) -> None:
            repo_id, rev = "/".join(parts[:2]), "main"
            if len(parts) == 4 and parts[2] == "revision":
                rev = parts[3]
            repo = self._repo_at(repo_id, rev)
            if repo is None:
                return
            siblings = []
            for f in repo.files.values():
                sha = hub.declared_sha.get(f"{repo_id}/{f.path}", f.sha256)
                sib = {"rfilename": f.path, "size": len(f.data), "blobId": f.blob_id}
                if f.lfs:
                    sib["lfs"] = {"sha256": sha, "size": len(f.data), "pointerSize": 134}
                siblings.append(sib)
            body = json.dumps(
                {
                    "_id": "x",
                    "id": repo_id,
                    "modelId": repo_id,
                    "sha": repo.commit,
                    "private": False,
                    "siblings": siblings,
                    "tags": [],
                    "downloads": 0,
                    "likes": 0,
                }
            ).encode()
            self._send(200, body, {"Content-Type": "application/json"})

        def _resolve(self, repo_id: str, rev: str, file: str, head: bool) -> None:
            repo = self._repo_at(repo_id, rev)
            if repo is None:
                return
            f = repo.files.get(file)
            if f is None:
                self._error(404, "EntryNotFound", repo.commit)
                return
            common = {"X-Repo-Commit": repo.commit}
            if f.lfs:
                sha = hub.declared_sha.get(f"{repo_id}/{f.path}", f.sha256)
                host = self.headers.get("Host")
                self._send(
                    302,
                    b"",
                    {
                        **common,
                        "Location": f"http://{host}/cdn/{f.sha256}",
                        "ETag": f'"{f.blob_id}"',
                        "X-Linked-Etag": f'"{sha}"',
                        "X-Linked-Size": str(len(f.data)),
                    },
                    head=True,
                )
                return
            self._bytes(f.data, f'"{f.blob_id}"', head, common)

        def _cdn(self, sha256: str, head: bool) -> None:
            f = hub.blob(sha256)
            if f is None:
                self._error(404, "EntryNotFound")
                return
            self._bytes(f.data, f'"{sha256}"', head, {}, drop_key=sha256)

        # -- responses --------------------------------------------------------
        def _bytes(self, data: bytes, etag: str, head: bool, extra: dict, drop_key: str | None = None) -> None:
            start, end, status = 0, len(data) - 1, 200
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                a, _, b = rng[6:].partition("-")
                start, end, status = int(a), int(b) if b else len(data) - 1, 206
                if start >= len(data):
                    self._send(416, b"", {"Content-Range": f"bytes */{len(data)}"})
                    return
            headers = {
                **extra,
                "ETag": etag,
                "Accept-Ranges": "bytes",
                "Content-Type": "application/octet-stream",
                "Content-Length": str(end - start + 1),
            }
            if status == 206:
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if head:
                return
            body = data[start : end + 1]
            cut = hub.drop_after.pop(drop_key, None) if drop_key else None
            step = 1 << 16
            for i in range(0, len(body), step):
                piece = body[i : i + step]
                if cut is not None and i + len(piece) >= cut:
                    self.wfile.write(body[i:cut] if cut > i else b"")
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)  # the connection drops mid-file
                    return
                self.wfile.write(piece)
                if hub.chunk_delay:
                    time.sleep(hub.chunk_delay)

        def _send(self, status: int, body: bytes, headers: dict, head: bool = False) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and not head and self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, code: str, commit: str | None = None) -> None:
            body = json.dumps({"error": code}).encode()
            headers = {"X-Error-Code": code, "Content-Type": "application/json"}
            if commit:
                headers["X-Repo-Commit"] = commit
            self._send(status, body, headers)

    return Handler
