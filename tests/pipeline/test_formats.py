"""SRT, WebVTT, TXT and JSON writers."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.errors import UserError
from pipeline.formats import cues, parse_formats, to_srt, to_txt, to_vtt, write_all
from pipeline.transcript import ModelInfo, Segment, Source, Transcript, load_transcript, Word

SRT_TIME = r"(\d\d):(\d\d):(\d\d),(\d\d\d)"
VTT_TIME = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"


def _secs(m: tuple[str, str, str, str]) -> float:
    h, mi, s, ms = map(int, m)
    return h * 3600 + mi * 60 + s + ms / 1000


def _words(text: str, start: float, step: float = 0.5) -> list[Word]:
    return [Word(start + i * step, start + i * step + 0.4, " " + w, 0.9) for i, w in enumerate(text.split())]


def sample() -> Transcript:
    long_text = (
        "Tôi tên là Lê Thị Hoa ở thôn Đông Yên, tôi xin phản ánh việc đường liên thôn xuống cấp "
        "từ năm ngoái mà đến nay vẫn chưa được sửa chữa, mùa mưa bà con đi lại rất khó khăn"
    )
    segs = [
        Segment(
            0,
            1.2,
            4.0,
            "Xin kính chào bà con thôn Phước Hòa.",
            words=_words("Xin kính chào bà con thôn Phước Hòa.", 1.2, 0.35),
        ),
        Segment(1, 3.9, 40.0, long_text, words=_words(long_text, 5.0)),  # overlaps the previous end slightly
        Segment(2, 3725.5, 3727.25, "Cảm ơn bà con.", words=_words("Cảm ơn bà con.", 3725.5)),
    ]
    return Transcript(Source("hop.wav", "0" * 64, 3730.0), ModelInfo("whisper-base"), segs)


def test_srt_is_valid_and_monotonic():
    srt = to_srt(sample())
    blocks = srt.strip().split("\n\n")
    prev_end = 0.0
    for n, block in enumerate(blocks, 1):
        lines = block.split("\n")
        assert lines[0] == str(n)
        m = re.fullmatch(SRT_TIME + " --> " + SRT_TIME, lines[1])
        assert m, lines[1]
        start, end = _secs(m.groups()[:4]), _secs(m.groups()[4:])
        assert prev_end <= start < end
        assert lines[2].strip()
        prev_end = end
    assert "01:02:05,500 --> 01:02:07" in srt  # hours written correctly


def test_long_segments_split_into_readable_cues_with_all_words():
    t = sample()
    cs = cues(t)
    assert all(e - s <= 7.5 for s, e, _ in cs)
    assert all(len(text) <= 84 for _, _, text in cs)
    assert " ".join(text for _, _, text in cs).split() == " ".join(s.text for s in t.segments).split()


def test_vtt_header_and_times():
    vtt = to_vtt(sample())
    assert vtt.startswith("WEBVTT\n\n")
    times = re.findall(VTT_TIME + " --> " + VTT_TIME, vtt)
    assert len(times) == len(cues(sample()))
    starts = [_secs(t[:4]) for t in times]
    assert starts == sorted(starts)


def test_txt_is_running_text_without_timestamps():
    txt = to_txt(sample())
    assert "-->" not in txt and not re.search(r"\d\d:\d\d", txt)
    assert txt.startswith("Xin kính chào bà con thôn Phước Hòa. Tôi tên là")
    assert txt.endswith("Cảm ơn bà con.\n")


def test_txt_paragraph_per_speaker_turn():
    t = sample()
    t.segments[0].speaker, t.segments[1].speaker, t.segments[2].speaker = "S1", "S2", "S1"
    t.speakers = {"S1": "Chủ tịch"}
    paras = to_txt(t).strip().split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("Chủ tịch: Xin kính chào") and paras[1].startswith("S2: Tôi tên là")


def test_write_all_and_json_round_trip(tmp_path):
    paths = write_all(sample(), tmp_path / "out", "hop", ["json", "srt", "vtt", "txt"])
    assert sorted(p.name for p in paths.values()) == ["hop.json", "hop.srt", "hop.txt", "hop.vtt"]
    back = load_transcript(paths["json"])
    assert back.segments[1].text == sample().segments[1].text
    assert back.segments[2].words[0].start == pytest.approx(3725.5)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["schema"] == "doithoai.transcript" and data["source"]["sha256"] == "0" * 64
    assert not list((tmp_path / "out").glob(".*"))  # no temporary files left


def test_parse_formats():
    assert parse_formats(None) == ["json", "srt", "vtt", "txt"]
    assert parse_formats("txt, SRT,txt") == ["txt", "srt"]
    with pytest.raises(UserError) as e:
        parse_formats("txt,docx")
    assert "docx" in str(e.value)
