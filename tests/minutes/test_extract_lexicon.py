"""Lexicon data: normalisation, a commune's override folder, bad files."""

from __future__ import annotations

import pytest

from minutes.errors import MinutesError
from minutes.extract import Extractor, load_lexicon
from minutes.lexicon import normalize, strip_marks


def test_normalize_tone_placement_case_and_spaces():
    assert normalize("Thôn  Phước Hoà") == "thôn phước hòa"
    assert normalize("THUỶ LỢI") == "thủy lợi"
    assert normalize("quý") == "quý"  # "qu" is a consonant: nothing moves
    assert normalize("thuận") == "thuận"
    assert strip_marks("Đường giao thông") == "Duong giao thong"


def test_builtin_lexicon_has_all_topics():
    from minutes.items import TOPICS

    lx = load_lexicon()
    assert set(lx.topics) == set(TOPICS)
    assert all(len(phrases) >= 20 for phrases in lx.topics.values())


def test_commune_adds_a_keyword(tmp_path):
    text = "đề nghị xã sớm sửa chữa cái cống hộp ở xứ đồng bàu"
    before = Extractor().classify_text("nhà văn hóa thôn cần thêm ghế")
    (tmp_path / "topics.toml").write_text('[topics.nong_nghiep_thuy_loi]\n"cống hộp" = 5\n', encoding="utf-8")
    ex = Extractor(lexicon_dir=tmp_path)
    assert ex.classify_text(text).topic == "nong_nghiep_thuy_loi"
    # the rest of the built-in lexicon is still there (merged, not replaced)
    assert ex.classify_text("nhà văn hóa thôn cần thêm ghế").topic == before.topic == "van_hoa_the_thao"


def test_commune_replaces_a_table(tmp_path):
    (tmp_path / "topics.toml").write_text('[topics.giao_thong]\nreplace = true\n"đường băng" = 4\n', encoding="utf-8")
    lx = load_lexicon(tmp_path)
    assert lx.topics["giao_thong"] == {"đường băng": 4.0}


def test_bad_override_folders_are_clear_errors(tmp_path):
    with pytest.raises(MinutesError, match="Không tìm thấy thư mục"):
        load_lexicon(tmp_path / "khong-co")
    with pytest.raises(MinutesError, match="không có tệp"):
        load_lexicon(tmp_path)
    (tmp_path / "topics.toml").write_text("[topics.giao_thong\n", encoding="utf-8")
    with pytest.raises(MinutesError, match="TOML"):
        load_lexicon(tmp_path)
    (tmp_path / "topics.toml").write_text('[topics.giao_thong_xa]\n"đường" = 1\n', encoding="utf-8")
    with pytest.raises(MinutesError, match="giao_thong_xa"):
        load_lexicon(tmp_path)


def test_an_edited_lexicon_file_is_read_again(tmp_path):
    import os

    path = tmp_path / "topics.toml"
    path.write_text('[topics.khac]\n"hội chợ xuân" = 9\n', encoding="utf-8")
    text = "đề nghị tổ chức hội chợ xuân ở sân nhà văn hóa"
    assert Extractor(lexicon_dir=tmp_path).classify_text(text).topic == "khac"
    path.write_text('[topics.van_hoa_the_thao]\n"hội chợ xuân" = 9\n', encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert Extractor(lexicon_dir=tmp_path).classify_text(text).topic == "van_hoa_the_thao"
    # a topic the shipped lexicon would never give: only the re-read file can
    path.write_text('[topics.an_ninh_trat_tu]\n"hội chợ xuân" = 9\n', encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    assert Extractor(lexicon_dir=tmp_path).classify_text(text).topic == "an_ninh_trat_tu"


@pytest.mark.parametrize(
    "name, content",
    [
        ("topics", '[topics]\ngiao_thong = "duong"\n'),
        ("routing", 'common_rules = "x"\n'),
        ("routing", '[presets]\n"tu-2025-07" = 3\n'),
    ],
)
def test_a_commune_lexicon_of_the_wrong_shape_is_a_clear_error(tmp_path, name, content):
    (tmp_path / f"{name}.toml").write_text(content, encoding="utf-8")
    with pytest.raises(MinutesError, match=f"{name}.toml"):
        Extractor(lexicon_dir=tmp_path).classify_text("đề nghị sửa đường")
