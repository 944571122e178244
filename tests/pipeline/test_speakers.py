"""Speaker labels on transcripts, renaming, name proposals and the
`doithoai speakers` command (no model needed)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from minutes.meeting import load_meeting
from pipeline.errors import BadInputError
from pipeline.speakers import assign_speakers, best_names, propose_names, rename_speakers
from pipeline.transcript import ModelInfo, Segment, Source, Transcript, Word, load_transcript

SAMPLE_MEETING = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"


@dataclass
class T:  # a diarization turn
    start: float
    end: float
    speaker: str


def words(text: str, start: float, step: float = 0.4) -> list[Word]:
    return [Word(start + i * step, start + (i + 1) * step - 0.05, " " + w, 0.9) for i, w in enumerate(text.split())]


def seg(i: int, text: str, start: float, speaker: str | None = None, step: float = 0.4) -> Segment:
    ws = words(text, start, step)
    return Segment(i, ws[0].start, ws[-1].end, " " + text, words=ws, speaker=speaker)


def transcript(segments: list[Segment], speakers: dict[str, str] | None = None) -> Transcript:
    end = max(s.end for s in segments) + 1
    return Transcript(Source("hop.wav", "0" * 64, end), ModelInfo("whisper-base"), segments, speakers=speakers or {})


# --- assign_speakers ------------------------------------------------------------


def test_segment_spanning_a_speaker_change_is_split_at_the_word():
    # a word every 0.4 s from 10.0: "tôi" is 12.0–12.35, "xin" starts at 12.4
    t = transcript([seg(0, "Xin cảm ơn chủ tọa tôi xin hỏi về con đường", 10.0)])
    turns = [T(9.5, 12.35, "SPK1"), T(12.4, 15.0, "SPK2")]
    out = assign_speakers(t, turns)
    assert [s.speaker for s in out.segments] == ["SPK1", "SPK2"]
    assert out.segments[0].text == "Xin cảm ơn chủ tọa tôi"
    assert out.segments[1].text == "xin hỏi về con đường"
    assert out.segments[1].start == pytest.approx(12.4)
    assert [s.id for s in out.segments] == [0, 1]
    assert all(w.speaker == "SPK1" for w in out.segments[0].words)
    assert all(w.speaker == "SPK2" for w in out.segments[1].words)
    # the input is not modified
    assert t.segments[0].speaker is None and len(t.segments) == 1


def test_words_in_a_gap_take_the_nearest_turn_and_names_are_kept():
    t = transcript(
        [seg(0, "Dạ vâng", 20.0), seg(1, "Đường thôn bị lún nặng", 30.0)], speakers={"SPK2": "Bà Lê Thị Hoa"}
    )
    turns = [T(0.0, 19.0, "SPK1"), T(31.0, 40.0, "SPK2")]
    out = assign_speakers(t, turns)
    assert [s.speaker for s in out.segments] == ["SPK1", "SPK2"]
    assert out.speakers == {"SPK1": "Người nói 1", "SPK2": "Bà Lê Thị Hoa"}


def test_a_single_jittered_word_does_not_make_its_own_segment():
    t = transcript([seg(0, "Nhà văn hóa thôn đã xuống cấp nhiều năm", 0.0, step=0.3)])
    # SPK2 covers only the fourth word (0.9–1.15 s)
    turns = [T(0.0, 0.9, "SPK1"), T(0.9, 1.2, "SPK2"), T(1.2, 5.0, "SPK1")]
    out = assign_speakers(t, turns)
    assert len(out.segments) == 1 and out.segments[0].speaker == "SPK1"


def test_segment_without_words_takes_the_speaker_of_its_span():
    s = Segment(0, 5.0, 9.0, "Đề nghị xã sớm sửa cống")
    out = assign_speakers(transcript([s]), [T(0, 6, "SPK1"), T(6, 12, "SPK2")])
    assert out.segments[0].speaker == "SPK2"


def test_assigned_transcript_round_trips_through_json(tmp_path):
    t = assign_speakers(transcript([seg(0, "Tôi xin trả lời câu hỏi của bác", 1.0)]), [T(0, 9, "SPK1")])
    path = t.save(tmp_path / "t.json")
    back = load_transcript(path)
    assert back.segments[0].speaker == "SPK1" and back.segments[0].words[2].speaker == "SPK1"
    assert back.speakers == {"SPK1": "Người nói 1"}


# --- rename ---------------------------------------------------------------------


def labelled() -> Transcript:
    return transcript(
        [seg(0, "Xin mời bà con phát biểu", 0.0, "SPK1"), seg(1, "Tôi muốn hỏi về đất", 5.0, "SPK2")],
        speakers={"SPK1": "Người nói 1", "SPK2": "Người nói 2"},
    )


def test_rename_sets_display_names_and_keeps_labels():
    out = rename_speakers(labelled(), {"SPK1": "  Chủ tịch   Nguyễn Hồng Phước "})
    assert out.speakers["SPK1"] == "Chủ tịch Nguyễn Hồng Phước"
    assert out.speakers["SPK2"] == "Người nói 2"
    assert out.segments[0].speaker == "SPK1"


@pytest.mark.parametrize("mapping", [{"SPK9": "Ông Ba"}, {"SPK1": "   "}])
def test_rename_rejects_unknown_labels_and_empty_names(mapping):
    with pytest.raises(BadInputError):
        rename_speakers(labelled(), mapping)


def test_rename_needs_a_diarized_transcript():
    with pytest.raises(BadInputError, match="--speakers"):
        rename_speakers(transcript([seg(0, "Không có nhãn", 0.0)]), {"SPK1": "Ông Ba"})


# --- proposals ------------------------------------------------------------------


def meeting_dialogue() -> Transcript:
    return transcript(
        [
            seg(0, "Xin mời bà con phát biểu ý kiến", 0.0, "SPK1"),
            seg(1, "Dạ tôi tên là Trần Văn Bảy, ở thôn Phước Hòa. Đường liên thôn bị sạt lở", 4.0, "SPK2"),
            seg(2, "Cảm ơn bác Bảy. Xin mời đồng chí Phạm Minh Tuấn trả lời", 14.0, "SPK1"),
            seg(3, "Về việc sạt lở, xã đã báo cáo huyện", 20.0, "SPK3"),
            seg(4, "Xin mời ý kiến tiếp theo", 26.0, "SPK1"),
            seg(5, "cháu tên là lê thị hoa ở thôn Đông Yên, cháu hỏi về bảo hiểm y tế", 30.0, "SPK4"),
        ]
    )


def test_proposals_find_self_introductions_the_invited_official_and_the_chair():
    meeting = load_meeting(SAMPLE_MEETING)
    names = best_names(propose_names(meeting_dialogue(), meeting))
    assert names["SPK2"] == "Trần Văn Bảy"
    assert names["SPK4"] == "Lê Thị Hoa"  # lower-case ASR output is title-cased
    assert names["SPK3"].endswith("Phạm Minh Tuấn")
    assert names["SPK1"] == "Chủ tịch UBND xã Nguyễn Hồng Phước"


def test_official_invited_by_title_only_is_matched_to_the_officials_list():
    meeting = load_meeting(SAMPLE_MEETING)
    t = transcript(
        [
            seg(0, "Xin mời đồng chí Trưởng Công an xã giải đáp", 0.0, "SPK1"),
            seg(1, "Công an xã sẽ tăng tuần tra ban đêm", 4.0, "SPK2"),
        ]
    )
    names = best_names(propose_names(t, meeting))
    assert names["SPK2"] == "Trưởng Công an xã Đặng Văn Sơn"


def test_no_names_are_made_up_from_ordinary_speech():
    t = transcript(
        [
            seg(0, "Tôi là nông dân, tôi là người ở đây lâu năm", 0.0, "SPK1"),
            seg(1, "Xin mời bà con cho ý kiến", 6.0, "SPK2"),
            seg(2, "Đề nghị xã xem lại giá đền bù", 10.0, "SPK1"),
        ]
    )
    assert propose_names(t) == []


def test_chair_is_not_guessed_without_a_meeting_file():
    names = best_names(propose_names(meeting_dialogue()))
    assert "SPK1" not in names
    assert names["SPK2"] == "Trần Văn Bảy"


# --- the command ----------------------------------------------------------------


@pytest.fixture
def saved(tmp_path) -> Path:
    return meeting_dialogue().save(tmp_path / "hop.json")


def test_rename_command_rewrites_the_file(run_cli, saved):
    r = run_cli("speakers", "rename", saved, "SPK1=Chủ tịch Nguyễn Hồng Phước", 'SPK2="Ông Trần Văn Bảy"')
    assert r.exit_code == 0, r.stderr
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["speakers"]["SPK1"] == "Chủ tịch Nguyễn Hồng Phước"
    assert data["speakers"]["SPK2"] == "Ông Trần Văn Bảy"
    assert not list(saved.parent.glob(".hop.json.*"))  # no temporary file left


@pytest.mark.parametrize(
    "args, needle",
    [
        (["SPK1"], "="),
        (["SPK7=Ông Tư"], "SPK7"),
        (["SPK1="], "trống"),
        (["=Ông Tư"], "nhãn"),
        (["SPK1=A B", "SPK1=C D"], "hai lần"),
        ([], "Ví dụ"),
    ],
)
def test_rename_command_bad_arguments_are_clear_errors(run_cli, saved, args, needle):
    before = saved.read_bytes()
    r = run_cli("speakers", "rename", saved, *args)
    assert r.exit_code == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert saved.read_bytes() == before


def test_rename_command_missing_and_malformed_files(run_cli, tmp_path):
    r = run_cli("speakers", "rename", tmp_path / "khong-co.json", "SPK1=Ông Tư")
    assert r.exit_code == 2 and "Không tìm thấy" in r.stderr
    bad = tmp_path / "hong.json"
    bad.write_text("{ không phải json", encoding="utf-8")
    r = run_cli("speakers", "rename", bad, "SPK1=Ông Tư")
    assert r.exit_code == 2 and "JSON" in r.stderr and "Traceback" not in r.stderr


def test_propose_command_prints_and_applies(run_cli, saved):
    r = run_cli("speakers", "propose", saved, "--meeting", SAMPLE_MEETING)
    assert r.exit_code == 0, r.stderr
    assert "Trần Văn Bảy" in r.stdout and "doithoai speakers rename" in r.stdout
    assert json.loads(saved.read_text(encoding="utf-8"))["speakers"] == {}  # nothing written without --apply
    r = run_cli("speakers", "propose", saved, "--meeting", SAMPLE_MEETING, "--apply")
    assert r.exit_code == 0, r.stderr
    assert load_transcript(saved).speakers["SPK1"] == "Chủ tịch UBND xã Nguyễn Hồng Phước"


def test_propose_command_on_an_undiarized_transcript(run_cli, tmp_path):
    path = transcript([seg(0, "Xin chào bà con", 0.0)]).save(tmp_path / "t.json")
    r = run_cli("speakers", "propose", path)
    assert r.exit_code == 2 and "--speakers" in r.stderr


def test_an_official_is_matched_by_given_name_only_when_addressed_as_comrade():
    meeting = load_meeting(SAMPLE_MEETING)
    t = transcript(
        [
            seg(0, "Xin mời anh Tuấn ở thôn Đông Yên", 0.0, "SPK1"),
            seg(1, "Tôi muốn hỏi về hộ nghèo", 4.0, "SPK2"),
            seg(2, "Xin mời đồng chí Tuấn trả lời", 8.0, "SPK1"),
            seg(3, "Hồ sơ hộ nghèo đã được xét", 12.0, "SPK3"),
        ]
    )
    names = best_names(propose_names(t, meeting))
    assert "SPK2" not in names  # "anh Tuấn" is not the official Phạm Minh Tuấn
    assert names["SPK3"].endswith("Phạm Minh Tuấn")
