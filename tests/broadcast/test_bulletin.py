"""The results bulletin read on the loudspeakers, from the sample meeting and
the ASR-style dialogues of bench/data/spoken: grouped by hamlet (each hamlet
once as a heading), nothing left that a speech engine would misread, long
answers shortened, the plan inside the publishing window, and the real
render (espeak-ng, offline) mastered to the loudness target."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import pyloudnorm
import pytest
from spokenitems import SAMPLE, reviewed

from broadcast.bulletin import (
    GIST_WORDS,
    SPOT,
    BulletinFacts,
    BulletinItem,
    build_bulletin,
    bulletin_body,
    check_window,
    publish_plan,
    shorten,
)
from broadcast.errors import BroadcastError, LeadTimeError
from broadcast.event import AudioSettings, Station
from broadcast.master import RATE, decode_mp3
from broadcast.normalize import Normalizer, unread_tokens
from broadcast.script import MAX_CHARS
from minutes.meeting import PublishSettings, load_meeting
from minutes.thongbao import public_outcomes

STATION = Station(name="Đài truyền thanh xã Bình Thanh", organiser="Ủy ban nhân dân xã Bình Thanh")
HELD = dt.date(2024, 9, 20)  # the sample dialogue
SLOTS = (dt.time(6, 0), dt.time(17, 0))


@pytest.fixture(scope="module")
def meeting():
    return replace(load_meeting(SAMPLE), attendees=86)


@pytest.fixture(scope="module")
def spoken(meeting):
    return reviewed(meeting)


@pytest.fixture(scope="module")
def facts(meeting, spoken):
    from doithoai.services.publish import bulletin_facts

    return bulletin_facts(meeting, public_outcomes(spoken[0]))


@pytest.fixture(scope="module")
def script(facts):
    return build_bulletin(STATION, facts)


def test_customary_form_opening_repeat_closing(script):
    readings = list(script.readings(2))
    assert readings[0].startswith("Đây là Đài truyền thanh xã Bình Thanh. Sau đây là thông báo của Ủy ban nhân dân xã")
    assert readings[1].startswith("Xin thông báo lại.")
    assert readings[1].rstrip().endswith("Cảm ơn bà con đã chú ý lắng nghe.")
    assert all(len(r) <= MAX_CHARS for r in readings)


def test_facts_and_counts(script, spoken):
    accepted = spoken[1]["accepted"]
    spot = sum(1 for i in accepted if not i.needs_written_answer)
    body = script.body
    assert "vào lúc 8 giờ 00 phút, ngày 20 tháng 9 năm 2024, tại Hội trường UBND xã Bình Thanh." in body
    assert "Chủ trì hội nghị: đồng chí Nguyễn Hồng Phước, Chủ tịch UBND xã." in body
    assert "Có 86 người dân đến dự hội nghị." in body
    assert (
        f"bà con đã nêu {len(accepted)} ý kiến; đã trả lời ngay tại hội nghị {spot} ý kiến, "
        f"chuyển bộ phận chuyên môn trả lời bằng văn bản {len(accepted) - spot} ý kiến."
    ) in body


def test_each_hamlet_once_as_a_heading_with_its_items_together(script, spoken):
    lines = script.body.split("\n")
    hamlets = list(dict.fromkeys(i.hamlet for i in spoken[1]["accepted"]))
    assert len(hamlets) == 4
    for hamlet in hamlets:
        assert lines.count(f"Thôn {hamlet}.") == 1, hamlet
    # every accepted asker is read under his own hamlet's heading, none of the others
    for item in spoken[1]["accepted"]:
        heading = lines.index(f"Thôn {item.hamlet}.")
        following = next((k for k in range(heading + 1, len(lines)) if lines[k].startswith("Thôn ")), len(lines))
        assert any(f" của {item.asker}: " in line for line in lines[heading + 1 : following]), item.id
    for item in spoken[1]["rejected"] + spoken[1]["unreviewed"]:
        assert item.text[:40] not in script.body.lower()


def test_nothing_left_unread_after_normalisation(script):
    written = "\n".join(script.readings(2))
    assert any(c.isdigit() for c in written) and "UBND" in written  # the script does hold numbers and abbreviations
    normalizer = Normalizer()
    for reading in script.readings(2):
        result = normalizer.explain(reading)
        assert result.unread == [], result.unread
        assert unread_tokens(result.text) == []
        assert not any(c.isdigit() for c in result.text)


def test_long_answers_shortened(script, spoken):
    longest = max((i.answer or "" for i in spoken[1]["accepted"]), key=lambda a: len(a.split()))
    assert len(longest.split()) > GIST_WORDS[0]  # the dialogues do have long answers
    answers = [
        line.split("Trả lời tại hội nghị: ", 1)[1]
        for line in script.body.split("\n")
        if "Trả lời tại hội nghị: " in line
    ]
    assert answers and all(len(a.split()) <= GIST_WORDS[0] for a in answers)


def test_shorten_keeps_whole_sentences_and_ends_cleanly():
    assert shorten("ngắn thôi", 10) == "Ngắn thôi."
    text = "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút nữa. " + "rất " * 30
    assert shorten(text, 15) == "Câu thứ nhất ngắn. Câu thứ hai dài hơn một chút nữa."
    cut = shorten("xã đã kiểm tra và yêu cầu chủ cơ sở làm bể lắng và hầm biogas trong tháng này và sẽ", 16)
    assert len(cut.split()) <= 16 and cut.endswith(".") and cut.split()[-1].rstrip(".") not in ("và", "sẽ")


def test_names_not_published_leaves_only_the_hamlet(meeting, spoken):
    from doithoai.services.publish import bulletin_facts

    hidden = replace(meeting, publish=PublishSettings(names=False))
    body = build_bulletin(STATION, bulletin_facts(hidden, public_outcomes(spoken[0]))).body
    assert all(item.asker not in body for item in spoken[1]["accepted"])
    assert "của một người dân: " in body


def test_no_items_and_unknown_hamlet():
    facts = BulletinFacts("Ủy ban nhân dân xã Bình Thanh", "hội nghị đối thoại", HELD, dt.time(8), "Hội trường")
    assert "bà con không nêu ý kiến nào" in bulletin_body(facts)
    one = replace(facts, items=(BulletinItem("câu hỏi", "hỏi về đường", state=SPOT),))
    body = bulletin_body(one)
    assert "Ý kiến chưa rõ thôn." in body.split("\n") and "đều được trả lời ngay tại hội nghị" in body


# --- the publishing window ------------------------------------------------------------------------
def test_default_plan_inside_the_window():
    plan = check_window(publish_plan(HELD, dt.time(10, 30), 10, SLOTS, today=dt.date(2024, 9, 23)))
    assert plan.dates == (dt.date(2024, 9, 24), dt.date(2024, 9, 25), dt.date(2024, 9, 26))
    assert len(plan.broadcasts) == 6 and not plan.warnings
    late = publish_plan(HELD, dt.time(10, 30), 10, SLOTS, today=dt.date(2024, 9, 28))
    assert max(late.dates) == dt.date(2024, 9, 30)  # cut at the deadline rather than missing it


def test_plan_after_the_window_needs_force():
    plan = publish_plan(HELD, dt.time(10, 30), 10, SLOTS, dates=(dt.date(2024, 9, 29), dt.date(2024, 10, 1)))
    with pytest.raises(LeadTimeError, match="30/09/2024") as exc:
        check_window(plan)
    assert exc.value.exit_code == 3
    forced = check_window(plan, force=True)
    assert forced.warnings and "--force" in forced.warnings[0]
    with pytest.raises(LeadTimeError):  # publishing late with the automatic plan is caught too
        check_window(publish_plan(HELD, dt.time(10, 30), 10, SLOTS, today=dt.date(2024, 10, 2)))


def test_plan_before_the_dialogue_is_refused():
    with pytest.raises(BroadcastError, match="không sau buổi đối thoại"):
        publish_plan(HELD, dt.time(10, 30), 10, SLOTS, dates=(HELD,))
    with pytest.raises(BroadcastError):
        publish_plan(HELD, dt.time(10, 30), 10, ())


# --- the real render ------------------------------------------------------------------------------
@pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("ffmpeg") is None,
    reason="espeak-ng and ffmpeg are needed to render",
)
@pytest.mark.timeout(300)
@pytest.mark.slow
def test_renders_to_the_loudness_target(meeting, tmp_path):
    from doithoai.services import publish as service

    outcomes, _ = reviewed(meeting, ("binh-thoi-2024",))  # one hamlet keeps the render short
    p = service.prepare(meeting, outcomes, date=dt.date(2024, 9, 23))
    result = service.publish(p, tmp_path / "ra", repeat=1, cache_dir=tmp_path / "cache")
    mp3 = tmp_path / "ra" / service.MP3_NAME
    assert mp3 in result.written and (tmp_path / "ra" / service.DOCX_NAME).is_file()
    samples = decode_mp3(mp3.read_bytes())
    measured = pyloudnorm.Meter(RATE).integrated_loudness(samples)
    target = AudioSettings().target_lufs
    assert abs(measured - target) <= 1.0, measured
    assert len(samples) / RATE > 20  # the bulletin is read, not a jingle alone
    spoken = (tmp_path / "ra" / service.SPOKEN_NAME).read_text(encoding="utf-8")
    assert "Thôn Bình Thới" in spoken and not any(c.isdigit() for c in spoken)
