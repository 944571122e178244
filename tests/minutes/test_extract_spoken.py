"""Extraction from dialogue transcripts in the form ASR gives them: lower
case, no punctuation, officials and citizens alternating, no speaker labels
unless diarization ran. Snippets written for these tests, plus the
spoken-style dev set in bench/data/spoken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minutes.extract import Extractor
from minutes.meeting import load_meeting, meeting_from_dict
from minutes.types import Utterance

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "binh-thanh.toml"
SPOKEN = ROOT / "bench" / "data" / "spoken"


def utts(*lines: str, speakers: list[str | None] | None = None) -> list[Utterance]:
    """Consecutive segments, 3 words per second, 0.5 s apart."""
    out, t = [], 0.0
    for i, line in enumerate(lines):
        dur = len(line.split()) / 3
        out.append(Utterance(t, t + dur, line, speakers[i] if speakers else None))
        t += dur + 0.5
    return out


@pytest.fixture(scope="module")
def meeting():
    return load_meeting(SAMPLE)


@pytest.fixture(scope="module")
def extractor(meeting):
    return Extractor(meeting)


DIALOGUE = utts(
    "kính thưa bà con hôm nay ủy ban xã tổ chức đối thoại xin mời bà con phát biểu",  # 0 official
    "dạ tôi tên là hồ văn khải ở thôn đông yên",  # 1 citizen
    "nhà tôi ở cuối thôn mấy năm nay chưa có nước sạch phải dùng nước giếng nhiễm phèn",  # 2 citizen
    "đề nghị xã kéo đường ống nước sạch về cho bà con cuối thôn",  # 3 citizen
    "cảm ơn bác khải năm nay huyện đã phê duyệt dự án mở rộng mạng cấp nước về thôn đông yên",  # 4 official
    "dự kiến tháng mười một thi công đến tết thì các hộ cuối thôn sẽ có nước sạch để dùng",  # 5 official
    "xin mời chị ngồi bên trái",  # 6 official
    "em là tạ thị duyên thôn thanh thủy em hỏi là con em học lớp một năm nay có được miễn học phí không ạ",  # 7
    "cảm ơn chị duyên việc này chúng tôi xin ghi nhận và sẽ trả lời bằng văn bản sau khi hỏi ý kiến phòng giáo dục",  # 8
)


def test_one_item_per_citizen_turn_with_asker_hamlet_and_times(extractor):
    items = extractor.extract(DIALOGUE)
    assert len(items) == 2
    first, second = items
    assert (first.asker, first.hamlet) == ("Hồ Văn Khải", "Đông Yên")
    assert (second.asker, second.hamlet) == ("Tạ Thị Duyên", "Thanh Thủy")
    # the whole point: segments 1-3 merged, and it lies within them in time
    assert "nước giếng" in first.text and "đường ống nước sạch" in first.text
    assert DIALOGUE[1].start - 0.01 <= first.start < first.end <= DIALOGUE[3].end + 0.01
    assert first.topic == "dien_nuoc" and first.kind == "kien_nghi"
    assert second.topic == "y_te_giao_duc" and second.kind == "cau_hoi"


def test_answer_on_the_spot_versus_written_answer(extractor):
    first, second = extractor.extract(DIALOGUE)
    assert first.answered and not first.needs_written_answer
    assert "dự án mở rộng mạng cấp nước" in first.answer
    assert first.answer_start == pytest.approx(DIALOGUE[4].start, abs=0.5)
    assert not second.answered and second.needs_written_answer
    assert "văn bản" in second.answer  # the deferral is kept for the minutes


def test_officials_are_not_items(extractor):
    items = extractor.extract(DIALOGUE)
    for item in items:
        assert "ủy ban xã tổ chức đối thoại" not in item.text
        assert "cảm ơn bác" not in item.text


def test_speaker_change_inside_one_segment(extractor):
    items = extractor.extract(
        utts(
            "xin mời bác",
            "tôi là phan văn lộc thôn bình thới đường liên thôn qua xóm tôi hư hỏng nặng đề nghị xã sửa chữa "
            "tôi xin cảm ơn cảm ơn bác lộc tuyến này xã đã đưa vào kế hoạch làm đường năm sau bằng nguồn vốn nông thôn mới",
        )
    )
    assert len(items) == 1
    item = items[0]
    assert item.asker == "Phan Văn Lộc" and item.hamlet == "Bình Thới"
    assert "kế hoạch" not in item.text
    assert item.answered and "kế hoạch làm đường" in item.answer


def test_chair_invites_the_asker_by_name(extractor):
    items = extractor.extract(
        utts(
            "xin mời bác trương văn tài thôn phước hòa phát biểu",
            "vâng ban đêm ở khu chợ hay có nhóm thanh niên tụ tập đánh bạc gây mất trật tự đề nghị công an xã xử lý",
            "cảm ơn bác tài công an xã sẽ tăng cường tuần tra và xử lý nghiêm các đối tượng đánh bạc ở khu vực chợ ngay trong tháng này",
        )
    )
    assert len(items) == 1
    assert (items[0].asker, items[0].hamlet) == ("Trương Văn Tài", "Phước Hòa")
    assert items[0].topic == "an_ninh_trat_tu" and items[0].unit == "Công an xã"


def test_hamlet_with_recognition_errors(extractor):
    items = extractor.extract(utts("tôi tên là lê thị nhung ở thôn phuoc hoa xin hỏi bao giờ thì được cấp sổ đỏ ạ"))
    assert items[0].hamlet == "Phước Hòa"
    assert items[0].kind == "cau_hoi" and items[0].topic == "dat_dai"


def test_several_points_in_one_turn(extractor):
    items = extractor.extract(
        utts(
            "tôi là võ thị hằng thôn đông yên tôi có hai ý kiến thứ nhất là đường ngõ xóm nhà tôi lầy lội đề nghị bê tông hóa",
            "thứ hai là trạm y tế xã không có bác sĩ trực buổi trưa tôi đề nghị bố trí người trực",
        )
    )
    assert len(items) == 2
    assert [i.topic for i in items] == ["giao_thong", "y_te_giao_duc"]
    assert all(i.asker == "Võ Thị Hằng" for i in items)


def test_diarized_labels_decide_the_role(meeting):
    # an official who uses citizen-like words ("đề nghị", "bà con") is still an official
    ex = Extractor(meeting)
    items = ex.extract(
        utts(
            "tôi tên là đoàn văn tuấn thôn thanh thủy mương thoát nước trước nhà tôi bị tắc nước đọng bốc mùi hôi thối",
            "đề nghị bà con không đổ rác xuống mương xã sẽ cho nạo vét mương thoát nước trong tuần tới",
            speakers=["SPEAKER_01", "Nguyễn Hồng Phước"],
        )
    )
    assert len(items) == 1
    assert items[0].topic == "moi_truong"
    assert items[0].answered


def test_official_introducing_themself_is_an_official(extractor):
    items = extractor.extract(
        utts(
            "tôi là phạm minh tuấn công chức địa chính tôi xin báo cáo về tình hình cấp giấy chứng nhận quyền sử dụng đất năm nay",
            "đến nay đã cấp được hai trăm mười giấy chứng nhận còn ba mươi hồ sơ đang chờ đo đạc lại",
        )
    )
    assert items == []


def test_outside_the_announced_content_needs_a_written_answer():
    data = {
        "meeting": {
            "title": "Đối thoại",
            "date": "2024-09-20",
            "start": "08:00",
            "venue": "Hội trường",
            "hamlets": ["Đông Yên"],
            "announced_content": ["thủ tục hành chính tại bộ phận một cửa"],
        },
        "people": {"chair": "Nguyễn Hồng Phước", "secretary": "Trần Thị Mai"},
    }
    ex = Extractor(meeting_from_dict(data))
    items = ex.extract(
        utts(
            "tôi là bùi văn hậu thôn đông yên đề nghị xã sửa lại cây cầu tạm qua kênh vì đã mục nát",
            "cảm ơn bác hậu cây cầu này xã đã có kế hoạch thay bằng cầu bê tông vào đầu năm sau bằng vốn ngân sách xã",
            "tôi là bùi thị lan thôn đông yên làm giấy khai sinh cho cháu ở bộ phận một cửa phải chờ cả tuần",
        )
    )
    assert [i.outside_content for i in items] == [True, False]
    assert items[0].needs_written_answer


def test_no_speech_no_items(extractor):
    assert extractor.extract([]) == []
    assert extractor.extract([Utterance(0.0, 1.0, "   ")]) == []


def _spoken_set():
    for path in sorted(SPOKEN.glob("*.json")):
        if not path.name.endswith(".gold.json"):
            yield path


@pytest.mark.parametrize("path", list(_spoken_set()), ids=lambda p: p.stem)
def test_spoken_dev_set_detection(path):
    from doithoai.services.items import utterances_from_transcript
    from pipeline.transcript import load_transcript

    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    meeting = load_meeting(SPOKEN / gold["meeting"])
    items = Extractor(meeting).extract(utterances_from_transcript(load_transcript(path)))
    found = 0
    for g in gold["items"]:
        hits = [i for i in items if min(i.end, g["end"]) - max(i.start, g["start"]) >= 0.5 * (g["end"] - g["start"])]
        if hits:
            found += 1
            assert hits[0].asker == g["asker"]
            assert hits[0].answered == g["answered"]
    assert found / len(gold["items"]) >= 0.9
    assert found / max(1, len(items)) >= 0.8


def test_follow_up_question_keeps_asker_and_topic(extractor):
    items = extractor.extract(
        utts(
            "xin mời bác",
            "tôi là hà văn tùng thôn bình thới bãi rác đầu thôn bốc mùi hôi thối ruồi nhặng bay vào nhà dân",
            "cảm ơn bác tùng tuần sau xã sẽ cho xe chở toàn bộ rác ở bãi này đi xử lý và rắc vôi khử trùng khu vực bãi rác",
            "vâng tôi xin hỏi thêm là sau này rác thì đổ ở chỗ nào ạ",
            "việc này xã đang chọn điểm tập kết mới sẽ thông báo bằng văn bản đến thôn trong tháng này",
        )
    )
    assert len(items) == 2
    first, follow = items
    assert follow.asker == first.asker == "Hà Văn Tùng"
    assert follow.kind == "cau_hoi" and follow.topic == first.topic == "moi_truong"
    assert first.answered and not follow.answered  # the second reply defers in writing


def test_introductions_without_a_meeting_file():
    ex = Extractor()
    item = ex.classify_text("tôi tên là nông văn dền thôn khuổi tôi hỏi là con kênh tưới bị vỡ bao giờ thì sửa")
    assert (item.asker, item.hamlet) == ("Nông Văn Dền", "Khuổi")
    assert item.summary.startswith("Tôi hỏi là con kênh")
    numbered = ex.classify_text("tôi là cao thị mơ ở xóm ba nhà tôi bị hàng xóm xây tường lấn sang đất")
    assert (numbered.asker, numbered.hamlet) == ("Cao Thị Mơ", "Xóm Ba")
    # "tôi là nông dân", "đoạn qua thôn …": no name, and a place is not the asker's hamlet
    plain = ex.classify_text("tôi là nông dân đoạn đường qua thôn đông hà bị sạt lở đề nghị xã sửa")
    assert (plain.asker, plain.hamlet) == (None, None)


def test_noting_an_opinion_before_answering_it_is_an_answer(extractor):
    items = extractor.extract(
        utts(
            "tôi là lê văn thành thôn đông yên đề nghị xã lắp đèn đường đoạn từ cổng làng ra chợ",
            "cảm ơn bác thành xin ghi nhận ý kiến của bác về việc này xã đã mua đủ bóng đèn năng lượng mặt trời "
            "và tháng sau đoàn thanh niên sẽ lắp xong toàn bộ đoạn từ cổng làng ra chợ bà con yên tâm",
            "xin mời bác tiếp theo",
            "tôi là lê thị nhàn thôn đông yên đề nghị xã cho xe thu gom rác vào xóm trong",
            "cảm ơn chị nhàn ý kiến này xã xin ghi nhận",
        )
    )
    assert [i.answered for i in items] == [True, False]
