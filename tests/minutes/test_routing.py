"""Responsible unit: both presets of domain.md, rules, and a commune's overrides."""

from __future__ import annotations

import pytest

from minutes.errors import MinutesError
from minutes.items import TOPICS
from minutes.routing import Router, presets


def test_both_presets_are_shipped_and_cover_every_topic():
    assert set(presets()) >= {"truoc-2025-07", "tu-2025-07"}
    for name in ("truoc-2025-07", "tu-2025-07"):
        router = Router(name)
        assert all(router.route(t).unit for t in TOPICS)


def test_before_july_2025_structure():
    r = Router("truoc-2025-07")
    assert r.route("dat_dai").unit == "Địa chính – Nông nghiệp – Xây dựng và Môi trường"
    assert r.route("y_te_giao_duc").unit == "Văn hóa – Xã hội"
    assert r.route("an_ninh_trat_tu").unit == "Công an xã"
    assert r.route("thu_tuc_hanh_chinh", "thủ tục cấp phép kinh doanh").unit == "Văn phòng – Thống kê"
    # civil status goes to Tư pháp – Hộ tịch, by rule
    route = r.route("thu_tuc_hanh_chinh", "làm giấy khai sinh cho cháu phải chờ lâu")
    assert route.unit == "Tư pháp – Hộ tịch" and route.rule == "ho_tich"


def test_two_tier_structure():
    r = Router("tu-2025-07")
    assert r.route("giao_thong").unit == "Phòng Kinh tế"
    assert r.route("chinh_sach_xa_hoi", "trợ cấp người cao tuổi").unit == "Phòng Văn hóa – Xã hội"
    assert r.route("thu_tuc_hanh_chinh", "nộp hồ sơ trực tuyến").unit == "Trung tâm Phục vụ hành chính công"
    assert r.route("khac", "đăng ký nghĩa vụ quân sự cho con").unit == "Ban Chỉ huy Quân sự xã"


def test_items_beyond_the_communes_authority():
    r = Router("tu-2025-07")
    power = r.route("dien_nuoc", "điện yếu đề nghị nâng cấp trạm biến áp")
    assert power.outside and "Điện lực" in power.unit
    lamps = r.route("dien_nuoc", "lắp đèn chiếu sáng đường thôn")
    assert not lamps.outside and lamps.unit == "Phòng Kinh tế"
    road = r.route("giao_thong", "quốc lộ qua xã nhiều ổ gà")
    assert road.outside and road.rule == "cap_tren"
    assert r.route("chinh_sach_xa_hoi", "vay vốn ngân hàng chính sách").outside


def test_overrides_by_topic_and_by_rule():
    r = Router("truoc-2025-07", {"dien_nuoc": "Điện lực Bình Sơn", "ho_tich": "Công chức Tư pháp"})
    assert r.route("dien_nuoc", "mất điện liên tục").unit == "Điện lực Bình Sơn"  # topic beats its own rules
    assert r.route("dien_nuoc", "đèn đường hỏng").unit == "Điện lực Bình Sơn"
    assert r.route("thu_tuc_hanh_chinh", "chứng thực giấy tờ").unit == "Công chức Tư pháp"
    assert r.route("dat_dai").unit == "Địa chính – Nông nghiệp – Xây dựng và Môi trường"  # untouched
    explained = r.route("dien_nuoc").explain(r.preset)
    assert "Điện lực Bình Sơn" in explained and "cấu hình" in explained


def test_unknown_preset_or_override_is_a_clear_error():
    with pytest.raises(MinutesError, match="truoc-2025-07"):
        Router("sau-2030")
    with pytest.raises(MinutesError, match="giao_thong_xa"):
        Router("tu-2025-07", {"giao_thong_xa": "Phòng Kinh tế"})
    with pytest.raises(MinutesError):
        Router("tu-2025-07", {"giao_thong": ""})


def test_commune_routing_file_in_a_lexicon_folder(tmp_path):
    (tmp_path / "routing.toml").write_text(
        '[presets."tu-2025-07".topics]\nvan_hoa_the_thao = "Trung tâm Văn hóa – Thể thao xã"\n', encoding="utf-8"
    )
    r = Router("tu-2025-07", lexicon_dir=tmp_path)
    assert r.route("van_hoa_the_thao").unit == "Trung tâm Văn hóa – Thể thao xã"
    assert r.route("y_te_giao_duc").unit == "Phòng Văn hóa – Xã hội"  # merged, not replaced
