"""`doithoai announce` end to end with the offline engine: the MP3 is decoded
and measured (loudness, true peak, chimes, two readings, format and tags);
lead-time violations exit 3; bad input exits 2 and writes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import signal

sys.path.insert(0, str(Path(__file__).parent))
from gtts_standin import GttsStandIn, closed_port  # noqa: E402

RATE = 44100
EVENT = """
[station]
name = "Đài truyền thanh xã Tân Hiệp"

[event]
organiser = "UBND xã Tân Hiệp"
title = "Hội nghị tiếp xúc, đối thoại với Nhân dân về công tác giải phóng mặt bằng"
date = 2026-04-10
start = "14h00"
venue = "Nhà văn hóa ấp Tân Phú"
audience = ["ấp Tân Phú", "ấp Tân Lợi"]
content = ["Phương án bồi thường, hỗ trợ tái định cư", "Tiến độ thi công tuyến đường ĐT.741"]
contact = "Bộ phận Một cửa, ĐT 0274.3651.088"

[schedule]
lead_days = 3
dates = [2026-04-06, 2026-04-08]
slots = ["06:00"]
"""


def run(*args) -> tuple[int, str, str]:
    from doithoai.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["announce", *[str(a) for a in args]])
    return code, out.getvalue(), err.getvalue()


def decode(path: Path) -> np.ndarray:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<f4").astype(np.float64)


def blocks(x: np.ndarray, min_gap: float = 1.8) -> list[tuple[float, float]]:
    """Sounding stretches separated by at least `min_gap` seconds below -45 dBFS."""
    hop = RATE // 50
    n = len(x) // hop
    rms = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1))
    loud = np.flatnonzero(20 * np.log10(rms + 1e-12) > -45)
    out, start, prev = [], loud[0], loud[0]
    for i in loud[1:]:
        if (i - prev) * hop / RATE >= min_gap:
            out.append((start * hop / RATE, (prev + 1) * hop / RATE))
            start = i
        prev = i
    out.append((start * hop / RATE, (prev + 1) * hop / RATE))
    return out


def tone_share(x: np.ndarray, freqs=(523.25, 659.26, 783.99), width: float = 20.0) -> float:
    """Share of the energy within ±width Hz of the chime notes."""
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    near = np.zeros_like(f, dtype=bool)
    for c in freqs:
        near |= np.abs(f - c) < width
    return float(spec[near].sum() / spec.sum())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    d = tmp_path_factory.mktemp("announce")
    event = d / "tan-hiep.toml"
    event.write_text(EVENT, encoding="utf-8")
    code, out, err = run(
        event,
        "-o",
        d / "thong-bao.mp3",
        "--engine",
        "espeak-ng",
        "--script-out",
        d / "kb.txt",
        "--spoken-out",
        d / "doc.txt",
        "--ics",
        d / "lich.ics",
    )
    assert code == 0, err
    return d, out, err


@pytest.mark.slow
def test_loudness_and_true_peak_of_the_mp3(rendered):
    import pyloudnorm

    d, out, _ = rendered
    x = decode(d / "thong-bao.mp3")
    lufs = pyloudnorm.Meter(RATE).integrated_loudness(x)
    assert abs(lufs - (-16.0)) <= 1.0
    true_peak = 20 * np.log10(np.max(np.abs(signal.resample_poly(x, 4, 1))))
    assert true_peak <= -1.0
    # second opinion: ffmpeg's own EBU R128 meter
    summary = subprocess.run(
        ["ffmpeg", "-nostats", "-i", str(d / "thong-bao.mp3"), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        text=True,
    ).stderr.split("Summary:")[-1]
    assert abs(float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1)) + 16.0) <= 1.0
    assert float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1)) <= -1.0
    assert "LUFS" in out and "dBTP" in out


@pytest.mark.slow
def test_chime_at_start_and_end_and_two_readings(rendered):
    d, _, _ = rendered
    x = decode(d / "thong-bao.mp3")
    parts = blocks(x)
    assert len(parts) == 2, parts  # reading 1 (after the chime) | pause | reading 2 (before the chime)
    (s1, e1), (s2, e2) = parts
    assert s2 - e1 >= 2.0
    assert 0.6 < (e2 - s2) / (e1 - s1) < 1.6  # the same body read twice
    start_chime = x[int(s1 * RATE) : int((s1 + 1.2) * RATE)]
    end_chime = x[int((e2 - 1.2) * RATE) : int(e2 * RATE)]
    middle = x[int((s1 + 5) * RATE) : int((s1 + 10) * RATE)]
    assert tone_share(start_chime) > 0.5
    assert tone_share(end_chime) > 0.5
    assert tone_share(middle) < 0.2
    # rising notes at the start, falling at the end
    first, last = x[int(s1 * RATE) : int((s1 + 0.3) * RATE)], x[int((s1 + 0.66) * RATE) : int((s1 + 1.0) * RATE)]
    assert tone_share(first, (523.25,)) > tone_share(first, (783.99,))
    assert tone_share(last, (783.99,)) > tone_share(last, (523.25,))


@pytest.mark.slow
def test_mp3_format_tags_and_wav_master(rendered):
    import wave

    from mutagen.mp3 import MP3, BitrateMode

    d, _, _ = rendered
    mp3 = MP3(d / "thong-bao.mp3")
    assert mp3.info.bitrate == 128000 and mp3.info.bitrate_mode == BitrateMode.CBR
    assert mp3.info.sample_rate == 44100 and mp3.info.channels == 1
    assert str(mp3.tags["TIT2"]) == "Hội nghị tiếp xúc, đối thoại với Nhân dân về công tác giải phóng mặt bằng"
    assert str(mp3.tags["TPE1"]) == "Đài truyền thanh xã Tân Hiệp" == str(mp3.tags["TRSN"])
    assert str(mp3.tags["TDRC"]) == dt.date.today().isoformat()
    with wave.open(str(d / "thong-bao.wav")) as w:
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth()) == (1, 44100, 2)
        assert abs(w.getnframes() / 44100 - mp3.info.length) < 0.2


@pytest.mark.slow
def test_script_spoken_text_and_plan(rendered):
    d, out, _ = rendered
    script = (d / "kb.txt").read_text(encoding="utf-8")
    assert "trân trọng thông báo và kính mời toàn thể Nhân dân ấp Tân Phú và ấp Tân Lợi" in script
    spoken = (d / "doc.txt").read_text(encoding="utf-8")
    assert spoken.count("Xin thông báo lại") == 1
    assert not re.search(r"\d", spoken), spoken  # numbers, dates, the phone number are all read out
    assert "UBND" not in spoken and "Ủy ban nhân dân xã Tân Hiệp" in spoken
    assert "06:00 thứ Hai 06/04/2026" in out and "06:00 thứ Tư 08/04/2026" in out
    assert (d / "lich.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") == 2


def test_lead_time_violation_exits_3_and_writes_nothing(tmp_path):
    event = tmp_path / "muon.toml"
    event.write_text(
        EVENT.replace("dates = [2026-04-06, 2026-04-08]", "dates = [2026-04-08, 2026-04-09]"), encoding="utf-8"
    )
    code, _, err = run(event, "-o", tmp_path / "tb.mp3", "--ics", tmp_path / "l.ics")
    assert code == 3
    assert "2 ngày" in err and "--force" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["muon.toml"]
    code, _, err = run(event, "-o", tmp_path / "tb.mp3", "--lead-days", "2", "--text", "Họp dân.", "--repeat", "1")
    assert code == 0, err


def test_force_renders_despite_the_lead_time(tmp_path):
    event = tmp_path / "muon.toml"
    event.write_text(EVENT.replace("dates = [2026-04-06, 2026-04-08]", "dates = [2026-04-09]"), encoding="utf-8")
    code, out, err = run(event, "-o", tmp_path / "tb.mp3", "--force", "--text", "Chiều nay họp dân.", "--repeat", "1")
    assert code == 0, err
    assert "--force" in err and (tmp_path / "tb.mp3").stat().st_size > 10000 and (tmp_path / "tb.wav").is_file()
    assert "trước 1 ngày" in out


@pytest.mark.parametrize(
    ("edit", "args", "needle"),
    [
        (lambda t: t.replace('start = "14h00"', 'start = "chiều"'), (), "event.start"),
        (lambda t: t.replace('venue = "Nhà văn hóa ấp Tân Phú"', ""), (), "event.venue"),
        (lambda t: t + '\n[audio]\nengine = "loa-keo"\n', (), "loa-keo"),
        (lambda t: t.replace("[event]", "[event"), (), "TOML"),
        (lambda t: t, ("--text", "!!! ... ???"), "không có chữ"),
        (lambda t: t, ("--text", "   "), "trống"),
        (lambda t: t, ("--text", "Họp.", "--text-file", "x.txt"), "--text"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, edit, args, needle):
    event = tmp_path / "ev.toml"
    event.write_text(edit(EVENT), encoding="utf-8")
    code, out, err = run(event, "-o", tmp_path / "out" / "tb.mp3", "--ics", tmp_path / "out" / "l.ics", *args)
    assert code == 2, err
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_event_file_and_wrong_output_suffix(tmp_path):
    code, _, err = run(tmp_path / "khong.toml", "-o", tmp_path / "tb.mp3")
    assert code == 2 and "Không tìm thấy" in err
    event = tmp_path / "ev.toml"
    event.write_text(EVENT, encoding="utf-8")
    code, _, err = run(event, "-o", tmp_path / "tb.wav")
    assert code == 2 and ".mp3" in err


@pytest.mark.slow
def test_edited_script_is_what_gets_read(tmp_path):
    event = tmp_path / "ev.toml"
    event.write_text(EVENT, encoding="utf-8")
    code, _, err = run(event, "-o", tmp_path / "a.mp3", "--script-out", tmp_path / "kb.txt", "--repeat", "1")
    assert code == 0, err
    text = (tmp_path / "kb.txt").read_text(encoding="utf-8")
    edited = text.replace("Kính mời bà con đến dự đông đủ và đúng giờ.", "Đề nghị mỗi hộ cử một người đi họp.")
    (tmp_path / "kb.txt").write_text(edited, encoding="utf-8")
    code, _, err = run(
        event,
        "-o",
        tmp_path / "b.mp3",
        "--script",
        tmp_path / "kb.txt",
        "--spoken-out",
        tmp_path / "doc.txt",
        "--repeat",
        "1",
    )
    assert code == 0, err
    spoken = (tmp_path / "doc.txt").read_text(encoding="utf-8")
    assert "Đề nghị mỗi hộ cử một người đi họp." in spoken and "đông đủ và đúng giờ" not in spoken


def test_free_text_notice_from_flags_only(tmp_path):
    code, out, err = run(
        "-o",
        tmp_path / "tb.mp3",
        "--station",
        "Đài truyền thanh phường Tân Mai",
        "--organiser",
        "UBND phường Tân Mai",
        "--text",
        "Sáng mai phun thuốc diệt muỗi tại khu phố 3.",
        "--repeat",
        "1",
        "--spoken-out",
        tmp_path / "doc.txt",
    )
    assert code == 0, err
    spoken = (tmp_path / "doc.txt").read_text(encoding="utf-8")
    assert spoken.startswith(
        "Đây là Đài truyền thanh phường Tân Mai. Sau đây là thông báo của Ủy ban nhân dân phường Tân Mai."
    )
    assert "khu phố ba" in spoken
    assert "Chưa có lịch phát" in out


def _proxy(monkeypatch, url):
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.slow
def test_gtts_engine_through_the_cli(tmp_path, monkeypatch):
    with GttsStandIn() as standin:
        _proxy(monkeypatch, standin.proxy_url)
        code, out, err = run(
            "-o",
            tmp_path / "tb.mp3",
            "--station",
            "Đài truyền thanh xã An Hòa",
            "--engine",
            "gtts",
            "--text",
            "Thông báo cắt nước. Thời gian từ 8 giờ đến 11 giờ.",
            "--repeat",
            "1",
            "--cache-dir",
            tmp_path / "cache",
        )
    assert code == 0, err
    assert "Bộ đọc: gtts" in out
    assert "Thời gian từ tám giờ đến mười một giờ." in standin.texts


def test_gtts_offline_falls_back_to_espeak_with_a_warning(tmp_path, monkeypatch):
    _proxy(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    code, out, err = run(
        "-o",
        tmp_path / "tb.mp3",
        "--station",
        "Đài truyền thanh xã An Hòa",
        "--engine",
        "gtts",
        "--text",
        "Thông báo cắt nước.",
        "--repeat",
        "1",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 0, err
    assert "Bộ đọc: espeak-ng" in out
    assert "Không kết nối được" in err and "'espeak-ng'" in err
    code, _, err = run(
        "-o",
        tmp_path / "tb2.mp3",
        "--station",
        "Đài",
        "--engine",
        "gtts",
        "--fallback",
        "none",
        "--text",
        "Thông báo cắt nước.",
        "--repeat",
        "1",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert code == 2 and "--engine espeak-ng" in err and not (tmp_path / "tb2.mp3").exists()


def test_operator_starting_too_late_for_an_upcoming_event(tmp_path):
    """An automatic plan for an event two days from now: the first broadcasts
    have passed, what is left is under the lead time → exit 3."""
    day = dt.date.today() + dt.timedelta(days=2)
    text = EVENT.replace("date = 2026-04-10", f"date = {day.isoformat()}").replace(
        "dates = [2026-04-06, 2026-04-08]", "days_before = 5"
    )
    event = tmp_path / "sap-toi.toml"
    event.write_text(text, encoding="utf-8")
    code, _, err = run(event, "-o", tmp_path / "tb.mp3")
    assert code == 3 and "đã qua" in err and "Traceback" not in err
    assert not (tmp_path / "tb.mp3").exists()


def test_dry_run_previews_the_spoken_text_and_plan_without_audio(tmp_path):
    event = tmp_path / "ev.toml"
    event.write_text(EVENT, encoding="utf-8")
    code, out, err = run(event, "--dry-run", "--spoken-out", tmp_path / "doc.txt")
    assert code == 0, err
    assert "Xin thông báo lại." in out and "06:00 thứ Hai 06/04/2026" in out
    assert "một không bốn" not in out and "mười bốn giờ" in out  # 14h00 read as a time
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8").strip() in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt", "ev.toml"]
    code, _, err = run(event, "--dry-run", "--lead-days", "5")
    assert code == 3
    code, _, err = run(event)
    assert code == 2 and "--dry-run" in err


def test_commune_dictionary_from_event_file_is_used_and_unknown_abbreviations_warned(tmp_path):
    dictionary = tmp_path / "xa-tan-hiep.toml"
    dictionary.write_text('[abbreviations]\n"BQLDA" = "Ban quản lý dự án"\n', encoding="utf-8")
    event = tmp_path / "ev.toml"
    event.write_text(
        EVENT.replace(
            'name = "Đài truyền thanh xã Tân Hiệp"',
            'name = "Đài truyền thanh xã Tân Hiệp"\ndictionary = "xa-tan-hiep.toml"',
        ).replace("Phương án bồi thường", "BQLDA báo cáo phương án bồi thường, XYZQ"),
        encoding="utf-8",
    )
    code, out, err = run(event, "--dry-run")
    assert code == 0, err
    assert "Ban quản lý dự án báo cáo" in out and "BQLDA" not in out
    assert "XYZQ" in err and "từ điển" in err  # spelled letter by letter: the operator is told
    missing = tmp_path / "ev2.toml"
    missing.write_text(
        EVENT.replace(
            'name = "Đài truyền thanh xã Tân Hiệp"',
            'name = "Đài truyền thanh xã Tân Hiệp"\ndictionary = "khong-co.toml"',
        ),
        encoding="utf-8",
    )
    code, _, err = run(missing, "--dry-run")
    assert code == 2 and "khong-co.toml" in err and "Traceback" not in err
