"""Decoder chunks are cut into segments that follow the speech."""

from pipeline.segmenting import SplitSettings, split_segments
from pipeline.transcript import Segment, Word


def chunk(*timed: tuple[float, float, str]) -> Segment:
    words = [Word(a, b, w, 0.9) for a, b, w in timed]
    return Segment(0, words[0].start, words[-1].end, "".join(w.word for w in words).strip(), -0.3, 0.01, 1.2, words)


def test_a_long_pause_cuts_even_mid_sentence():
    seg = chunk((0.0, 0.4, " Tết"), (0.4, 0.8, " là"), (11.0, 11.4, " dịp"), (11.4, 11.9, " vui."))
    out = split_segments([seg])
    assert [(s.start, s.end, s.text) for s in out] == [(0.0, 0.8, "Tết là"), (11.0, 11.9, "dịp vui.")]
    assert [s.id for s in out] == [0, 1]
    assert all(s.avg_logprob == -0.3 for s in out)


def test_sentence_end_cuts_once_the_segment_is_long_enough():
    short = chunk((0.0, 0.5, " Vâng."), (0.6, 1.0, " Cảm"), (1.0, 1.4, " ơn."))
    assert len(split_segments([short])) == 1  # "Vâng." alone is too short to stand apart
    long = chunk(
        (0.0, 1.5, " Xin"),
        (1.5, 3.2, " hỏi"),
        (3.2, 3.6, " xã?"),
        (3.7, 4.0, " Tôi"),
        (4.0, 4.4, " ở"),
        (4.4, 4.9, " thôn."),
    )
    out = split_segments([long])
    assert [s.text for s in out] == ["Xin hỏi xã?", "Tôi ở thôn."]


def test_nothing_is_lost_and_cutting_twice_changes_nothing():
    words = [(i * 0.5, i * 0.5 + 0.4, f" từ{i}{'.' if i % 9 == 8 else ''}") for i in range(80)]
    words[40] = (words[40][0] + 2.0, words[40][1] + 2.0, words[40][2])
    seg = chunk(*words)
    once = split_segments([seg])
    assert " ".join(s.text for s in once).split() == seg.text.split()
    assert all(s.end - s.start <= SplitSettings().max_seconds for s in once)
    assert all(a.end <= b.start for a, b in zip(once, once[1:]))
    twice = split_segments(once)
    assert [(s.start, s.end, s.text) for s in twice] == [(s.start, s.end, s.text) for s in once]


def test_segments_without_word_timings_stay_whole():
    seg = Segment(0, 1.0, 25.0, "viet asr không có thời gian từng từ")
    assert split_segments([seg]) == [seg]
