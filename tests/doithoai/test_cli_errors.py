"""Output paths that cannot be written are the user's to fix: a message and
exit code 2, checked before any long work, never a traceback."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPOKEN = ROOT / "bench" / "data" / "spoken" / "phuoc-hoa-2024.json"


def test_transcribe_into_a_folder_that_cannot_be_made(run_cli, clips, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run_cli("transcribe", clips[2].wav, "-o", blocker / "out", "--progress", "none")
    assert r.exit_code == 2
    assert "Không ghi được" in r.stderr and "Traceback" not in r.stderr


def test_export_to_an_unwritable_place_is_a_clear_error(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run_cli("questions", SPOKEN, "-o", blocker / "y-kien.csv")
    assert r.exit_code == 2
    assert "a-file" in r.stderr and "Traceback" not in r.stderr
    assert blocker.read_text() == "x"


def test_announce_checks_its_output_folder_before_rendering(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run_cli("announce", ROOT / "samples" / "thong-bao-doi-thoai.toml", "-o", blocker / "tb.mp3", "--force")
    assert r.exit_code == 2
    assert "a-file" in r.stderr and "Traceback" not in r.stderr
    assert "Đang đọc thông báo" not in r.stderr  # refused before any rendering


def test_flags_over_an_event_file_whose_section_is_not_a_table(run_cli, tmp_path):
    event = tmp_path / "ev.toml"
    event.write_text('event = "họp thôn"\n', encoding="utf-8")
    r = run_cli("announce", event, "--title", "Họp thôn", "--dry-run")
    assert r.exit_code == 2
    assert "[event]" in r.stderr and "Traceback" not in r.stderr
