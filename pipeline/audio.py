"""Audio ingest: probe any file ffmpeg reads and stream it as 16 kHz mono.

`probe` rejects what cannot be transcribed (empty, corrupt, truncated,
non-audio, video without sound, unsupported, silent) with a clear
BadInputError before any work starts. `iter_pcm` decodes with an ffmpeg
subprocess in fixed-size blocks, so a 3-hour recording is never held in
memory at its original rate; `load_pcm` is for short regions.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np

from pipeline.errors import BadInputError, UserError
from pipeline.messages import audio as msg

SAMPLE_RATE = 16000
# A frame of 0.5 s whose RMS is above -60 dBFS counts as signal. Digital
# silence is 0, dither about -90 dBFS; even quiet far-mic speech is above -50.
SIGNAL_RMS = 10 ** (-60 / 20)
_FRAME = SAMPLE_RATE // 2
_PROBE_TIMEOUT = 120

AUDIO_EXTENSIONS = {
    ".wav",
    ".wave",
    ".mp3",
    ".m4a",
    ".aac",
    ".mp4",
    ".m4v",
    ".mov",
    ".3gp",
    ".3ga",
    ".ogg",
    ".oga",
    ".opus",
    ".amr",
    ".awb",
    ".flac",
    ".wma",
    ".asf",
    ".wmv",
    ".mkv",
    ".mka",
    ".webm",
    ".aif",
    ".aiff",
    ".caf",
    ".ac3",
    ".mp2",
    ".mpga",
    ".avi",
    ".ts",
    ".mts",
    ".flv",
}


@dataclass
class AudioInfo:
    path: Path
    duration: float  # seconds
    format_name: str  # ffmpeg container name, e.g. "wav", "mov,mp4,m4a,3gp,3g2,mj2"
    codec: str  # codec of the audio stream used, e.g. "pcm_s16le", "aac"
    sample_rate: int
    channels: int
    size: int  # bytes
    has_video: bool = False


def _tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        raise UserError(msg.tool_missing(name))
    return exe


# --- probing -------------------------------------------------------------------

# first bytes → key of pipeline.messages.audio._NON_AUDIO_KINDS
_MAGIC = [
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),
    (b"{\\rtf", "rtf"),
]


def _sniff_non_audio(head: bytes) -> str | None:
    """Recognise common non-audio files by their first bytes (a key of
    pipeline.messages.audio._NON_AUDIO_KINDS)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"#!AMR", b"RIFF", b"ID3", b"OggS", b"fLaC", b"FORM")):
        return None  # audio, even if what follows is printable (AMR silence frames are "|")
    sample = head[:4096]
    if sample and not any(b < 9 or 13 < b < 32 for b in sample):
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 4:  # not just a character cut at the end
                return None
        return "text"
    return None


def _wav_truncation(path: Path, size: int) -> tuple[int, int] | None:
    """For a RIFF/WAVE file whose data chunk declares more bytes than the file
    holds, return (declared, present). 0 and 0xFFFFFFFF mean "unknown" (a
    recorder that stopped before fixing the header) and are accepted."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not (head.startswith(b"RIFF") and head[8:12] == b"WAVE"):
        return None
    pos = 12
    while pos + 8 <= len(head):
        chunk, length = head[pos : pos + 4], int.from_bytes(head[pos + 4 : pos + 8], "little")
        if chunk == b"data":
            present = size - (pos + 8)
            if length in (0, 0xFFFFFFFF) or length <= present:
                return None
            return length, present
        pos += 8 + length + (length & 1)
    return None


def probe(path: str | Path, check_signal: bool = True) -> AudioInfo:
    """Describe an audio (or video) file, or raise BadInputError saying
    clearly why it cannot be used. With `check_signal`, also reject files
    with no usable sound (cheap in the usual case: see `has_signal`)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise BadInputError(msg.audio_not_found(path))
    if path.is_dir():
        raise BadInputError(msg.audio_is_folder(path))
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise BadInputError(msg.audio_unreadable(path, exc.strerror)) from None
    if size == 0:
        raise BadInputError(msg.audio_empty(path))
    kind = _sniff_non_audio(head)
    if kind is not None:
        raise BadInputError(msg.not_audio(path, kind))

    try:
        proc = subprocess.run(
            [_tool("ffprobe"), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", f"file:{path}"],
            capture_output=True,
            timeout=_PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BadInputError(msg.probe_timeout(path, _PROBE_TIMEOUT)) from None
    info = None
    if proc.returncode == 0:
        try:
            info = json.loads(proc.stdout.decode("utf-8", "replace"))
        except ValueError:
            info = None
    if not info or "format" not in info:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail_text = detail[-1] if detail else ""
        if "moov atom not found" in proc.stderr.decode("utf-8", "replace"):
            raise BadInputError(msg.truncated_mp4(path))
        if path.suffix.lower() in AUDIO_EXTENSIONS:
            raise BadInputError(msg.corrupt_audio(path, detail_text))
        raise BadInputError(msg.unsupported_format(path, detail_text))

    fmt = info["format"]
    streams = info.get("streams", [])
    audio = [s for s in streams if s.get("codec_type") == "audio"]
    video = [s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")]
    format_name = str(fmt.get("format_name", ""))
    if not audio:
        if format_name.endswith("_pipe") or format_name in ("image2", "gif", "webp_pipe"):
            raise BadInputError(msg.image_not_audio(path))
        if video:
            raise BadInputError(msg.video_without_sound(path))
        raise BadInputError(msg.no_audio_stream(path))
    stream = audio[0]
    if not stream.get("codec_name") or stream.get("codec_name") == "none":
        raise BadInputError(msg.unsupported_codec(path))
    duration = _float(fmt.get("duration")) or _float(stream.get("duration"))
    if not duration or set(format_name.split(",")) & _ESTIMATED:
        duration = _demux_duration(path) or duration
    if not duration or duration <= 0:
        raise BadInputError(msg.unknown_duration(path))
    cut = _wav_truncation(path, size)
    if cut is not None and cut[1] < 0.99 * cut[0]:
        raise BadInputError(msg.truncated_wav(path, *cut))
    if _exact_duration(format_name) and not _tail_decodes(path, duration):
        raise BadInputError(msg.truncated_tail(path, duration))
    result = AudioInfo(
        path=path,
        duration=duration,
        format_name=format_name,
        codec=str(stream["codec_name"]),
        sample_rate=int(_float(stream.get("sample_rate")) or 0),
        channels=int(stream.get("channels") or 0),
        size=size,
        has_video=bool(video),
    )
    if check_signal and not has_signal(path, duration):
        raise BadInputError(msg.silent_recording(path))
    return result


# Raw streams with no length in a header: ffprobe guesses from the bitrate
# (AMR with pauses was 6 % short), so the packets are counted instead.
_ESTIMATED = {"mp3", "aac", "amr", "ac3", "eac3", "mp2", "adts"}


def _demux_duration(path: Path) -> float | None:
    """Exact length from reading the audio packets without decoding them
    (about 1 s for an hour of MP3)."""
    cmd = [
        _tool("ffmpeg"),
        "-nostdin",
        "-v",
        "error",
        "-i",
        f"file:{path}",
        "-map",
        "0:a:0",
        "-c",
        "copy",
        "-f",
        "null",
        "-progress",
        "pipe:1",
        "-nostats",
        "-",
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=_PROBE_TIMEOUT, check=False).stdout.decode(
            "ascii", "replace"
        )
    except subprocess.TimeoutExpired:
        return None
    times = [line.split("=", 1)[1] for line in out.splitlines() if line.startswith("out_time_us=")]
    seconds = (_float(times[-1]) or 0.0) / 1e6 if times else 0.0
    return seconds if seconds > 0 else None


def _exact_duration(format_name: str) -> bool:
    """Containers whose header states the real length (so a missing end is
    truncation). mp3/aac/amr durations are estimated from the bitrate, so an
    empty tail there proves nothing."""
    names = set(format_name.split(","))
    return bool(names & {"mov", "mp4", "flac", "matroska", "webm", "asf", "ogg"})


def _tail_decodes(path: Path, duration: float) -> bool:
    """Decode the last 2 s (seeking, so cheap): a truncated file yields
    (almost) nothing there."""
    start = max(duration - 2.0, 0.0)
    try:
        got = sum(len(b) for b in iter_pcm(path, start=start, block_seconds=5.0))
    except BadInputError:
        return False
    return got >= 0.25 * (duration - start) * SAMPLE_RATE


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _block_has_signal(block: np.ndarray) -> bool:
    n = len(block) // _FRAME * _FRAME
    frames = [block[:n].reshape(-1, _FRAME)] if n else []
    if len(block) - n:
        frames.append(block[n:][None, :])
    return any(float(np.sqrt(np.mean(np.square(f, dtype=np.float64), axis=1)).max()) > SIGNAL_RMS for f in frames)


def has_signal(path: str | Path, duration: float, windows: int = 8, window_seconds: float = 3.0) -> bool:
    """True if the file has any usable sound.

    Decodes a few short windows spread over the file first (one is enough for
    a normal recording); only if all are quiet does it scan the whole file,
    block by block, stopping at the first sound. So a normal 3-hour file costs
    a fraction of a second and a file is never rejected for sound the sample
    missed."""
    if duration > windows * window_seconds * 2:
        step = duration / windows
        for i in range(windows):
            start = step * i + step / 2 - window_seconds / 2
            if _block_has_signal(load_pcm(path, start, start + window_seconds)):
                return True
    return any(_block_has_signal(block) for block in iter_pcm(path, block_seconds=60.0))


# --- decoding ----------------------------------------------------------------


def _ffmpeg_cmd(path: Path, start: float, end: float | None) -> list[str]:
    cmd = [_tool("ffmpeg"), "-nostdin", "-hide_banner", "-loglevel", "error"]
    if start > 0:
        cmd += ["-ss", f"{start:.3f}"]  # before -i: seek in the input, earlier audio is not decoded
    cmd += ["-i", f"file:{path}", "-map", "0:a:0", "-vn", "-sn", "-dn"]
    if end is not None:
        cmd += ["-t", f"{max(end - start, 0.0):.3f}"]
    # Keep the timeline: where a decoder drops frames (AMR comfort-noise
    # frames, broken packets) pad with silence so later times stay right.
    cmd += ["-af", "aresample=async=1:first_pts=0", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "pipe:1"]
    return cmd


def iter_pcm(
    path: str | Path, start: float = 0.0, block_seconds: float = 30.0, end: float | None = None
) -> Iterator[np.ndarray]:
    """Yield the audio from `start` (to `end`) as 16 kHz mono float32 blocks
    of `block_seconds` (the last may be shorter), decoded by a streaming
    ffmpeg process that is stopped if the consumer stops early."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise BadInputError(msg.audio_not_found(path))
    start = max(float(start), 0.0)
    if end is not None and end <= start:
        return
    block_bytes = max(int(block_seconds * SAMPLE_RATE), 1) * 4
    with tempfile.TemporaryFile() as errfile:  # a file, not a pipe: ffmpeg can never block on stderr
        proc = subprocess.Popen(
            _ffmpeg_cmd(path, start, end), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errfile
        )
        total = 0
        try:
            stdout = cast(io.BufferedReader, proc.stdout)  # stdout=PIPE, binary, buffered
            while True:
                buf = bytearray(block_bytes)
                view, got = memoryview(buf), 0
                while got < block_bytes:
                    n = stdout.readinto(view[got:])
                    if not n:
                        break
                    got += n
                got -= got % 4
                if got:
                    total += got
                    yield np.frombuffer(buf, dtype=np.float32, count=got // 4)
                if got < block_bytes:
                    break
            rc = proc.wait()
            errfile.seek(0)
            errors = errfile.read().decode("utf-8", "replace")
            # ffmpeg exits 0 on a file that ends early; the demuxer says "partial file".
            if rc != 0 or (total == 0 and start == 0) or "partial file" in errors:
                lines = errors.strip().splitlines()
                detail = lines[-1] if lines else f"ffmpeg exit {rc}"
                raise BadInputError(msg.decode_failed(path, start + total / 4 / SAMPLE_RATE, detail))
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def load_pcm(path: str | Path, start: float = 0.0, end: float | None = None) -> np.ndarray:
    """The region [start, end) (whole file if end is None) as one 16 kHz mono
    float32 array. For short files and regions only; use iter_pcm for long work."""
    blocks = list(iter_pcm(path, start=start, end=end, block_seconds=60.0))
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
