"""`doithoai questions`: transcript mode, --from-text mode, outputs, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from minutes.items import load_items

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "binh-thanh.toml"

SEGMENTS = [
    "xin mời bà con phát biểu ý kiến",
    "tôi tên là mai văn hòa thôn đông yên con mương thoát nước trước chợ bị tắc rác ứ lại bốc mùi hôi thối đề nghị xã cho nạo vét",
    "cảm ơn bác hòa tuần sau xã sẽ huy động đoàn thanh niên và tổ vệ sinh môi trường nạo vét toàn bộ mương thoát nước khu chợ",
    "tôi là đinh thị thoa thôn phước hòa tôi hỏi là khi nào thì xã tổ chức cấp đổi căn cước cho người già ở nhà",
    "cảm ơn chị thoa ý kiến này xã xin ghi nhận sẽ làm việc với công an và trả lời bằng văn bản",
]


def write_transcript(path: Path, segments=SEGMENTS) -> Path:
    t, segs = 0.0, []
    for i, text in enumerate(segments):
        dur = len(text.split()) / 3
        segs.append({"id": i, "start": round(t, 2), "end": round(t + dur, 2), "text": text})
        t += dur + 0.5
    data = {
        "schema": "doithoai.transcript",
        "version": 1,
        "source": {"name": "hop.wav", "sha256": "", "duration": t},
        "model": {"name": "test"},
        "segments": segs,
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_transcript_to_stdout_json(run_cli, tmp_path):
    res = run_cli("questions", write_transcript(tmp_path / "t.json"), "--meeting", SAMPLE)
    assert res.exit_code == 0, res.stderr
    items = json.loads(res.stdout)["items"]
    assert [i["asker"] for i in items] == ["Mai Văn Hòa", "Đinh Thị Thoa"]
    assert [i["hamlet"] for i in items] == ["Đông Yên", "Phước Hòa"]
    assert [i["answered"] for i in items] == [True, False]
    assert items[0]["topic"] == "moi_truong" and items[1]["kind"] == "cau_hoi"
    # the meeting's preset (before July 2025) and its deadline for written answers
    assert items[0]["unit"] == "Địa chính – Nông nghiệp – Xây dựng và Môi trường"
    assert items[0]["deadline"] is None and items[1]["deadline"] == "2024-09-30"


def test_exports_csv_xlsx_json(run_cli, tmp_path):
    transcript = write_transcript(tmp_path / "t.json")
    for name in ("y-kien.csv", "y-kien.xlsx", "y-kien.json"):
        res = run_cli("questions", transcript, "-o", tmp_path / name)
        assert res.exit_code == 0, res.stderr
        assert "2 ý kiến" in res.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "y-kien.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["Mã", "Loại", "Người hỏi", "Thôn"] and len(rows) == 3
    assert rows[1][2] == "Mai Văn Hòa"
    ws = load_workbook(tmp_path / "y-kien.xlsx").active
    assert ws.max_row == 3 and ws["C2"].value == "Mai Văn Hòa"
    assert [i.asker for i in load_items(tmp_path / "y-kien.json")] == ["Mai Văn Hòa", "Đinh Thị Thoa"]
    # without a meeting file: the two-tier preset
    res = run_cli("questions", transcript)
    assert json.loads(res.stdout)["items"][0]["unit"] == "Phòng Kinh tế"


def test_from_text_file_one_line_per_input_in_order(run_cli, tmp_path):
    lines = [
        {"id": "a", "text": "Đề nghị xã lắp thêm đèn chiếu sáng ở đường trục thôn."},
        {"text": "tôi tên là lê văn cường ở thôn thanh thủy xin hỏi bao giờ thì được nhận tiền hỗ trợ hộ nghèo"},
        {"text": "Tình trạng đánh bạc, lô đề ở khu chợ diễn ra công khai."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    res = run_cli("questions", "--from-text", path)
    assert res.exit_code == 0, res.stderr
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == 3
    assert [o["kind"] for o in out] == ["kien_nghi", "cau_hoi", "phan_anh"]
    assert [o["topic"] for o in out] == ["dien_nuoc", "chinh_sach_xa_hoi", "an_ninh_trat_tu"]
    assert out[0]["id"] == "a"
    assert (out[1]["asker"], out[1]["hamlet"]) == ("Lê Văn Cường", "Thanh Thủy")
    assert out[2]["unit"] == "Công an xã"
    for o in out:
        assert {"kind", "topic", "unit", "asker", "hamlet", "summary", "confidence", "evidence"} <= set(o)


def test_from_text_stdin(run_cli, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO('{"text": "nước sinh hoạt bị nhiễm phèn, đề nghị xã kéo nước sạch về thôn"}\n')
    )
    res = run_cli("questions", "--from-text", "-")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["topic"] == "dien_nuoc"


@pytest.mark.parametrize(
    "content,needle",
    [
        ('{"text": "đề nghị sửa đường"}\n{"text": "thiếu ngoặc"\n', "Dòng 2"),
        ('{"text": "đề nghị sửa đường"}\n{"noidung": "sai trường"}\n', "Dòng 2"),
        ('["không phải đối tượng"]\n', "Dòng 1"),
    ],
)
def test_from_text_bad_lines(run_cli, tmp_path, content, needle):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    res = run_cli("questions", "--from-text", path)
    assert res.exit_code == 2
    assert needle in res.stderr and "Traceback" not in res.stderr
    assert res.stdout == ""  # nothing half-printed


def test_malformed_transcript_and_meeting_files(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    res = run_cli("questions", bad)
    assert res.exit_code == 2 and "JSON" in res.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"schema": "khac"}', encoding="utf-8")
    assert run_cli("questions", wrong).exit_code == 2
    meeting = tmp_path / "hop.toml"
    meeting.write_text("[meeting\ntitle = 1", encoding="utf-8")
    res = run_cli("questions", write_transcript(tmp_path / "t.json"), "--meeting", meeting)
    assert res.exit_code == 2 and "TOML" in res.stderr
    res = run_cli("questions", "--from-text", tmp_path / "khong-co.jsonl")
    assert res.exit_code == 2 and "Không tìm thấy" in res.stderr


def test_usage_errors(run_cli, tmp_path):
    assert run_cli("questions").exit_code == 2
    transcript = write_transcript(tmp_path / "t.json")
    res = run_cli("questions", transcript, "-o", tmp_path / "y-kien.docx")
    assert res.exit_code == 2 and ".xlsx" in res.stderr
    assert not (tmp_path / "y-kien.docx").exists()


def test_commune_lexicon_by_flag_and_by_meeting_file(run_cli, tmp_path):
    folder = tmp_path / "tu-dien-xa"
    folder.mkdir()
    (folder / "topics.toml").write_text('[topics.khac]\n"chợ phiên" = 6\n', encoding="utf-8")
    (folder / "routing.toml").write_text(
        '[presets."tu-2025-07".topics]\nkhac = "Ban quản lý chợ xã"\n', encoding="utf-8"
    )
    line = tmp_path / "in.jsonl"
    line.write_text('{"text": "đề nghị xã dời chợ phiên ra khỏi đường liên thôn"}\n', encoding="utf-8")
    plain = json.loads(run_cli("questions", "--from-text", line).stdout)
    assert plain["topic"] == "giao_thong"
    flagged = json.loads(run_cli("questions", "--from-text", line, "--lexicon", folder).stdout)
    assert (flagged["topic"], flagged["unit"]) == ("khac", "Ban quản lý chợ xã")
    meeting = tmp_path / "hop.toml"
    meeting.write_text(
        SAMPLE.read_text(encoding="utf-8").replace('preset = "truoc-2025-07"', 'preset = "tu-2025-07"')
        + '\n[extraction]\nlexicon = "tu-dien-xa"\n',
        encoding="utf-8",
    )
    via_meeting = json.loads(run_cli("questions", "--from-text", line, "--meeting", meeting).stdout)
    assert (via_meeting["topic"], via_meeting["unit"]) == ("khac", "Ban quản lý chợ xã")
    res = run_cli("questions", "--from-text", line, "--lexicon", tmp_path / "khong-co")
    assert res.exit_code == 2 and "thư mục từ điển" in res.stderr


def test_from_text_accepts_bom_and_crlf(run_cli, tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(
        '\ufeff{"text": "đề nghị xã sửa cống thoát nước"}\r\n{"text": "xin hỏi bao giờ có điện"}\r\n'.encode("utf-8")
    )
    res = run_cli("questions", "--from-text", path)
    assert res.exit_code == 0, res.stderr
    assert [json.loads(x)["kind"] for x in res.stdout.splitlines()] == ["kien_nghi", "cau_hoi"]


def test_meeting_file_naming_a_missing_lexicon_folder_is_refused(run_cli, tmp_path):
    meeting = tmp_path / "hop.toml"
    meeting.write_text(SAMPLE.read_text(encoding="utf-8") + '\n[extraction]\nlexicon = "khong-co"\n', encoding="utf-8")
    line = tmp_path / "in.jsonl"
    line.write_text('{"text": "đề nghị xã sửa cống thoát nước"}\n', encoding="utf-8")
    res = run_cli("questions", "--from-text", line, "--meeting", meeting)
    assert res.exit_code == 2 and "khong-co" in res.stderr and "Traceback" not in res.stderr


def test_from_text_output_is_json_lines_and_other_formats_are_refused(run_cli, tmp_path):
    line = tmp_path / "in.jsonl"
    line.write_text(
        '{"text": "đề nghị xã sửa cống thoát nước"}\n{"text": "xin hỏi bao giờ có điện"}\n', encoding="utf-8"
    )
    res = run_cli("questions", "--from-text", line, "-o", tmp_path / "out.jsonl")
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in rows] == ["kien_nghi", "cau_hoi"]
    res = run_cli("questions", "--from-text", line, "-o", tmp_path / "out.xlsx")
    assert res.exit_code == 2 and ".jsonl" in res.stderr
    assert not (tmp_path / "out.xlsx").exists()
