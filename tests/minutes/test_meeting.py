"""The meeting file: sample, the document settings, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from minutes.errors import MinutesError
from minutes.meeting import load_meeting

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml"

MINIMAL = """
[meeting]
title = "Hội nghị đối thoại năm 2025"
date = 2025-03-07
start = "7h30"
venue = "Nhà văn hóa thôn Đông Yên"

[agency]
name = "xã Bình Thanh"

[people]
chair = "Nguyễn Hồng Phước"
secretary = { name = "Trần Thị Mai" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "meeting.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_has_what_the_documents_need():
    m = load_meeting(SAMPLE)
    assert m.agency.name == "xã Bình Thanh" and m.agency.place == "Bình Thanh" and m.agency.code == "UBND"
    assert m.minutes_number == 3 and m.report_number == 15
    assert m.date == dt.date(2024, 9, 20) and m.start == dt.time(8, 0) and m.end == dt.time(10, 30)
    assert m.chair.title == "Chủ tịch UBND xã" and m.secretary.name == "Trần Thị Mai"
    assert m.report.signer_authority == "TM. ỦY BAN NHÂN DÂN" and m.report.signer_title == "CHỦ TỊCH"
    assert m.recipients[0] == "VP UBND huyện (b/cáo)"


def test_minimal_file_uses_defaults(tmp_path):
    m = load_meeting(write(tmp_path, MINIMAL))
    assert m.start == dt.time(7, 30) and m.end is None
    assert m.attendees is None and m.opening_summary == "" and m.report.date is None
    assert m.agency.parent == "ỦY BAN NHÂN DÂN"


def test_document_settings_are_read(tmp_path):
    text = MINIMAL.replace('venue = "Nhà văn hóa thôn Đông Yên"', 'venue = "Nhà văn hóa thôn Đông Yên"\nattendees = 64')
    text += """
[documents]
report_date = "12/03/2025"
report_subject = "Kết quả đối thoại với Nhân dân thôn Đông Yên"
report_recipients = ["UBND huyện (b/cáo)"]
signer = "Lê Văn Hùng"
signer_authority = "KT. CHỦ TỊCH"
signer_title = "PHÓ CHỦ TỊCH"

[minutes]
opening_summary = "Đồng chí Chủ tịch báo cáo tình hình kinh tế - xã hội quý I."
conclusion = "Chủ tọa kết luận."
"""
    m = load_meeting(write(tmp_path, text))
    assert m.attendees == 64
    assert m.report.date == dt.date(2025, 3, 12)
    assert m.report.recipients == ("UBND huyện (b/cáo)",)
    assert (m.report.signer, m.report.signer_authority, m.report.signer_title) == (
        "Lê Văn Hùng",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert m.opening_summary.startswith("Đồng chí Chủ tịch") and m.conclusion == "Chủ tọa kết luận."


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('title = "Hội nghị đối thoại năm 2025"\n', ""), "meeting.title"),
        (lambda t: t.replace('start = "7h30"', 'start = "sáng"'), "Giờ không hợp lệ"),
        (lambda t: t.replace('start = "7h30"', 'start = "25:00"'), "Giờ không hợp lệ"),
        (lambda t: t.replace("date = 2025-03-07", 'date = "07-03-2025x"'), "Ngày không hợp lệ"),
        (lambda t: 'people = "Nguyễn Hồng Phước"\n' + t.replace("[people]", "[other]"), "[people]"),
        (lambda t: t + "\n[documents]\nminutes_number = 0\n", "documents.minutes_number"),
        (lambda t: t + '\n[documents]\nreport_date = "hôm nay"\n', "documents.report_date"),
        (lambda t: t + "\n[minutes]\nconclusion = 5\n", "minutes.conclusion"),
        (lambda t: t.replace('name = "xã Bình Thanh"', "name = 12"), "agency.name"),
        (lambda t: t.replace('start = "7h30"', 'start = "7h30"\nattendees = -3'), "meeting.attendees"),
        (lambda t: t + '\n[[officials]]\ntitle = "Công an xã"\n', "officials[0]"),
        (lambda t: t + '\n[routing]\npreset = "2030"\n', "Bộ định tuyến"),
        (lambda t: t + '\n[deadlines]\nwritten_answer_days = "mười"\n', "[deadlines]"),
        (lambda t: t + "\n[deadlines]\npublish_days = 99999999\n", "publish_days = 99999999"),
        (lambda t: t + "\n[deadlines]\npublish_days = inf\n", "[deadlines]"),
        (lambda t: t + "\n[deadlines]\nwritten_answer_days = -3\n", "written_answer_days = -3"),
        (lambda t: t.replace("[agency]", "[agency\n"), "TOML"),
    ],
)
def test_malformed_meeting_files_give_clear_errors(tmp_path, change, message):
    with pytest.raises(MinutesError) as err:
        load_meeting(write(tmp_path, change(MINIMAL)))
    assert message in str(err.value)
    assert " / " in str(err.value)  # Vietnamese, then English


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(MinutesError, match="Không tìm thấy"):
        load_meeting(tmp_path / "khong-co.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe\x00title")
    with pytest.raises(MinutesError, match="UTF-8"):
        load_meeting(bad)


def test_speaker_names_table(tmp_path):
    base = (Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
    path = tmp_path / "hop.toml"
    path.write_text(
        base + '\n[speakers]\nSPK1 = "Nguye\u0302\u0303n Hồng Phước"\nSPK2 = "Bà Võ Thị Lan"\n', encoding="utf-8"
    )
    m = load_meeting(path)
    assert m.speakers == {"SPK1": "Nguyễn Hồng Phước", "SPK2": "Bà Võ Thị Lan"}  # NFC
    path.write_text(base + '\n[speakers]\nSPK1 = ""\n', encoding="utf-8")
    with pytest.raises(MinutesError, match=r"\[speakers\]"):
        load_meeting(path)


@pytest.mark.parametrize(
    "extra", ["\n[[officials]]\nname = 1988\n", '\n[[officials]]\nname = "Lê Văn A"\ntitle = ["Phó Chủ tịch"]\n']
)
def test_people_fields_must_be_text(tmp_path, extra):
    base = (Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
    path = tmp_path / "hop.toml"
    path.write_text(base.replace("[routing]", extra + "\n[routing]", 1), encoding="utf-8")
    with pytest.raises(MinutesError, match=r"officials\[\d\]\."):
        load_meeting(path)


def test_a_routing_preset_from_the_communes_own_lexicon_is_accepted(tmp_path):
    base = (Path(__file__).resolve().parents[2] / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
    (tmp_path / "tu-dien").mkdir()
    (tmp_path / "tu-dien" / "routing.toml").write_text(
        '[presets."xa-binh-thanh"]\nlabel = "Riêng của xã"\n[presets."xa-binh-thanh".topics]\nkhac = "Văn phòng"\n',
        encoding="utf-8",
    )
    path = tmp_path / "hop.toml"
    path.write_text(
        base.replace('preset = "truoc-2025-07"', 'preset = "xa-binh-thanh"') + '\n[extraction]\nlexicon = "tu-dien"\n',
        encoding="utf-8",
    )
    assert load_meeting(path).routing_preset == "xa-binh-thanh"
    path.write_text(base.replace('preset = "truoc-2025-07"', 'preset = "xa-binh-thanh"'), encoding="utf-8")
    with pytest.raises(MinutesError, match="xa-binh-thanh"):
        load_meeting(path)
