"""`doithoai minutes` and `doithoai report`: files written, reviewed items win,
clear errors (exit 2) and no output for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from minutes.items import Item, items_to_json
from doithoai.services import documents

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "binh-thanh.toml"


def transcript_dict() -> dict:
    segs = [
        (0.0, 15.0, "xin kính chào toàn thể bà con thôn phước hòa", "S0"),
        (420.0, 450.0, "tôi tên là trương văn đức ở thôn đông yên xin hỏi bao giờ xã sửa lại cống thoát nước", "S1"),
        (455.0, 490.0, "cảm ơn bác đức về ý kiến này tháng tới xã sẽ cho sửa cống", "S0"),
    ]
    return {
        "schema": "doithoai.transcript",
        "version": 1,
        "source": {"name": "hoi-nghi.wav", "sha256": "", "duration": 600.0},
        "model": {"name": "base"},
        "speakers": {"S0": "Nguyễn Hồng Phước"},
        "segments": [{"id": i, "start": s, "end": e, "text": t, "speaker": sp} for i, (s, e, t, sp) in enumerate(segs)],
    }


@pytest.fixture(autouse=True)
def no_extraction(monkeypatch):
    """Only the reviewed items, so counts are known whatever the extractor finds."""
    monkeypatch.setattr(documents, "extract_items", lambda transcript, meeting, **_: [])


@pytest.fixture
def files(tmp_path):
    transcript = tmp_path / "hoi-nghi.json"
    transcript.write_text(json.dumps(transcript_dict(), ensure_ascii=False), encoding="utf-8")
    reviewed = tmp_path / "y-kien.json"
    reviewed.write_text(
        items_to_json(
            [
                Item(
                    id="k1",
                    kind="cau_hoi",
                    topic="moi_truong",
                    unit="Địa chính – Nông nghiệp – Xây dựng và Môi trường",
                    text="Bao giờ xã sửa lại cống thoát nước ở xóm dưới?",
                    asker="Trương Văn Đức",
                    hamlet="Đông Yên",
                    start=420.0,
                    end=450.0,
                    answered=True,
                    answer="Tháng tới xã sẽ cho sửa cống.",
                    answer_start=455.0,
                    reviewed=True,
                ),
            ]
        ),
        encoding="utf-8",
    )
    return transcript, reviewed


def doc_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_minutes_command_writes_docx(run_cli, files, tmp_path):
    transcript, reviewed = files
    out = tmp_path / "ra" / "bien-ban.docx"
    res = run_cli("minutes", transcript, "--meeting", SAMPLE, "--items", reviewed, "-o", out, "--attendees", "45")
    assert res.exit_code == 0, res.stderr
    assert "bien-ban.docx" in res.stdout and "1 ý kiến" in res.stdout
    text = doc_text(out)
    assert "Trương Văn Đức, thôn Đông Yên" in text
    assert "Đồng chí Nguyễn Hồng Phước, Chủ tịch UBND xã trả lời: Tháng tới xã sẽ cho sửa cống." in text
    assert "Nhân dân tham dự: 45 người" in text
    assert "[00:07:00] Nguyễn Hồng Phước: cảm ơn bác đức" not in text  # 455 s is 00:07:35
    assert "[00:07:35] Nguyễn Hồng Phước: cảm ơn bác đức về ý kiến này" in text
    assert not list(out.parent.glob(".*.part"))  # no temporary file left behind


def test_report_command_writes_docx(run_cli, files, tmp_path):
    transcript, reviewed = files
    out = tmp_path / "bao-cao.docx"
    res = run_cli("report", transcript, "--meeting", SAMPLE, "--items", reviewed, "-o", out)
    assert res.exit_code == 0, res.stderr
    text = doc_text(out)
    assert "Số: 15/BC-UBND" in text and "BÁO CÁO" in text
    assert "đã giải trình tại chỗ toàn bộ 01 ý kiến" in text


def test_reviewed_items_win_over_extracted(monkeypatch, files, tmp_path):
    transcript, reviewed = files
    auto = [
        Item(id="k1", kind="phan_anh", text="cống thoát nước xóm dưới bị tắc", start=420.0, end=450.0),
        Item(id="k2", kind="kien_nghi", text="đề nghị lắp thêm đèn đường ở ngã ba", start=500.0, end=520.0),
    ]
    monkeypatch.setattr(documents, "extract_items", lambda transcript, meeting, **_: list(auto))
    out = tmp_path / "bb.docx"
    result = documents.make_bien_ban(transcript, SAMPLE, out, reviewed)
    text = doc_text(out)
    assert "Bao giờ xã sửa lại cống thoát nước ở xóm dưới?" in text
    assert "bị tắc" not in text
    assert "Đề nghị lắp thêm đèn đường ở ngã ba." in text  # an extracted item nobody reviewed stays
    assert result.items == 2 and result.on_spot == 1 and result.written == 1


def test_auto_item_at_the_same_time_as_a_reviewed_one_is_dropped(monkeypatch, files, tmp_path):
    transcript, reviewed = files  # reviewed item "k1" spans 420–450 s
    auto = [
        Item(id="auto-7", kind="cau_hoi", text="bao giờ xã sửa lại cống thoát nước", start=421.0, end=449.0),
        Item(id="auto-8", kind="kien_nghi", text="đề nghị làm sân bóng cho thanh niên", start=451.0, end=480.0),
    ]
    monkeypatch.setattr(documents, "extract_items", lambda transcript, meeting, **_: list(auto))
    inputs = documents.load_inputs(transcript, SAMPLE, reviewed)
    assert [i.id for i in inputs.items] == ["auto-8", "k1"] or [i.id for i in inputs.items] == ["k1", "auto-8"]
    assert any("auto-7" in note for note in inputs.notes)


def test_end_time_from_recording_when_meeting_has_none(tmp_path, files):
    transcript, reviewed = files
    meeting = tmp_path / "m.toml"
    meeting.write_text(SAMPLE.read_text(encoding="utf-8").replace('end = "10:30"\n', ""), encoding="utf-8")
    out = tmp_path / "bb.docx"
    documents.make_bien_ban(transcript, meeting, out, reviewed)
    # 08:00 + 600 s of recording
    assert "Cuộc họp kết thúc vào 08 giờ 10 phút, ngày 20 tháng 9 năm 2024/." in doc_text(out)


@pytest.mark.parametrize("command", ["minutes", "report"])
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing_transcript", "Không tìm thấy tệp"),
        ("bad_json", "không đọc được JSON"),
        ("wrong_schema", "schema"),
        ("bad_meeting", "TOML"),
        ("missing_meeting", "Không tìm thấy tệp cuộc họp"),
        ("bad_items", "loại 'hoi'"),
        ("items_not_json", "không phải JSON"),
        ("wrong_suffix", ".docx"),
    ],
)
def test_bad_input_exit_2_without_output(run_cli, files, tmp_path, command, case, message):
    transcript, reviewed = files
    meeting = SAMPLE
    out = tmp_path / "ket-qua.docx"
    if case == "missing_transcript":
        transcript = tmp_path / "khong-co.json"
    elif case == "bad_json":
        transcript.write_text('{"schema": "doithoai.transcript", "segments": [', encoding="utf-8")
    elif case == "wrong_schema":
        transcript.write_text('{"segments": []}', encoding="utf-8")
    elif case == "bad_meeting":
        meeting = tmp_path / "m.toml"
        meeting.write_text("[meeting\ntitle = 1", encoding="utf-8")
    elif case == "missing_meeting":
        meeting = tmp_path / "khong-co.toml"
    elif case == "bad_items":
        reviewed.write_text('{"items": [{"id": "1", "kind": "hoi", "text": "x"}]}', encoding="utf-8")
    elif case == "items_not_json":
        reviewed.write_text("STT,Nội dung\n1,đường\n", encoding="utf-8")
    elif case == "wrong_suffix":
        out = tmp_path / "ket-qua.pdf"
    res = run_cli(command, transcript, "--meeting", meeting, "--items", reviewed, "-o", out)
    assert res.exit_code == 2, (res.stdout, res.stderr)
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert not out.exists()


def test_failed_run_keeps_previous_document(run_cli, files, tmp_path):
    transcript, reviewed = files
    out = tmp_path / "bien-ban.docx"
    out.write_bytes(b"old signed version")
    transcript.write_text("not json", encoding="utf-8")
    res = run_cli("minutes", transcript, "--meeting", SAMPLE, "-o", out)
    assert res.exit_code == 2
    assert out.read_bytes() == b"old signed version"


def test_meeting_option_is_required(run_cli, files):
    transcript, _ = files
    res = run_cli("minutes", transcript)
    assert res.exit_code == 2 and "--meeting" in (res.stderr + res.stdout)


def test_pdf_without_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    with pytest.raises(documents.UserError, match="LibreOffice"):
        documents.export_pdf(tmp_path / "x.docx")


def test_with_the_real_extractor(monkeypatch, run_cli, files, tmp_path):
    monkeypatch.undo()
    transcript, reviewed = files
    out = tmp_path / "bb.docx"
    res = run_cli("minutes", transcript, "--meeting", SAMPLE, "--items", reviewed, "-o", out)
    assert res.exit_code == 0, res.stderr
    assert "Bao giờ xã sửa lại cống thoát nước ở xóm dưới?" in doc_text(out)
    # the extracted item at 420–450 s is the reviewed one: dropped as a duplicate
    assert "(1 ý kiến: 1 trả lời tại hội nghị" in res.stdout
    out2 = tmp_path / "bb2.docx"
    res2 = run_cli("minutes", transcript, "--meeting", SAMPLE, "-o", out2)
    assert res2.exit_code == 0, res2.stderr
    assert "Trương Văn Đức, thôn Đông Yên" in doc_text(out2)  # asker and hamlet found by the extractor
    assert "(1 ý kiến: 1 trả lời tại hội nghị" in res2.stdout


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.slow
def test_report_with_pdf(run_cli, files, tmp_path):
    transcript, reviewed = files
    out = tmp_path / "bao-cao.docx"
    res = run_cli("report", transcript, "--meeting", SAMPLE, "--items", reviewed, "-o", out, "--pdf")
    assert res.exit_code == 0, res.stderr
    pdf = out.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in res.stdout
    props = docx.Document(str(out)).core_properties
    assert props.title.startswith("Báo cáo kết quả đối thoại") and props.author == "Ủy ban nhân dân xã Bình Thanh"
