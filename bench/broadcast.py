"""Benchmark: render a 60-second loudspeaker notice with the offline engine.

Prints the render time (wall clock, and CPU time so that a busy machine
does not hide the figure; normalisation, espeak-ng, mastering, MP3 + WAV
export, atomic writes) beside the audio duration, the real-time ratio and a
baseline measured in the same run: espeak-ng alone writing a WAV of the same
spoken text, the least any renderer must spend. Target: < 5 s.

    .venv/bin/python bench/broadcast.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file is named broadcast.py: keep its folder off the import path so that
# `broadcast` is the library, not this script.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from doithoai.services import broadcast as service  # noqa: E402

# About 30 seconds of espeak-ng speech, read twice with chimes: a 60-second notice.
NOTICE = (
    "Ngày 15/10/2025 Trạm y tế xã tổ chức tiêm vắc xin phòng bệnh sởi "
    "cho trẻ từ 1 đến 5 tuổi tại nhà văn hóa thôn Phước Hòa, từ 7h30. "
    "Chi tiết xin gọi 0255.3851.234."
)


FLAGS = service.EventFlags(
    station="Đài truyền thanh xã Bình Thanh", organiser="UBND xã Bình Thanh", engine="espeak-ng", fallback=()
)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (espeak-ng, ffmpeg)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def render_once(out_dir: Path) -> tuple[float, float, float]:
    req = service.AnnounceRequest(
        output=out_dir / "thong-bao.mp3",
        text=NOTICE,
        flags=FLAGS,
        cache_dir=out_dir / "cache",
    )
    t0, c0 = time.perf_counter(), cpu_seconds()
    result = service.announce(req)
    return time.perf_counter() - t0, cpu_seconds() - c0, result.duration


def baseline_once(text: str, out_dir: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", "vi", "-s", "145", "-w", str(out_dir / "raw.wav"), text], check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        d = Path(tmp)
        render_once(d)  # warm-up: imports, first ffmpeg start
        renders, cpus, duration = [], [], 0.0
        for _ in range(args.runs):
            seconds, cpu, duration = render_once(d)
            renders.append(seconds)
            cpus.append(cpu)
        prepared = service.prepare(service.AnnounceRequest(output=d / "x.mp3", text=NOTICE, flags=FLAGS))
        spoken = "\n".join(prepared.spoken)
        base = statistics.median(baseline_once(spoken, d) for _ in range(args.runs))
    render = statistics.median(renders)
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"audio duration:        {duration:6.1f} s")
    print(f"render (median of {args.runs}):  {render:6.2f} s   (target < 5 s: {'OK' if render < 5 else 'SLOW'})")
    print(
        f"CPU time (median):     {statistics.median(cpus):6.2f} s   (this process + espeak-ng/ffmpeg; independent of other load)"
    )
    print(f"real-time ratio:       {render / duration:6.3f}  (render time / audio time)")
    print(f"baseline espeak-ng:    {base:6.2f} s   render / baseline = {render / base:.1f}x")


if __name__ == "__main__":
    main()
