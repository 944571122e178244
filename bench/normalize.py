"""Speech-normalisation benchmark: cost of `Normalizer.normalize` on realistic
notices, against a baseline measured in the same run.

    .venv/bin/python bench/normalize.py [--repeat 20]

Baseline: the least any normaliser must do to the same text (NFC, one regex
pass over every token, whitespace tidy). Printed: characters per second for
both, the ratio ours/baseline, and the real-time factor against the speech
the text becomes (at 14 characters a second, a radio reading pace): the
normaliser should be a vanishing part of rendering a notice.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "broadcast"))

from test_normalize_properties import NOTICES  # noqa: E402

from broadcast.normalize import Normalizer  # noqa: E402

SPEECH_CHARS_PER_SECOND = 14.0
_TOKEN = re.compile(r"\S+")


def baseline(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _TOKEN.sub(lambda m: m.group(0), text)
    return re.sub(r"[ \t]+", " ", text).strip()


def timed(fn, texts: list[str], repeat: int) -> tuple[float, list[str]]:
    start = time.perf_counter()
    for _ in range(repeat):
        out = [fn(t) for t in texts]
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    t0 = time.perf_counter()
    normalizer = Normalizer()
    load = time.perf_counter() - t0
    chars = sum(len(t) for t in NOTICES) * args.repeat

    base_s, _ = timed(baseline, NOTICES, args.repeat)
    ours_s, out = timed(normalizer.normalize, NOTICES, args.repeat)
    spoken_s = sum(len(t) for t in out) * args.repeat / SPEECH_CHARS_PER_SECOND

    print(f"notices: {len(NOTICES)} × {args.repeat}, {chars} characters; dictionary load {load * 1000:.1f} ms")
    print(f"baseline : {chars / base_s:12.0f} chars/s")
    print(f"normalise: {chars / ours_s:12.0f} chars/s  ({ours_s / len(NOTICES) / args.repeat * 1000:.2f} ms a notice)")
    print(f"ratio normalise/baseline: {ours_s / base_s:.1f}")
    print(f"real-time factor (normalise time / speech duration): {ours_s / spoken_s:.5f}")


if __name__ == "__main__":
    main()
