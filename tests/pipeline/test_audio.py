"""Audio ingest on real speech: every supported format decodes to the same
16 kHz mono signal, streaming works, and every kind of bad input gets its own
clear BadInputError (exit code 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline import audio
from pipeline.errors import BadInputError

ROOT = Path(__file__).resolve().parents[2]


def ffmpeg(*args: str | Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True)


def _has_encoder(name: str) -> bool:
    out = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True, check=False).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if len(line.split()) > 1)


def _sox_amr(src: Path, dest: Path) -> bool:
    """Debian's ffmpeg decodes AMR but usually cannot encode it; sox can when
    libopencore-amrnb is installed."""
    try:
        subprocess.run(
            ["sox", str(src), "-r", "8000", "-c", "1", "-t", "amr-nb", str(dest)], check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError):
        return False
    return dest.stat().st_size > 0


@pytest.fixture(scope="module")
def speech(clips, tmp_path_factory) -> Path:
    """All real clips joined (about 11 s), as 44.1 kHz stereo WAV like a phone would record."""
    out = tmp_path_factory.mktemp("speech") / "speech.wav"
    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{c.wav}'\n" for c in clips))
    ffmpeg("-f", "concat", "-safe", "0", "-i", listing, "-ar", "44100", "-ac", "2", out)
    return out


@pytest.fixture(scope="module")
def reference(speech) -> np.ndarray:
    return audio.load_pcm(speech)


def _similarity(a: np.ndarray, b: np.ndarray, max_lag: int = 1600) -> tuple[float, float]:
    """Normalised correlation at the best lag up to 0.1 s (codec delay), and RMS ratio b/a."""
    n = min(len(a), len(b))
    a, b = a[:n].astype(np.float64), b[:n].astype(np.float64)
    size = 1 << (2 * n).bit_length()
    xcorr = np.fft.irfft(np.fft.rfft(b, size) * np.conj(np.fft.rfft(a, size)), size)
    lags = np.r_[0 : max_lag + 1, -max_lag:0]
    lag = int(lags[np.argmax(xcorr[lags])])
    x, y = (a[: n - lag], b[lag:]) if lag >= 0 else (a[-lag:], b[: n + lag])
    corr = float(np.corrcoef(x, y)[0, 1])
    rms = float(np.sqrt(np.mean(b**2)) / np.sqrt(np.mean(a**2)))
    return corr, rms


FORMATS = [
    ("wav", ["-c:a", "pcm_s16le", "-ar", "8000", "-ac", "1"], None),
    ("mp3", ["-c:a", "libmp3lame", "-b:a", "64k"], None),
    ("m4a", ["-c:a", "aac", "-b:a", "64k"], None),
    ("aac", ["-c:a", "aac", "-b:a", "64k"], None),
    ("ogg", ["-c:a", "libvorbis"], "libvorbis"),
    ("opus", ["-c:a", "libopus", "-b:a", "32k"], "libopus"),
    ("amr", ["-c:a", "libopencore_amrnb", "-ar", "8000", "-ac", "1", "-b:a", "12.2k"], "libopencore_amrnb"),
    ("flac", ["-c:a", "flac"], None),
    ("wma", ["-c:a", "wmav2", "-b:a", "64k"], "wmav2"),
    (
        "mp4",
        [
            "-f",
            "lavfi",
            "-i",
            "color=c=blue:s=64x48:r=10",
            "-map",
            "1:v",
            "-map",
            "0:a",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-c:a",
            "aac",
        ],
        None,
    ),
    (
        "mkv",
        [
            "-f",
            "lavfi",
            "-i",
            "color=c=green:s=64x48:r=10",
            "-map",
            "1:v",
            "-map",
            "0:a",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-c:a",
            "libopus",
        ],
        "libopus",
    ),
]


@pytest.mark.parametrize("ext, args, encoder", FORMATS, ids=[f[0] for f in FORMATS])
def test_formats_decode_to_the_same_speech(speech, reference, tmp_path, ext, args, encoder):
    path = tmp_path / f"rec.{ext}"
    if encoder and not _has_encoder(encoder):
        if ext != "amr" or not _sox_amr(speech, path):
            pytest.skip(f"neither ffmpeg nor sox here can encode {encoder} to make a .{ext} test file")
    else:
        ffmpeg("-i", speech, *args, path)
    info = audio.probe(path)
    expected = len(reference) / audio.SAMPLE_RATE
    assert abs(info.duration - expected) < 0.15, info
    assert info.size == path.stat().st_size and info.channels >= 1 and info.sample_rate > 0
    assert info.has_video == (ext in ("mp4", "mkv"))
    pcm = audio.load_pcm(path)
    assert pcm.dtype == np.float32
    assert abs(len(pcm) / audio.SAMPLE_RATE - expected) < 0.15
    corr, rms = _similarity(reference, pcm)
    if ext == "amr":
        # AMR is a speech codec that does not keep the waveform (correlation
        # about 0.5), so compare the loudness envelope over 20 ms frames at
        # the best codec delay (the same speech 1 s apart scores about 0.06).
        n = (min(len(reference), len(pcm)) - 1280) // 320 * 320
        env = lambda x: np.sqrt(np.mean(x[:n].reshape(-1, 320) ** 2, axis=1))
        corr = max(
            float(np.corrcoef(env(reference[640:]), env(pcm[640 + lag :]))[0, 1]) for lag in range(-640, 641, 80)
        )
    # 8 kHz WAV drops everything above 4 kHz.
    assert corr > (0.7 if ext == "wav" else 0.8 if ext == "amr" else 0.9), corr
    assert 0.6 < rms < 1.3, rms


def test_probe_reports_the_source(speech):
    info = audio.probe(speech)
    assert (info.format_name, info.codec, info.sample_rate, info.channels) == ("wav", "pcm_s16le", 44100, 2)


def test_blocks_stream_and_join_to_the_whole(speech, reference):
    blocks = list(audio.iter_pcm(speech, block_seconds=1.0))
    assert all(len(b) == audio.SAMPLE_RATE for b in blocks[:-1])
    assert 0 < len(blocks[-1]) <= audio.SAMPLE_RATE
    assert np.array_equal(np.concatenate(blocks), reference)


def test_start_and_region(speech, reference):
    sr = audio.SAMPLE_RATE
    tail = np.concatenate(list(audio.iter_pcm(speech, start=3.0)))
    assert abs(len(tail) - (len(reference) - 3 * sr)) <= sr // 100
    assert np.corrcoef(tail[: 4 * sr], reference[3 * sr : 7 * sr])[0, 1] > 0.99
    region = audio.load_pcm(speech, 2.0, 5.5)
    assert abs(len(region) - 3.5 * sr) <= sr // 100
    assert np.corrcoef(region[: 3 * sr], reference[2 * sr : 5 * sr])[0, 1] > 0.99
    assert len(audio.load_pcm(speech, 5.0, 5.0)) == 0
    assert len(audio.load_pcm(speech, 1000.0)) == 0  # past the end: nothing, not an error


def test_seek_happens_before_decoding(speech, monkeypatch):
    seen = []
    real = audio.subprocess.Popen
    monkeypatch.setattr(audio.subprocess, "Popen", lambda cmd, **kw: seen.append(cmd) or real(cmd, **kw))
    list(audio.iter_pcm(speech, start=4.0))
    cmd = seen[0]
    assert cmd.index("-ss") < cmd.index("-i")  # input seeking: earlier audio is skipped, not decoded


def test_consumer_stopping_early_ends_ffmpeg(speech, monkeypatch):
    procs = []
    real = audio.subprocess.Popen

    def spy(cmd, **kw):
        procs.append(real(cmd, **kw))
        return procs[-1]

    monkeypatch.setattr(audio.subprocess, "Popen", spy)
    gen = audio.iter_pcm(speech, block_seconds=0.5)
    next(gen)
    gen.close()
    assert procs[0].returncode is not None
    assert procs[0].stdout.closed


def _write_long_wav(path: Path, seconds: int, rate: int = 16000) -> None:
    """A long 16-bit mono WAV of low noise, written in chunks (quick to make)."""
    rng = np.random.default_rng(7)
    chunk = (rng.standard_normal(rate * 10) * 2000).astype("<i2").tobytes()
    data_len = len(chunk) * (seconds // 10)
    header = (
        b"RIFF"
        + (36 + data_len).to_bytes(4, "little")
        + b"WAVEfmt "
        + (16).to_bytes(4, "little")
        + (1).to_bytes(2, "little")
        + (1).to_bytes(2, "little")
        + rate.to_bytes(4, "little")
        + (rate * 2).to_bytes(4, "little")
        + (2).to_bytes(2, "little")
        + (16).to_bytes(2, "little")
        + b"data"
        + data_len.to_bytes(4, "little")
    )
    with open(path, "wb") as fh:
        fh.write(header)
        fh.writelines(chunk for _ in range(seconds // 10))


def test_long_recording_is_streamed_in_bounded_memory(tmp_path):
    """One hour of audio (230 MB as 16 kHz float32) decodes block by block
    with peak memory far below that."""
    long = tmp_path / "long.wav"
    _write_long_wav(long, 3600)
    assert audio.probe(long).duration == 3600
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child of
    # a big pytest process would report the parent's size.
    code = (
        "import re, sys; from pipeline import audio\n"
        "n = sum(len(b) for b in audio.iter_pcm(sys.argv[1]))\n"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(n, hwm)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(long)], capture_output=True, text=True, check=True, cwd=ROOT)
    samples, peak_kb = map(int, out.stdout.split())
    assert samples == 3600 * audio.SAMPLE_RATE
    assert peak_kb < 120_000, f"peak RSS {peak_kb} kB"


def test_file_sha256(speech):
    from pipeline import atomic

    import hashlib

    assert atomic.file_sha256(speech) == hashlib.sha256(speech.read_bytes()).hexdigest()


# --- bad input ----------------------------------------------------------------------


def _expect(path: Path, phrase: str) -> BadInputError:
    with pytest.raises(BadInputError) as err:
        audio.probe(path)
    assert err.value.exit_code == 2
    assert phrase in err.value.message, err.value.message
    assert path.name in err.value.message
    return err.value


def test_missing_and_folder(tmp_path):
    _expect(tmp_path / "khong-co.mp3", "không tìm thấy")
    (tmp_path / "thu-muc.wav").mkdir()
    _expect(tmp_path / "thu-muc.wav", "thư mục")


def test_empty_file(tmp_path):
    (tmp_path / "rong.m4a").touch()
    _expect(tmp_path / "rong.m4a", "tệp rỗng")


@pytest.mark.parametrize(
    "name, content, phrase",
    [
        ("bien-ban.txt", "Biên bản hội nghị đối thoại thôn Phước Hòa\n".encode(), "văn bản"),
        ("ghi-am.mp3", "Đây không phải là âm thanh đâu bà con ạ.\n".encode(), "văn bản"),
        ("ke-hoach.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", "PDF"),
        ("bien-ban.docx", b"PK\x03\x04" + bytes(range(256)) * 4, "Word"),
    ],
)
def test_non_audio_documents(tmp_path, name, content, phrase):
    (tmp_path / name).write_bytes(content)
    _expect(tmp_path / name, phrase)


def test_image(tmp_path):
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1", tmp_path / "anh.png")
    _expect(tmp_path / "anh.png", "ảnh")
    (tmp_path / "anh.png").rename(tmp_path / "anh.wav")  # a wrong extension does not fool it
    _expect(tmp_path / "anh.wav", "ảnh")


def test_video_without_sound(tmp_path):
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x48:d=2:r=10", "-c:v", "mpeg4", tmp_path / "cam.mp4")
    _expect(tmp_path / "cam.mp4", "không có tiếng")


def test_corrupt_files(tmp_path, speech):
    data = bytearray(speech.read_bytes())
    data[:64] = b"\0" * 64  # header wiped
    (tmp_path / "hong.wav").write_bytes(data)
    _expect(tmp_path / "hong.wav", "bị hỏng")
    (tmp_path / "rac.mp3").write_bytes(bytes((i * 7919) % 251 for i in range(3000)))
    _expect(tmp_path / "rac.mp3", "bị hỏng")


def test_unsupported_format(tmp_path):
    (tmp_path / "du-lieu.xyz").write_bytes(bytes((i * 7919) % 251 for i in range(3000)))
    _expect(tmp_path / "du-lieu.xyz", "không được hỗ trợ")


def test_truncated_wav(tmp_path, speech):
    data = speech.read_bytes()
    (tmp_path / "cat.wav").write_bytes(data[: len(data) // 2])
    _expect(tmp_path / "cat.wav", "cắt dở")


def test_wav_with_unfinished_header_is_accepted(tmp_path, speech):
    """A recorder that lost power never writes the final sizes (0 or
    0xFFFFFFFF): the audio is still good and must not be refused."""
    data = bytearray(speech.read_bytes())
    pos = data.index(b"data")
    data[pos + 4 : pos + 8] = b"\xff\xff\xff\xff"
    (tmp_path / "mat-dien.wav").write_bytes(data)
    assert audio.probe(tmp_path / "mat-dien.wav").duration > 10


@pytest.mark.parametrize("faststart", [False, True])
def test_truncated_m4a(tmp_path, speech, faststart):
    full = tmp_path / "full.m4a"
    ffmpeg("-i", speech, "-c:a", "aac", *(["-movflags", "+faststart"] if faststart else []), full)
    data = full.read_bytes()
    (tmp_path / "cat.m4a").write_bytes(data[: len(data) // 2])
    _expect(tmp_path / "cat.m4a", "cắt dở")


def test_truncated_stream_fails_while_decoding(tmp_path, speech):
    full = tmp_path / "full.m4a"
    ffmpeg("-i", speech, "-c:a", "aac", "-movflags", "+faststart", full)
    data = full.read_bytes()
    (tmp_path / "cat.m4a").write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInputError, match="giải mã"):
        for _ in audio.iter_pcm(tmp_path / "cat.m4a"):
            pass


def test_zero_duration(tmp_path, speech):
    ffmpeg("-i", speech, "-t", "0", tmp_path / "khong-giay.wav")
    _expect(tmp_path / "khong-giay.wav", "độ dài")


@pytest.mark.parametrize(
    "source", ["anullsrc=r=16000:cl=mono", "anoisesrc=c=white:r=16000:a=0.00003"], ids=["digital-zero", "dither-noise"]
)
def test_silent_recordings(tmp_path, source):
    ffmpeg("-f", "lavfi", "-i", source, "-t", "90", "-c:a", "libmp3lame", tmp_path / "im-lang.mp3")
    _expect(tmp_path / "im-lang.mp3", "im lặng")


@pytest.mark.slow
def test_speech_hidden_in_long_silence_is_not_refused(tmp_path, clips):
    """Sparse sampling would miss 2 s of speech in 3 minutes of silence; the
    full scan must still find it."""
    clip = clips[0].wav
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=24000:cl=mono:d=97",
        "-i",
        clip,
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=24000:cl=mono:d=83",
        "-filter_complex",
        "[0][1][2]concat=n=3:v=0:a=1",
        tmp_path / "hiem.wav",
    )
    info = audio.probe(tmp_path / "hiem.wav")
    assert 180 < info.duration < 184
    assert audio.has_signal(tmp_path / "hiem.wav", info.duration)


def test_missing_file_while_decoding(tmp_path):
    with pytest.raises(BadInputError, match="không tìm thấy"):
        next(audio.iter_pcm(tmp_path / "mat.wav"))


def test_unreadable_file(tmp_path, speech, monkeypatch):
    locked = tmp_path / "khoa.wav"
    locked.write_bytes(speech.read_bytes())

    def denied(*args, **kwargs):  # as if chmod 000 (tests run as root, who can read anything)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(audio, "open", denied, raising=False)
    _expect(locked, "không đọc được")


def test_silent_amr_is_called_silent_not_text(tmp_path):
    """An AMR file of only NO_DATA frames is printable bytes ("#!AMR\\n|||…");
    it must be reported as silent (or unusable audio), never as a text file."""
    (tmp_path / "im.amr").write_bytes(b"#!AMR\n" + b"|" * 3000)
    with pytest.raises(BadInputError) as err:
        audio.probe(tmp_path / "im.amr")
    assert "văn bản" not in err.value.message and err.value.exit_code == 2
