"""A commune's own dictionary and settings, and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadcast.errors import BroadcastError
from broadcast.normalize import Normalizer, normalize
from broadcast.normalize.dictionary import SHIPPED


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "xa-binh-thanh.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_commune_file_adds_and_overrides_entries(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        '[abbreviations]\n"HTXNN" = "hợp tác xã nông nghiệp"\n"TB" = "Thông báo khẩn"\n',
    )
    n = Normalizer(extra=extra)
    assert n.normalize("HTXNN Phước Hòa ra TB") == "hợp tác xã nông nghiệp Phước Hòa ra Thông báo khẩn"
    # the shipped entries are still there
    assert n.normalize("UBND xã") == "Ủy ban nhân dân xã"


def test_commune_contextual_entry(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        '[abbreviations."BQL"]\ndefault = "Ban quản lý"\nnext = { "chợ" = "Ban quản lý chợ" }\n',
    )
    n = Normalizer(extra=extra)
    assert n.normalize("BQL dự án") == "Ban quản lý dự án"


def test_extra_dictionary_through_normalize(tmp_path: Path) -> None:
    extra = write(tmp_path, '[abbreviations]\n"NVH" = "nhà văn hóa"\n')
    assert normalize("họp tại NVH thôn 3", extra_dictionary=extra) == "họp tại nhà văn hóa thôn ba"


def test_in_code_abbreviations_override() -> None:
    assert normalize("KH năm nay", abbreviations={"KH": "khách hàng"}) == "khách hàng năm nay"
    assert normalize("KH năm nay") == "Kế hoạch năm nay"


def test_southern_settings(tmp_path: Path) -> None:
    extra = write(tmp_path, '[settings]\nzero_tens = "lẻ"\nthousand = "ngàn"\nfour_after_tens = "tư"\n')
    n = Normalizer(extra=extra)
    assert n.normalize("105 hộ, 24 người, 30.000 đồng") == "một trăm lẻ năm hộ, hai mươi tư người, ba mươi ngàn đồng"


def test_unknown_abbreviations_spelled_and_reported() -> None:
    result = Normalizer().explain("Hội nghị ASEAN tại UBND xã")
    assert result.text == "Hội nghị a ét-xì e a en-nờ tại Ủy ban nhân dân xã"
    assert result.spelled == ["ASEAN"]
    assert result.unread == []


def test_spelling_can_be_switched_off(tmp_path: Path) -> None:
    n = Normalizer(extra=write(tmp_path, "[settings]\nspell_unknown = false\n"))
    result = n.explain("Hội nghị ASEAN")
    assert result.text == "Hội nghị ASEAN"
    assert result.unread == ["ASEAN"]


def test_a_stage_can_be_skipped(tmp_path: Path) -> None:
    n = Normalizer(extra=write(tmp_path, '[settings]\nskip = ["ordinals"]\n'))
    assert n.normalize("thứ 4") == "thứ bốn"  # read as a plain number
    assert Normalizer().normalize("thứ 4") == "thứ tư"


def test_shipped_readings_are_written_out() -> None:
    """Every reading in the shipped dictionary must itself need no normalising."""
    n = Normalizer()
    for key, entry in n.dictionary.abbreviations.items():
        for reading in (entry.default, *entry.next.values()):
            assert n.unread_tokens(reading) == [], (key, reading)
            assert n.normalize(reading) == reading, (key, reading)
    assert all(p.exists() for p in SHIPPED)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[abbreviations\n", "TOML"),
        ('[abbreviations]\n"X" = 3\n', "'X'"),
        ('[abbreviations."BCH"]\nnext = { "Đoàn" = "Ban Chấp hành" }\n', "'BCH'"),
        ('[settings]\nzero_tens = "linh lẻ"\n', "zero_tens"),
        ('[settings]\ncolour = "đỏ"\n', "colour"),
        ('[settings]\nskip = ["không-có"]\n', "không-có"),
        ('[units]\nha = ""\n', "'ha'"),
    ],
)
def test_bad_commune_file(tmp_path: Path, content: str, fragment: str) -> None:
    with pytest.raises(BroadcastError) as err:
        Normalizer(extra=write(tmp_path, content))
    assert fragment in str(err.value)
    assert err.value.exit_code == 2


def test_missing_commune_file(tmp_path: Path) -> None:
    with pytest.raises(BroadcastError, match="Không tìm thấy"):
        Normalizer(extra=tmp_path / "khong-co.toml")


@pytest.mark.parametrize(("value", "fragment"), [(None, "NoneType"), (42, "int"), (b"UBND", "bytes")])
def test_non_string_text(value: object, fragment: str) -> None:
    with pytest.raises(BroadcastError, match=fragment):
        normalize(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text(text: str) -> None:
    with pytest.raises(BroadcastError, match="trống"):
        normalize(text)


@pytest.mark.parametrize("text", ["!!! ... ---", "/// %%% ₫", "…"])
def test_nothing_readable(text: str) -> None:
    with pytest.raises(BroadcastError, match="không có chữ nào đọc được"):
        normalize(text)


def test_syllables_and_abbreviations_told_apart() -> None:
    from broadcast.normalize.spelling import is_syllable, is_upper_abbreviation, spell

    words = ["THÔNG", "BÁO", "NGHIÊNG", "KHUYẾN", "QUYẾT", "ĐỊNH", "TRƯỜNG", "OANH", "XÃ"]
    abbreviations = ["UBND", "HĐND", "BHYT", "TDP", "KH", "SĐT", "GCN", "ASEAN"]
    assert all(is_syllable(w) for w in words)
    assert not any(is_upper_abbreviation(w) for w in words)
    assert all(is_upper_abbreviation(a) for a in abbreviations)
    assert not is_upper_abbreviation("A") and not is_upper_abbreviation("Ubnd")
    assert spell("HTX") == "hát tê ích-xì"
    assert spell("ĐBQ") == "đê bê quy"
