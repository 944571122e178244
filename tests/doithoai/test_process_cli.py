"""`doithoai process`: the main job end to end on the shipped sample."""

from pathlib import Path

import docx

from pipeline.transcript import load_transcript
from pipeline.wer import normalize_words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_AUDIO = ROOT / "samples" / "doi-thoai-mau.ogg"
SAMPLE_MEETING = ROOT / "samples" / "binh-thanh.toml"


def test_process_sample_writes_transcript_items_and_documents(run_cli, tmp_path, clips):
    out = tmp_path / "ket-qua"
    r = run_cli("process", SAMPLE_AUDIO, "--meeting", SAMPLE_MEETING, "-o", out, "--progress", "none")
    assert r.exit_code == 0, r.stderr
    names = {p.name for p in out.iterdir()}
    for name in (
        "doi-thoai-mau.json",
        "doi-thoai-mau.txt",
        "doi-thoai-mau.srt",
        "doi-thoai-mau.vtt",
        "y-kien.json",
        "y-kien.xlsx",
        "bien-ban.docx",
        "bao-cao.docx",
    ):
        assert name in names
    assert not [n for n in names if n.startswith(".")], "no checkpoint or temp file left behind"
    transcript = load_transcript(out / "doi-thoai-mau.json")
    heard = set(normalize_words(transcript.text))
    # the sample is built from the real clips: most of their words must be heard
    said = {w for c in clips for w in normalize_words(c.text)}
    assert len(heard & said) / len(said) > 0.6
    bien_ban = "\n".join(p.text for p in docx.Document(out / "bien-ban.docx").paragraphs)
    assert "BIÊN BẢN" in bien_ban and "Bình Thanh" in bien_ban


def test_bad_meeting_file_fails_before_transcribing(run_cli, tmp_path):
    meeting = tmp_path / "hop.toml"
    meeting.write_text("[meeting]\ntitle = 'thiếu ngày'\n", encoding="utf-8")
    out = tmp_path / "ket-qua"
    r = run_cli("process", SAMPLE_AUDIO, "--meeting", meeting, "-o", out)
    assert r.exit_code == 2
    assert "Tệp cuộc họp thiếu mục bắt buộc" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()
