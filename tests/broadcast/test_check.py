"""--check: the rendered notice is transcribed by the pipeline's ASR and
compared with the normalised script."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("doithoai.services.recognition")

from doithoai.services.broadcast import check_intelligibility  # noqa: E402


@pytest.mark.slow
def test_check_reports_errors_against_the_reference(clips):
    clip = next(c for c in clips if c.wav.name == "example_4.wav")  # "Tết là dịp mọi người … một năm mới …"
    good = check_intelligibility(clip.wav, clip.text)
    assert good.wer < 0.35
    assert good.reference_words == 19
    # A script that says something else: the changed number and name are listed
    changed = clip.text.replace("một năm mới", "hai năm mới").replace("Tết", "Lễ Vu Lan")
    bad = check_intelligibility(clip.wav, "Hôm nay " + changed[0].lower() + changed[1:])
    assert bad.wer > good.wer
    assert any(ref == "hai" for ref, _ in bad.key_errors)  # a number word
    assert any(ref in ("vu", "lan") for ref, _ in bad.key_errors)  # a proper name


@pytest.mark.slow
def test_announce_check_prints_wer_and_misheard_words(run_cli, tmp_path):
    r = run_cli(
        "announce",
        "-o",
        tmp_path / "tb.mp3",
        "--station",
        "Đài truyền thanh xã Bình Thanh",
        "--organiser",
        "UBND xã Bình Thanh",
        "--text",
        "Chiều nay họp thôn Phước Hòa lúc 14 giờ.",
        "--repeat",
        "1",
        "--check",
    )
    assert r.exit_code == 0, r.stderr
    m = re.search(r"tỉ lệ lỗi từ \(WER\) ([\d.]+)% trên (\d+) từ", r.stdout)
    assert m, r.stdout
    wer = float(m.group(1))
    assert int(m.group(2)) > 20
    from broadcast.messages.announce import _CHECK_HINT as CHECK_HINT

    assert (CHECK_HINT in r.stdout) == (wer > 30.0)  # the operator is told what to do about a poor voice
    if wer > 0:  # the misheard words are listed, reference → heard
        assert re.search(r"Các từ bị nhận sai: \S+ → ", r.stdout), r.stdout


def test_when_the_asr_cannot_run_the_notice_is_kept_and_the_error_shown(run_cli, tmp_path, monkeypatch):
    import doithoai.services.recognition as transcription
    from pipeline.errors import ModelError

    def no_model(*_args, **_kwargs):
        raise ModelError("Chưa có mô hình nhận dạng. / No ASR model.")

    monkeypatch.setattr(transcription, "transcribe_path", no_model)
    r = run_cli(
        "announce",
        "-o",
        tmp_path / "tb.mp3",
        "--station",
        "Đài truyền thanh xã Bình Thanh",
        "--text",
        "Họp thôn lúc 14 giờ.",
        "--repeat",
        "1",
        "--check",
    )
    assert r.exit_code == 2
    assert "Đã tạo" in r.stdout and (tmp_path / "tb.mp3").stat().st_size > 0
    assert "không kiểm tra được" in r.stderr and "Chưa có mô hình" in r.stderr and "Traceback" not in r.stderr
