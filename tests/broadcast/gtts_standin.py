"""A local stand-in for Google Translate's TTS endpoint, for tests.

gTTS POSTs to https://translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute
a form field `f.req` = [[["jQ1olc", "[text, lang, speed, \"null\"]", null, "generic"]]]
and reads, from a `)]}'`-prefixed response, the line holding
`"jQ1olc","[\"<base64 MP3>\"]"`. It sends through the proxies of the standard
environment (`urllib.request.getproxies()`) with `verify=False`.

So this stand-in is an HTTPS proxy that intercepts: it answers CONNECT, ends
the tunnel's TLS itself with a throw-away self-signed certificate (made with
the openssl command line), and serves the batchexecute protocol with real MP3
speech made by espeak-ng + ffmpeg. Setting HTTPS_PROXY to `standin.proxy_url`
makes the unchanged production code path (our engine → gTTS → requests)
talk to it. Failure modes: the first `fail_first` POSTs answer `fail_status`
(429, 503, …); `delay` seconds before every answer (time-outs).
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RPC_ID = "jQ1olc"
PATH = "/_/TranslateWebserverUi/data/batchexecute"


def speak_mp3(text: str, lang: str = "vi") -> bytes:
    """Real speech: espeak-ng WAV → ffmpeg MP3 (24 kHz mono 32 kbit/s, like Google's)."""
    wav = subprocess.run(
        ["espeak-ng", "-v", lang, "--stdout"], input=text.encode(), capture_output=True, check=True
    ).stdout
    return subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "wav",
            "-i",
            "pipe:0",
            "-ar",
            "24000",
            "-ac",
            "1",
            "-b:a",
            "32k",
            "-f",
            "mp3",
            "pipe:1",
        ],
        input=wav,
        capture_output=True,
        check=True,
    ).stdout


def batchexecute_response(mp3: bytes) -> bytes:
    """The body Google sends: anti-XSSI prefix, length-prefixed JSON chunks."""
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    line = json.dumps([["wrb.fr", RPC_ID, inner, None, None, None, "generic"]], separators=(",", ":"))
    tail = json.dumps([["di", 42], ["af.httprm", 41, "-1234567890", 7]], separators=(",", ":"))
    return f")]}}'\n\n{len(line)}\n{line}\n{len(tail)}\n{tail}\n".encode()


def parse_freq(body: bytes) -> tuple[str, list]:
    """(rpc id, [text, lang, speed, "null"]) from the form body gTTS sends."""
    form = urllib.parse.parse_qs(body.decode("utf-8"))
    rpc = json.loads(form["f.req"][0])
    rpc_id, params = rpc[0][0][0], json.loads(rpc[0][0][1])
    return rpc_id, params


def _self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=translate.google.com",
        ],
        capture_output=True,
        check=True,
    )
    return cert, key


class GttsStandIn:
    """Use as a context manager; then set HTTPS_PROXY = standin.proxy_url."""

    def __init__(self, fail_first: int = 0, fail_status: int = 429, delay: float = 0.0) -> None:
        self.fail_first, self.fail_status, self.delay = fail_first, fail_status, delay
        self.posts: list[dict] = []  # every POST: {"status", "text", "lang", "host"}
        self.connects: list[str] = []
        self._tmp = tempfile.TemporaryDirectory(prefix="gtts-standin-")
        cert, key = _self_signed(Path(self._tmp.name))
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(cert, key)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def texts(self) -> list[str]:
        return [p["text"] for p in self.posts if p["status"] == 200]

    def __enter__(self) -> GttsStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._tmp.cleanup()

    def _record(self, host: str, body: bytes) -> dict:
        """Log the request as it arrives and decide its status."""
        rpc_id, params = parse_freq(body)
        with self._lock:
            status = self.fail_status if len(self.posts) < self.fail_first else 200
            if rpc_id != RPC_ID:
                status = 400
            post = {"status": status, "text": params[0], "lang": params[1], "host": host}
            self.posts.append(post)
        return post

    @staticmethod
    def _answer(post: dict) -> tuple[int, bytes]:
        if post["status"] != 200:
            return post["status"], b")]}'\n\n[]\n"
        return 200, batchexecute_response(speak_mp3(post["text"], "vi" if post["lang"] == "vi" else "en"))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            tunnel_host = ""

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_CONNECT(self) -> None:
                standin.connects.append(self.path)
                self.tunnel_host = self.path.split(":")[0]
                self.send_response(200, "Connection Established")
                self.end_headers()
                self.wfile.flush()
                try:
                    tls = standin._tls.wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    self.close_connection = True
                    return
                self.connection = tls
                self.rfile = tls.makefile("rb")
                self.wfile = tls.makefile("wb")
                self.close_connection = False

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if not self.tunnel_host.startswith("translate.google.") or self.path.split("?")[0] != PATH:
                    self._send(404, b"not found")
                    return
                post = standin._record(self.tunnel_host, body)
                if standin.delay:
                    time.sleep(standin.delay)
                status, payload = standin._answer(post)
                self._send(status, payload)

            def _send(self, status: int, payload: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    self.wfile.flush()
                except (OSError, ssl.SSLError):  # the client gave up (time-out tests)
                    self.close_connection = True

        return Handler


def closed_port() -> int:
    """A local port nobody listens on (connection refused: 'offline')."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
