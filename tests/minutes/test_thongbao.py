"""The public notice of the dialogue's results (thông báo kết quả đối thoại),
built from the sample meeting and the ASR-style dialogues of bench/data/spoken,
opened with python-docx: the Nghị định 30 format of the biên bản, every
accepted item named, none of the rejected or unreviewed ones."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import replace

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from spokenitems import SAMPLE, WRITTEN_ON, reviewed

from minutes.bienban import to_bytes
from minutes.errors import MinutesError
from minutes.meeting import Agency, PublishSettings, load_meeting, meeting_from_dict
from minutes.thongbao import build_thong_bao, gist, public_outcomes
from minutes.vntext import restore_names

NOTICE_DAY = dt.date(2024, 9, 27)  # a week after the sample dialogue (2024-09-20)


@pytest.fixture(scope="module")
def meeting():
    return replace(load_meeting(SAMPLE), publish=PublishSettings(number=5))


@pytest.fixture(scope="module")
def spoken(meeting):
    return reviewed(meeting)


def open_doc(built):
    return docx.Document(io.BytesIO(to_bytes(built)))  # what a reader of the file sees


@pytest.fixture(scope="module")
def doc(meeting, spoken):
    return open_doc(build_thong_bao(meeting, spoken[0], date=NOTICE_DAY, attendees=120))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def all_text(doc) -> str:
    parts = texts(doc) + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def all_runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def words(text: str) -> str:
    return " ".join(text.casefold().split())


# --- the Nghị định 30 format (the biên bản's checks) -----------------------------------------------
def test_a4_portrait_and_margins(doc):
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
    assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) <= s.right_margin <= Mm(20)


def test_times_new_roman_black_everywhere(doc):
    runs = [r for r in all_runs(doc) if r.text.strip()]
    assert len(runs) > 50
    for r in runs:
        fonts = r._r.rPr.find(qn("w:rFonts"))
        assert r.font.name == "Times New Roman", r.text
        assert fonts.get(qn("w:eastAsia")) == "Times New Roman" and fonts.get(qn("w:cs")) == "Times New Roman"
        assert r.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0))
        assert unicodedata.is_normalized("NFC", r.text)


def test_header_table_number_and_date(doc):
    table = doc.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ BÌNH THANH"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    number, date = table.rows[1].cells
    assert number.text.strip() == "Số: 05/TB-UBND"
    assert date.text.strip() == "Bình Thanh, ngày 27 tháng 9 năm 2024"
    assert all(r.italic for r in date.paragraphs[0].runs)


def test_type_name_subject_and_body_format(doc):
    t = texts(doc)
    i = t.index("THÔNG BÁO")
    p = doc.paragraphs[i]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold and 13 <= r.font.size.pt <= 14 for r in p.runs)
    assert t[i + 1].startswith("Kết quả đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Phước Hòa")
    body = next(p for p in doc.paragraphs if p.text.startswith("Nội dung: "))
    pf = body.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) - Mm(0.1) <= pf.first_line_indent <= Mm(12.7) + Mm(0.1)
    assert pf.space_after >= Pt(6) and 1.0 <= pf.line_spacing <= 1.5
    assert all(13 <= r.font.size.pt <= 14 for r in body.runs)
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    assert "PAGE" in "".join(e.text or "" for e in s.header._element.iter(qn("w:instrText")))


def test_signature_and_recipients(doc):
    sig = doc.tables[-1]
    left, right = sig.rows[0].cells
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Hồng Phước"]
    rec = [p.text for p in left.paragraphs if p.text]
    assert rec[0] == "Nơi nhận:" and rec[-1] == "- Lưu: VT."
    assert "- Trưởng các thôn (để thông báo);" in rec and "- Đài truyền thanh xã;" in rec


# --- what it says -------------------------------------------------------------------------------------
def test_facts_and_attendance(doc):
    t = texts(doc)
    assert "Thời gian: 08 giờ 00 phút, ngày 20 tháng 9 năm 2024. Địa điểm: Hội trường UBND xã Bình Thanh." in t
    assert any(x.startswith("Chủ trì: Nguyễn Hồng Phước, Chủ tịch UBND xã") for x in t)
    assert "Số người dân tham dự: 120 người." in t


def test_counts_follow_the_accepted_items(doc, spoken):
    accepted = spoken[1]["accepted"]
    spot = sum(1 for i in accepted if not i.needs_written_answer)
    referred = len(accepted) - spot
    answered = sum(1 for i in accepted if i.needs_written_answer and i.status == "da_tra_loi")
    t = texts(doc)
    assert (
        f"Tại hội nghị có {len(accepted)} ý kiến của Nhân dân; đã trả lời ngay tại hội nghị {spot:02d} ý kiến, "
        f"chuyển trả lời bằng văn bản {referred:02d} ý kiến."
    ) in t
    assert any(
        x.startswith(
            f"Trong {referred:02d} ý kiến chuyển trả lời bằng văn bản, tính đến ngày 27 tháng 9 "
            f"năm 2024 đã trả lời {answered:02d} ý kiến"
        )
        for x in t
    )
    kinds = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Loại ý kiến")
    assert kinds.rows[-1].cells[0].text == "Tổng cộng" and kinds.rows[-1].cells[1].text == str(len(accepted))
    topics = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Lĩnh vực")
    assert sum(int(r.cells[1].text) for r in topics.rows[1:-1]) == len(accepted)


def test_every_accepted_item_and_none_of_the_others(doc, meeting, spoken):
    groups = spoken[1]
    text = words(all_text(doc))
    heads = [x for x in texts(doc) if x[:1].isdigit() and "lĩnh vực" in x]
    assert len(heads) == len(groups["accepted"])
    names = [meeting.chair.name, *meeting.hamlets] + [i.asker for i in groups["accepted"] if i.asker]
    for n, item in enumerate(groups["accepted"], 1):
        assert heads[n - 1].startswith(f"{n}. Ông (bà) {item.asker}, thôn {item.hamlet} (")
        assert words(gist(item, names).rstrip(".")) in text
    for item in groups["rejected"] + groups["unreviewed"]:
        assert words(restore_names(item.text, names)) not in text, item.id


def test_answers_on_the_spot_in_writing_and_open(doc, spoken):
    t = texts(doc)
    outcomes = {o.item.id: o for o in spoken[0]}
    heads = [k for k, x in enumerate(t) if x[:1].isdigit() and "lĩnh vực" in x]
    for k, item in zip(heads, spoken[1]["accepted"], strict=True):
        answer = t[k + 2]
        unit = f" ({item.unit})" if item.unit else ""
        if not item.needs_written_answer:
            assert answer.startswith(f"Trả lời tại hội nghị{unit}: ")
        elif item.status == "da_tra_loi":
            assert answer == (f"Trả lời bằng văn bản{unit} ngày {WRITTEN_ON:%d/%m/%Y}: {outcomes[item.id].response}")
        else:
            assert answer.startswith("Tình trạng: đang xử lý")
            assert answer.endswith("hạn trả lời bằng văn bản: trước ngày 30/09/2024.")


def test_names_not_published(meeting, spoken):
    hidden = replace(meeting, publish=PublishSettings(names=False))
    doc = open_doc(build_thong_bao(hidden, spoken[0], date=NOTICE_DAY))
    text = all_text(doc)
    for item in spoken[1]["accepted"]:
        assert item.asker not in text
    assert "1. Một người dân thôn Bình Thới (" in text
    assert "Số người dân tham dự" not in text  # attendance not recorded: no line
    number = doc.tables[0].rows[1].cells[0].text.strip()
    assert number.endswith("/TB-UBND") and not any(c.isdigit() for c in number)


def test_names_not_published_in_a_written_answer_either(meeting, spoken):
    written = next(o for o in spoken[0] if o.response and o.item.asker)
    named = replace(written, response=f"UBND xã đã làm việc với ông {written.item.asker} về kiến nghị này")
    hidden = replace(meeting, publish=PublishSettings(names=False))
    text = all_text(open_doc(build_thong_bao(hidden, [named], date=NOTICE_DAY)))
    assert "đã làm việc với ông" in text
    assert written.item.asker not in text


def test_no_accepted_items_is_a_sensible_notice(meeting):
    doc = open_doc(build_thong_bao(meeting, [], date=NOTICE_DAY))
    t = texts(doc)
    assert "Tại hội nghị không có ý kiến của Nhân dân." in t
    assert not any(x.startswith("III.") for x in t)
    assert len(doc.tables) == 2  # header and signature, no count tables


def test_items_without_an_answer_text(meeting, spoken):
    outcome = next(o for o in spoken[0] if o.item.reviewed and not o.item.needs_written_answer)
    bare = replace(outcome, item=replace(outcome.item, answer=None, unit=""))
    written = next(o for o in spoken[0] if o.response)
    silent = replace(written, response="")
    doc = open_doc(build_thong_bao(meeting, [bare, silent], date=NOTICE_DAY))
    t = texts(doc)
    assert "Đã được trả lời tại hội nghị." in t
    assert any(x.startswith("Đã trả lời bằng văn bản") and x.endswith(f"ngày {WRITTEN_ON:%d/%m/%Y}.") for x in t)


def test_public_outcomes_keep_recording_order(spoken):
    shown = public_outcomes(list(reversed(spoken[0])))
    starts = [o.item.start for o in shown]
    assert starts == sorted(starts) and all(o.item.reviewed and o.item.status != "tu_choi" for o in shown)


def test_missing_agency_name_is_a_clear_error(meeting, spoken):
    with pytest.raises(MinutesError, match="agency.name"):
        build_thong_bao(replace(meeting, agency=Agency(name="")), spoken[0], date=NOTICE_DAY)


def _data(**publish) -> dict:
    return {
        "meeting": {"title": "Hội nghị", "date": "2024-09-20", "start": "08:00", "venue": "Hội trường"},
        "people": {"chair": "A", "secretary": "B"},
        "publish": publish,
    }


def test_publish_settings_in_the_meeting_file():
    m = meeting_from_dict(_data(names=False, number=7, recipients=["Các thôn"]))
    assert m.publish == PublishSettings(number=7, names=False, recipients=("Các thôn",))
    assert meeting_from_dict(_data()).publish == PublishSettings()
    for bad in ({"names": "không"}, {"number": 0}, {"number": "5"}):
        with pytest.raises(MinutesError, match="publish"):
            meeting_from_dict(_data(**bad))
