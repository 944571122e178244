"""gtts: Google Translate's text-to-speech (lang "vi") through the gTTS library.

Needs the network. Each sentence is one chunk (gTTS itself cuts chunks over
100 characters into several requests); chunks are cached by text + settings.
Requests are throttled, retried with exponential backoff on HTTP 429, 5xx and
time-outs; when the host cannot be reached the engine says so at once and the
fallback chain moves on.

gTTS sends its requests through the proxies of the standard environment
(HTTPS_PROXY / https_proxy), as every `requests` client does; that is how an
office behind a proxy uses it, and how the tests point the unchanged code path
at a local stand-in (tests/broadcast/gtts_standin.py).
"""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import requests
from gtts import gTTS, gTTSError

from broadcast.messages import engines as M
from broadcast.tts.base import Engine, EngineUnavailable, Speech, register

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_BACKOFF = 30.0


@register("gtts")
class GttsEngine(Engine):
    _lock = threading.Lock()
    _last_request = 0.0  # shared by all instances: one process, one rate limit

    def __init__(
        self,
        speed: float = 1.0,
        cache: Any = None,
        lang: str = "vi",
        tld: str = "com",
        slow: bool = False,
        timeout: float = 10.0,
        retries: int = 4,
        backoff: float = 1.0,
        throttle: float = 0.5,
    ) -> None:
        super().__init__(speed, cache)
        self.lang, self.tld, self.slow = lang, tld, bool(slow)
        self.timeout, self.retries, self.backoff, self.throttle = (
            float(timeout),
            int(retries),
            float(backoff),
            float(throttle),
        )
        self.requests_made = 0  # one per chunk attempt (gTTS may send several HTTP requests per chunk)

    def settings(self) -> dict[str, Any]:
        return {"lang": self.lang, "tld": self.tld, "slow": self.slow}

    def _wait_turn(self) -> None:
        with GttsEngine._lock:
            wait = GttsEngine._last_request + self.throttle - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            GttsEngine._last_request = time.monotonic()

    def synthesize(self, text: str) -> Speech:
        attempt = 0
        while True:
            self._wait_turn()
            self.requests_made += 1
            try:
                buf = io.BytesIO()
                gTTS(
                    text, lang=self.lang, tld=self.tld, slow=self.slow, lang_check=False, timeout=self.timeout
                ).write_to_fp(buf)
                if not buf.getvalue():
                    raise EngineUnavailable(lambda fb: M.gtts_failed(M.GTTS_EMPTY, fb))
                return Speech(buf.getvalue(), "mp3")
            except gTTSError as exc:
                retry_in, give_up = self._classify(exc, attempt)
            if attempt >= self.retries:
                raise give_up
            time.sleep(retry_in)
            attempt += 1

    def _classify(self, exc: gTTSError, attempt: int) -> tuple[float, EngineUnavailable]:
        """(seconds to wait before retrying, the error if retries run out).
        Raises at once for errors a retry cannot fix."""
        rsp = exc.rsp
        cause = exc.__context__  # gTTS raises gTTSError inside `except RequestException`
        delay = min(MAX_BACKOFF, self.backoff * 2**attempt)
        if rsp is not None:
            detail = f"HTTP {rsp.status_code}"
            if rsp.status_code not in RETRY_STATUS:
                raise EngineUnavailable(lambda fb: M.gtts_failed(detail, fb)) from None
            retry_after = rsp.headers.get("Retry-After", "")
            if retry_after.isdigit():
                delay = min(MAX_BACKOFF, max(delay, float(retry_after)))
            return delay, EngineUnavailable(lambda fb: M.gtts_failed(detail, fb))
        if isinstance(cause, requests.exceptions.Timeout) and not isinstance(cause, requests.exceptions.ConnectTimeout):
            seconds = self.timeout
            return delay, EngineUnavailable(lambda fb: M.gtts_timeout(seconds, fb))
        # Connection refused, DNS failure, proxy down: offline; retrying only delays the fallback.
        raise EngineUnavailable(lambda fb: M.gtts_offline(fb)) from None
