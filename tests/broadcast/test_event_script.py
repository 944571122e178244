"""Event file validation and the notice script in the station's form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from broadcast.errors import BroadcastError
from broadcast.event import Station, event_from_dict, load_event
from broadcast.script import audience_phrase, build_script, parse_script

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
[station]
name = "Đài truyền thanh xã Hòa Bình"
[event]
organiser = "Ủy ban nhân dân xã Hòa Bình"
title = "Hội nghị lấy ý kiến Nhân dân về quy hoạch khu dân cư mới"
date = "5/11/2025"
start = "7h30"
venue = "tại Nhà văn hóa thôn Bắc"
audience = ["Bắc", "Nam", "Trung"]
content = ["Phương án quy hoạch.", "Giá bồi thường"]
contact = "ông Lê Văn Tâm, công chức Địa chính"
[schedule]
slots = ["05:30", "17:15"]
days_before = 5
[audio]
repeat = 3
speed = 0.9
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "su-kien.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_event_file_is_read(tmp_path):
    ef = load_event(write(tmp_path, GOOD))
    e = ef.event
    assert e.date == dt.date(2025, 11, 5) and e.start == dt.time(7, 30)
    assert e.audience == ("Bắc", "Nam", "Trung")
    assert ef.plan.slots == (dt.time(5, 30), dt.time(17, 15)) and ef.plan.days_before == 5 and ef.plan.lead_days == 3
    assert ef.audio.repeat == 3 and ef.audio.speed == 0.9 and ef.audio.engine == "auto" and ef.audio.voice == ""


def test_the_sample_notice_loads():
    ef = load_event(ROOT / "samples" / "thong-bao-doi-thoai.toml")
    assert ef.station.name == "Đài truyền thanh xã Bình Thanh"
    assert ef.event.date == dt.date(2024, 9, 20) and ef.event.audience == ("Phước Hòa",)


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda t: t.replace('start = "7h30"', 'start = "25:00"'), "event.start"),
        (lambda t: t.replace('date = "5/11/2025"', 'date = "ngày mai"'), "event.date"),
        (lambda t: t.replace('venue = "tại Nhà văn hóa thôn Bắc"\n', ""), "event.venue"),
        (lambda t: t.replace("repeat = 3", "repeat = 9"), "audio.repeat"),
        (lambda t: t.replace("speed = 0.9", 'speed = "nhanh"'), "audio.speed"),
        (lambda t: t.replace('audience = ["Bắc", "Nam", "Trung"]', "audience = [1, 2]"), "event.audience"),
        (lambda t: t.replace("[audio]", "[am_thanh]"), "am_thanh"),
        (lambda t: t.replace("days_before = 5", "days_before = 5\ndates = [2025-11-01]"), "schedule.dates"),
        (
            lambda t: t.replace('name = "Đài truyền thanh xã Hòa Bình"', "").replace(
                'organiser = "Ủy ban nhân dân xã Hòa Bình"', 'organiser = "Hội Nông dân xã Hòa Bình"'
            ),
            "station.name",
        ),
        (lambda t: t.replace("contact = ", "contac = "), "contac"),
        (lambda t: t.replace("[event]", "[event"), "TOML"),
    ],
)
def test_bad_event_files_get_clear_errors(tmp_path, edit, needle):
    with pytest.raises(BroadcastError) as exc:
        load_event(write(tmp_path, edit(GOOD)))
    assert needle in str(exc.value)
    assert exc.value.exit_code == 2


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(BroadcastError, match="Không tìm thấy"):
        load_event(tmp_path / "khong-co.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[station]\nname = "Đài"\n'.encode("utf-16"))
    with pytest.raises(BroadcastError, match="UTF-8"):
        load_event(bad)


def test_script_has_the_station_form(tmp_path):
    ef = load_event(write(tmp_path, GOOD))
    script = build_script(ef.station, ef.event)
    assert script.opening == (
        "Đây là Đài truyền thanh xã Hòa Bình. Sau đây là thông báo của Ủy ban nhân dân xã Hòa Bình."
    )
    assert (
        "Ủy ban nhân dân xã Hòa Bình trân trọng thông báo và kính mời toàn thể Nhân dân các thôn Bắc, Nam và Trung "
        "đến dự hội nghị lấy ý kiến Nhân dân" in script.body
    )
    assert "vào lúc 7 giờ 30 phút, thứ Tư, ngày 5 tháng 11 năm 2025" in script.body  # 5/11/2025 is a Wednesday
    assert "Địa điểm: tại Nhà văn hóa thôn Bắc." in script.body  # no "tại tại"
    assert "thứ nhất, phương án quy hoạch; thứ hai, giá bồi thường" in script.body
    assert "liên hệ ông Lê Văn Tâm" in script.body
    assert script.closing.startswith("Đài truyền thanh xã Hòa Bình vừa phát thông báo")


def test_readings_repeat_the_body_with_xin_thong_bao_lai(tmp_path):
    ef = load_event(write(tmp_path, GOOD))
    script = build_script(ef.station, ef.event)
    readings = list(script.readings(3))
    assert len(readings) == 3
    assert readings[0].startswith("Đây là Đài truyền thanh")
    assert readings[1].startswith("Xin thông báo lại.") and readings[2].startswith("Xin thông báo lại.")
    assert all(script.body in r for r in readings)
    assert script.closing in readings[2] and script.closing not in readings[0]


@pytest.mark.parametrize(
    ("hamlets", "phrase"),
    [
        ((), "toàn thể Nhân dân trên địa bàn xã"),
        (("Phú Mỹ",), "toàn thể Nhân dân thôn Phú Mỹ"),
        (("Phú Mỹ", "An Lạc"), "toàn thể Nhân dân các thôn Phú Mỹ và An Lạc"),
        (("tổ dân phố 4", "Phú Mỹ"), "toàn thể Nhân dân tổ dân phố 4 và thôn Phú Mỹ"),
        (("ấp Mỹ Hòa",), "toàn thể Nhân dân ấp Mỹ Hòa"),
    ],
)
def test_audience_phrasing(hamlets, phrase):
    assert audience_phrase(hamlets) == phrase


def test_script_file_round_trip_and_edits(tmp_path):
    ef = load_event(write(tmp_path, GOOD))
    script = build_script(ef.station, ef.event)
    assert parse_script(script.to_text()) == script
    edited = script.to_text().replace("Cảm ơn bà con đã chú ý lắng nghe.", "Trân trọng cảm ơn.")
    edited = edited.replace("\n[Nội dung]\n", "\n# ghi chú của cán bộ văn hóa\n[nội dung]\n")
    again = parse_script(edited)
    assert again.closing.endswith("Trân trọng cảm ơn.") and again.body == script.body


def test_plain_text_script_is_the_body():
    script = parse_script("Chiều nay mất điện từ 13 giờ đến 17 giờ.\nĐề nghị bà con chủ động.\n")
    assert script.body.startswith("Chiều nay") and script.opening == ""


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "trống"),
        ("   \n  ", "trống"),
        ("12345 !!! ...", "không có chữ"),
        ("Thông\x00báo", "ký tự điều khiển"),
        ("Thông báo. " * 700, "quá dài"),
    ],
)
def test_bad_text_is_refused(text, needle):
    with pytest.raises(BroadcastError) as exc:
        build_script(Station("Đài truyền thanh xã Hòa Bình"), text=text)
    assert needle in str(exc.value)


def test_unknown_script_section_is_refused():
    with pytest.raises(BroadcastError, match="Ghi chú"):
        parse_script("[Mở đầu]\nĐây là đài.\n[Ghi chú]\nabc\n[Nội dung]\nHọp dân.\n")


def test_free_text_gets_the_station_frame():
    script = build_script(
        Station("Đài truyền thanh phường Tân Mai"),
        text="Ngày mai phun thuốc diệt muỗi",
        organiser="UBND phường Tân Mai",
    )
    assert script.opening.startswith("Đây là Đài truyền thanh phường Tân Mai.")
    assert script.body == "Ngày mai phun thuốc diệt muỗi."


def test_end_before_start_is_refused():
    data = {
        "station": {"name": "Đài"},
        "event": {
            "organiser": "UBND xã",
            "title": "Họp",
            "date": "2025-01-02",
            "start": "09:00",
            "end": "08:00",
            "venue": "Hội trường",
        },
    }
    with pytest.raises(BroadcastError, match="event.end"):
        event_from_dict(data)


def test_station_name_follows_the_organiser_and_common_aliases():
    data = {
        "event": {
            "organizer": "UBND phường Tân Mai",
            "title": "Ra quân dọn vệ sinh",
            "location": "Sân khu phố 2",
            "date": dt.datetime(2025, 6, 1, 6, 30),
            "hamlets": ["khu phố 2"],
        }
    }
    ef = event_from_dict(data)
    assert ef.station.name == "Đài truyền thanh phường Tân Mai"
    assert (
        ef.event.start == dt.time(6, 30) and ef.event.venue == "Sân khu phố 2" and ef.event.audience == ("khu phố 2",)
    )
