"""The parts of transcription that need no model: window cuts, chunking and
time mapping, loop and invented-phrase guards, checkpoint, progress."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from pipeline.checkpoint import Checkpoint
from pipeline.hallucination import GuardSettings, clean_segment, load_phrases, looks_looped
from pipeline.progress import JsonProgress, make_progress
from pipeline.transcript import Segment, Word
from pipeline.vad import SAMPLE_RATE as SR
from pipeline.vad import Chunk, Region, find_cut, group_chunks

# -- window cuts ---------------------------------------------------------------


def test_cut_falls_in_trailing_silence_when_speech_ended():
    regions = [Region(0, 5 * SR), Region(8 * SR, 20 * SR)]
    cut = find_cut(regions, 30 * SR)
    assert 20 * SR < cut < 30 * SR


def test_cut_never_splits_a_region_touching_the_end():
    regions = [Region(0, 5 * SR), Region(9 * SR, 12 * SR), Region(14 * SR, 30 * SR - 100)]
    cut = find_cut(regions, 30 * SR)
    assert 12 * SR <= cut <= 14 * SR  # in the pause before the last region
    assert all(r.end <= cut or r.start >= cut for r in regions)


def test_cut_without_speech_takes_everything():
    assert find_cut([], 10 * SR) == 10 * SR


# -- chunks and time mapping ------------------------------------------------


def test_group_chunks_respects_limit_and_order():
    regions = [Region(i * 10 * SR, i * 10 * SR + 8 * SR) for i in range(10)]  # 8 s each
    chunks = group_chunks(regions, max_seconds=30)
    assert [len(c.regions) for c in chunks] == [3, 3, 3, 1]
    assert all(c.seconds <= 30 for c in chunks)
    assert [r for c in chunks for r in c.regions] == regions


def test_chunk_maps_joined_time_back_to_recording():
    # speech 2–4 s and 10–13 s: joined, 2.5 s in is 0.5 s into the second region
    c = Chunk([Region(2 * SR, 4 * SR), Region(10 * SR, 13 * SR)])
    assert c.to_window_time(1.0) == pytest.approx(3.0)
    assert c.to_window_time(2.5) == pytest.approx(10.5)
    assert c.to_window_time(2.0, is_end=True) == pytest.approx(4.0)
    assert c.region_index(2.5) == 1
    # a word straddling the join is kept inside one region
    assert c.map_in_region(1.9, 1) == pytest.approx(10.0)


def test_chunk_audio_drops_the_silence_between_regions():
    window = np.arange(20, dtype=np.float32)
    c = Chunk([Region(2, 5), Region(10, 12)])
    assert c.audio(window).tolist() == [2, 3, 4, 10, 11]


# -- guards -----------------------------------------------------------------


def _words(text: str, start: float = 0.0) -> list[Word]:
    return [Word(start + i * 0.3, start + i * 0.3 + 0.25, " " + w, 0.9) for i, w in enumerate(text.split())]


def test_phrase_loop_is_cut_to_one():
    text = "Xin mời bà con phát biểu. " + "Đường thôn bị hỏng. " * 5
    seg = Segment(0, 0.0, 9.0, text.strip(), words=_words(text))
    out = clean_segment(seg)
    assert out is not None
    assert out.text.lower().count("đường thôn bị hỏng") == 1
    assert out.text.startswith("Xin mời bà con phát biểu.")
    assert not looks_looped(out.text)


def test_reduplication_in_speech_is_kept():
    text = "đi từ từ thôi, con đường này rất rất xấu"
    seg = Segment(0, 0.0, 3.0, text)
    assert clean_segment(seg).text == text


def test_single_word_loop_without_timestamps():
    seg = Segment(0, 0.0, 3.0, "vâng vâng vâng vâng vâng vâng tôi đồng ý")
    assert clean_segment(seg).text == "vâng tôi đồng ý"


def test_known_invented_phrase_removed_but_speech_kept():
    text = "Tôi đề nghị xã sửa cống. Hãy subscribe cho kênh Ghiền Mì Gõ để không bỏ lỡ những video hấp dẫn."
    seg = Segment(0, 0.0, 8.0, text, words=_words(text))
    out = clean_segment(seg)
    assert out.text == "Tôi đề nghị xã sửa cống."
    assert out.end < seg.end  # timing follows the kept words


def test_segment_of_only_invented_phrase_is_dropped():
    assert clean_segment(Segment(0, 50.0, 52.0, "Cảm ơn các bạn đã theo dõi!")) is None


def test_whisper_no_speech_rule():
    seg = Segment(0, 0.0, 2.0, "ừ", avg_logprob=-1.4, no_speech_prob=0.9)
    assert clean_segment(seg) is None
    assert clean_segment(Segment(0, 0.0, 2.0, "ừ", avg_logprob=-0.3, no_speech_prob=0.9)).text == "ừ"


def test_phrase_list_is_a_data_file_a_commune_can_replace(tmp_path):
    own = tmp_path / "own.txt"
    own.write_text("# ghi chú\nxin chào quý vị khán giả\n", encoding="utf-8")
    settings = GuardSettings(phrases_file=own)
    assert load_phrases(own) == (("xin", "chào", "quý", "vị", "khán", "giả"),)
    assert clean_segment(Segment(0, 0, 1, "Xin chào quý vị khán giả."), settings) is None
    assert clean_segment(Segment(0, 0, 1, "hãy subscribe cho kênh"), settings).text == "hãy subscribe cho kênh"
    assert clean_segment(Segment(0, 0, 1, "hãy subscribe cho kênh")) is None  # the shipped list drops it


# -- checkpoint ---------------------------------------------------------------


def _seg(i: int) -> Segment:
    return Segment(i, i * 2.0, i * 2.0 + 1.5, f"câu số {i}", words=_words(f"câu số {i}", i * 2.0))


def test_checkpoint_round_trip_and_torn_line(tmp_path):
    path = tmp_path / ".a.partial.jsonl"
    header = {"source_sha256": "abc", "model": "m", "settings": {"beam_size": 5}}
    with Checkpoint(path, header) as ck:
        ck.append([_seg(0), _seg(1)], 4.5)
        ck.append([_seg(2)], 7.0)
    with open(path, "ab") as fh:  # a crash in the middle of the next write
        fh.write(b'{"done": 9.0, "segments": [{"id": 3, "sta')
    ck = Checkpoint(path, header)
    assert ck.resume.done == 7.0
    assert [s.text for s in ck.resume.segments] == ["câu số 0", "câu số 1", "câu số 2"]
    assert ck.resume.segments[1].words[0].start == pytest.approx(2.0)
    ck.append([_seg(3)], 9.5)  # appending after the torn line works
    ck.close()
    again = Checkpoint(path, header)
    assert again.resume.done == 9.5 and len(again.resume.segments) == 4


def test_checkpoint_for_other_input_or_settings_restarts(tmp_path):
    path = tmp_path / ".a.partial.jsonl"
    with Checkpoint(path, {"source_sha256": "abc", "settings": {"beam_size": 5}}) as ck:
        ck.append([_seg(0)], 2.0)
    assert Checkpoint(path, {"source_sha256": "abc", "settings": {"beam_size": 1}}).resume.done == 0.0
    assert not path.exists()


# -- progress -----------------------------------------------------------------


def test_json_progress_lines():
    out = io.StringIO()
    report = JsonProgress(out)
    report(0.0, 100.0)
    report(50.0, 100.0)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["done"] for r in lines] == [0.0, 50.0]
    assert all(r["total"] == 100.0 for r in lines)
    assert lines[0]["eta"] is None and lines[1]["eta"] is not None and lines[1]["eta"] >= 0


def test_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    make_progress(None, tty)(30.0, 60.0)
    assert "50%" in tty.getvalue()
    plain = io.StringIO()
    make_progress(None, plain)(30.0, 60.0)
    assert plain.getvalue() == ""


def test_cut_prefers_a_real_pause_over_a_breath():
    # 3–6 s and 6–9 s touch (a breath inside a sentence); a real pause after 9 s
    regions = [Region(0, 2 * SR), Region(3 * SR, 6 * SR), Region(6 * SR, 9 * SR), Region(11 * SR, 29 * SR)]
    cut = find_cut(regions, 30 * SR)
    assert 9 * SR <= cut <= 11 * SR
    regions = [Region(0, 2 * SR), Region(3 * SR, 6 * SR), Region(6 * SR, 29 * SR)]
    assert 2 * SR <= find_cut(regions, 30 * SR) <= 3 * SR


def test_regions_left_without_words_are_found_for_redecoding():
    from pipeline.redecode import missed_runs
    from pipeline.transcribe_options import TranscribeOptions

    chunk = Chunk([Region(1 * SR, 4 * SR), Region(6 * SR, 9 * SR), Region(12 * SR, 12 * SR + SR // 2)])
    seg = Segment(
        0,
        1.1,
        3.9,
        "bà con thôn Phước Hòa",
        words=_words(
            "bà con thôn Phước Hòa",
            1.1,
        ),
    )
    # the second region (6–9 s) got nothing; the third is too short to need words
    assert [(r.start, r.end) for r in missed_runs(chunk, [seg], TranscribeOptions())] == [(6 * SR, 9 * SR)]
    late = Segment(1, 6.5, 8.5, "ạ vâng thưa chủ tịch", words=_words("ạ vâng thưa chủ tịch", 6.5))
    assert missed_runs(chunk, [seg, late], TranscribeOptions()) == []
