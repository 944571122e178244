"""`doithoai publish`: the notice and the bulletin script written from the
reviewed items of the ASR-style dialogues, the publishing window (exit 3,
--force), and bad input as a clear message (exit 2), never a traceback.
Audio is left out here (--no-audio); tests/broadcast/test_bulletin.py renders."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from spokenitems import SAMPLE, items_json, reviewed

from minutes.meeting import load_meeting


@pytest.fixture(scope="module")
def spoken():
    return reviewed(load_meeting(SAMPLE))


@pytest.fixture
def items_file(tmp_path, spoken) -> Path:
    path = tmp_path / "y-kien.json"
    path.write_text(items_json(spoken[0]), encoding="utf-8")
    return path


def doc_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def clean(res) -> None:
    assert "Traceback" not in res.stderr + res.stdout


def test_listed_in_help(run_cli):
    res = run_cli("--help")
    assert res.exit_code == 0 and "publish" in res.stdout


def test_writes_notice_and_script(run_cli, items_file, spoken, tmp_path):
    out = tmp_path / "cong-bo"
    res = run_cli(
        "publish", items_file, "--meeting", SAMPLE, "-o", out, "--date", "2024-09-23", "--attendees", "95", "--no-audio"
    )
    assert res.exit_code == 0, res.stderr
    accepted = spoken[1]["accepted"]
    assert f"Công bố {len(accepted)} ý kiến" in res.stdout
    assert "1 ý kiến chưa được duyệt" in res.stderr  # the unreviewed one is said, not printed
    assert sorted(p.name for p in out.iterdir()) == ["thong-bao-ket-qua.docx", "thong-bao-ket-qua.txt"]
    text = doc_text(out / "thong-bao-ket-qua.docx")
    assert "Số người dân tham dự: 95 người." in text
    for item in accepted:
        assert f"Ông (bà) {item.asker}, thôn {item.hamlet}" in text
    for item in spoken[1]["rejected"] + spoken[1]["unreviewed"]:
        assert item.text not in text.lower()
    script = (out / "thong-bao-ket-qua.txt").read_text(encoding="utf-8")
    assert "[Nội dung]" in script and "Thôn Phước Hòa." in script.split("\n")
    assert "06:00 thứ Ba 24/09/2024" in res.stdout  # the automatic plan starts the day after
    assert not list(out.glob(".*.part"))


def test_plan_after_the_window_exits_3_and_writes_nothing(run_cli, items_file, tmp_path):
    out = tmp_path / "cong-bo"
    res = run_cli(
        "publish",
        items_file,
        "--meeting",
        SAMPLE,
        "-o",
        out,
        "--date",
        "2024-09-23",
        "--broadcast-date",
        "2024-10-05",
        "--no-audio",
    )
    assert res.exit_code == 3
    assert "30/09/2024" in res.stderr and "--force" in res.stderr
    clean(res)
    assert not out.exists()
    forced = run_cli(
        "publish",
        items_file,
        "--meeting",
        SAMPLE,
        "-o",
        out,
        "--date",
        "2024-09-23",
        "--broadcast-date",
        "5/10/2024",
        "--force",
        "--no-audio",
    )
    assert forced.exit_code == 0, forced.stderr
    assert "Cảnh báo" in forced.stderr and (out / "thong-bao-ket-qua.docx").is_file()


def test_publishing_late_with_the_automatic_plan_exits_3(run_cli, items_file, tmp_path):
    res = run_cli(
        "publish", items_file, "--meeting", SAMPLE, "-o", tmp_path / "o", "--date", "2024-10-03", "--no-audio"
    )
    assert res.exit_code == 3
    clean(res)


def _meeting_without_agency(tmp_path: Path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8").replace('name = "xã Bình Thanh"\n', "")
    path = tmp_path / "khong-co-co-quan.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case", ["missing", "not-json", "none-accepted", "bad-slot", "output-is-file", "no-agency", "bad-response-date"]
)
def test_bad_input_is_a_clear_message(run_cli, items_file, spoken, tmp_path, case):
    meeting, items, extra = SAMPLE, items_file, ["-o", tmp_path / "o"]
    expect = ""
    if case == "missing":
        items, expect = tmp_path / "khong-co.json", "Không tìm thấy"
    elif case == "not-json":
        items_file.write_text("{không phải json", encoding="utf-8")
        expect = "JSON"
    elif case == "none-accepted":
        rows = json.loads(items_file.read_text(encoding="utf-8"))["items"]
        for row in rows:
            row["reviewed"] = False
        items_file.write_text(json.dumps({"items": rows}, ensure_ascii=False), encoding="utf-8")
        expect = "Chưa có ý kiến nào được duyệt"
    elif case == "bad-slot":
        extra += ["--slot", "sáng sớm"]
        expect = "Giờ phát"
    elif case == "output-is-file":
        (tmp_path / "tep").write_text("x")
        extra = ["-o", tmp_path / "tep"]
        expect = "thư mục"
    elif case == "no-agency":
        meeting, expect = _meeting_without_agency(tmp_path), "agency.name"
    elif case == "bad-response-date":
        rows = json.loads(items_file.read_text(encoding="utf-8"))["items"]
        rows[0]["responded_at"] = "hôm qua"
        items_file.write_text(json.dumps({"items": rows}, ensure_ascii=False), encoding="utf-8")
        expect = "ngày trả lời"
    res = run_cli("publish", items, "--meeting", meeting, *extra, "--date", "2024-09-23", "--no-audio")
    assert res.exit_code == 2, (res.stdout, res.stderr)
    assert expect in res.stderr
    clean(res)
    assert not (tmp_path / "o").exists()


def test_no_items_is_a_sensible_notice(run_cli, tmp_path):
    items = tmp_path / "rong.json"
    items.write_text('{"items": []}', encoding="utf-8")
    res = run_cli("publish", items, "--meeting", SAMPLE, "-o", tmp_path / "o", "--date", "2024-09-23", "--no-audio")
    assert res.exit_code == 0, res.stderr
    assert "Tại hội nghị không có ý kiến của Nhân dân." in doc_text(tmp_path / "o" / "thong-bao-ket-qua.docx")
    assert "bà con không nêu ý kiến nào" in (tmp_path / "o" / "thong-bao-ket-qua.txt").read_text(encoding="utf-8")
