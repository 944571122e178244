"""Hand-written normalisation cases: written notice text -> what is read on air.

Every expected string was written by hand from how Vietnamese commune radio
reads these forms; none was copied from the normaliser's output.
"""

from __future__ import annotations

import pytest

from broadcast.normalize import normalize

Y2024 = "hai nghìn không trăm hai mươi bốn"
Y2025 = "hai nghìn không trăm hai mươi lăm"
Y2023 = "hai nghìn không trăm hai mươi ba"
PHONE = "không chín không năm, một hai ba, bốn năm sáu"

CASES = [
    # --- abbreviations ------------------------------------------------------------
    ("UBND xã Bình Thanh", "Ủy ban nhân dân xã Bình Thanh"),
    ("Thường trực HĐND xã", "Thường trực Hội đồng nhân dân xã"),
    ("Ủy ban MTTQ Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("UBMTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
    ("BCH Quân sự xã", "Ban Chỉ huy Quân sự xã"),
    ("BCH Đoàn xã", "Ban Chấp hành Đoàn xã"),
    ("BCH Hội Nông dân", "Ban Chấp hành Hội Nông dân"),
    ("Nhân dân TDP Đông Yên", "Nhân dân tổ dân phố Đông Yên"),
    ("đồng chí CT UBND xã", "đồng chí Chủ tịch Ủy ban nhân dân xã"),
    ("các PCT UBND", "các Phó Chủ tịch Ủy ban nhân dân"),
    ("thẻ BHYT", "thẻ bảo hiểm y tế"),
    ("cơ quan BHXH huyện", "cơ quan bảo hiểm xã hội huyện"),
    ("cấp GCN QSDĐ lần đầu", "cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
    ("mang theo CCCD", "mang theo căn cước công dân"),
    ("Trường THCS và THPT", "Trường trung học cơ sở và trung học phổ thông"),
    ("BTV Đảng ủy", "Ban Thường vụ Đảng ủy"),
    ("TT HĐND xã", "Thường trực Hội đồng nhân dân xã"),
    ("đ/c Lê Văn Hùng", "đồng chí Lê Văn Hùng"),
    ("V/v đăng ký NVQS", "về việc đăng ký nghĩa vụ quân sự"),
    ("Phòng TN&MT huyện", "Phòng Tài nguyên và Môi trường huyện"),
    ("tại trụ sở CAX", "tại trụ sở Công an xã"),
    ("Hội trường UBND xã.", "Hội trường Ủy ban nhân dân xã."),
    ("thủ tục TTHC", "thủ tục thủ tục hành chính"),
    ("tình hình KT-XH", "tình hình kinh tế - xã hội"),
    ("Xin thông báo lại", "Xin thông báo lại"),
    ("Ct và ct không phải viết tắt", "Ct và ct không phải viết tắt"),
    # --- dates ----------------------------------------------------------------------
    ("29/10/2025", f"ngày hai mươi chín tháng mười năm {Y2025}"),
    ("ngày 05/01/2024", f"ngày năm tháng một năm {Y2024}"),
    ("Ngày 20/9/2024", f"Ngày hai mươi tháng chín năm {Y2024}"),
    ("hạn chót 30/6/2024", f"hạn chót ngày ba mươi tháng sáu năm {Y2024}"),
    ("ngày 1/4/2024", f"ngày một tháng tư năm {Y2024}"),
    ("ngày 20/9", "ngày hai mươi tháng chín"),
    ("trước 20/9", "trước ngày hai mươi tháng chín"),
    ("từ ngày 10-15/3/2024", f"từ ngày mười đến mười lăm tháng ba năm {Y2024}"),
    ("từ 20/9 đến 25/9/2024", f"từ ngày hai mươi tháng chín đến ngày hai mươi lăm tháng chín năm {Y2024}"),
    ("tháng 01/2024", f"tháng một năm {Y2024}"),
    ("trong tháng 4", "trong tháng tư"),
    ("tháng 12 năm 2024", f"tháng mười hai năm {Y2024}"),
    ("năm 2024", f"năm {Y2024}"),
    ("quý III/2023", f"quý ba năm {Y2023}"),
    ("quý IV", "quý bốn"),
    ("ngày 31.12.2023", f"ngày ba mươi mốt tháng mười hai năm {Y2023}"),
    ("mùng 5/5", "mùng năm tháng năm"),
    ("ngày 20 tháng 9 năm 2024", f"ngày hai mươi tháng chín năm {Y2024}"),
    # --- times ----------------------------------------------------------------------
    ("7h30", "bảy giờ ba mươi phút"),
    ("7h", "bảy giờ"),
    ("07 giờ 30 phút", "bảy giờ ba mươi phút"),
    ("14:00", "mười bốn giờ"),
    ("7g30", "bảy giờ ba mươi phút"),
    ("7 giờ 30", "bảy giờ ba mươi"),
    ("lúc 14h00", "lúc mười bốn giờ"),
    ("lúc 13h45", "lúc mười ba giờ bốn mươi lăm phút"),
    ("8 giờ 00 phút", "tám giờ"),
    ("16h05", "mười sáu giờ năm phút"),
    ("từ 7h30-11h", "từ bảy giờ ba mươi phút đến mười một giờ"),
    ("từ 13h30 - 17h00", "từ mười ba giờ ba mươi phút đến mười bảy giờ"),
    ("Thời gian: 7h30 ngày 20/9/2024", f"Thời gian: bảy giờ ba mươi phút ngày hai mươi tháng chín năm {Y2024}"),
    # --- cardinal numbers -----------------------------------------------------------
    ("30000", "ba mươi nghìn"),
    ("30.000", "ba mươi nghìn"),
    ("21 hộ", "hai mươi mốt hộ"),
    ("25 hộ", "hai mươi lăm hộ"),
    ("15 người", "mười lăm người"),
    ("105 hộ", "một trăm linh năm hộ"),
    ("110 hộ", "một trăm mười hộ"),
    ("1.234 hồ sơ", "một nghìn hai trăm ba mươi bốn hồ sơ"),
    ("10 ý kiến", "mười ý kiến"),
    ("giải trình tại chỗ 05 ý kiến", "giải trình tại chỗ năm ý kiến"),
    ("2.500.000 người", "hai triệu năm trăm nghìn người"),
    ("1.000.005", "một triệu không trăm linh năm"),
    ("65 tuổi", "sáu mươi lăm tuổi"),
    ("số 12", "số mười hai"),
    ("thôn 3", "thôn ba"),
    ("tổ 14", "tổ mười bốn"),
    ("km 15", "ki-lô-mét mười lăm"),
    ("Km 15+200", "ki-lô-mét mười lăm cộng hai trăm"),
    ("cơn bão số 4", "cơn bão số bốn"),
    # --- ordinals and Roman numerals ------------------------------------------------
    ("thứ 2", "thứ hai"),
    ("Thứ 4", "Thứ tư"),
    ("Thứ 7", "Thứ bảy"),
    ("lần thứ 1", "lần thứ nhất"),
    ("người thứ 3", "người thứ ba"),
    ("kỳ họp thứ 12", "kỳ họp thứ mười hai"),
    ("khóa XV", "khóa mười lăm"),
    ("Phần II", "Phần hai"),
    ("lần thứ IV", "lần thứ tư"),
    ("Đại hội XIII", "Đại hội mười ba"),
    ("đợt I", "đợt một"),
    ("I love Vietnam", "I love Vietnam"),
    ("Khu A, thôn B", "Khu A, thôn B"),
    # --- decimals, money, percentages -----------------------------------------------
    ("0,7", "không phẩy bảy"),
    ("2,5 ha", "hai phẩy năm héc-ta"),
    ("0,05 ha", "không phẩy không năm héc-ta"),
    ("50.000 đồng", "năm mươi nghìn đồng"),
    ("50.000đ", "năm mươi nghìn đồng"),
    ("1,5 triệu đồng", "một triệu năm trăm nghìn đồng"),
    ("2.000.000 VNĐ", "hai triệu đồng"),
    ("12,8 tỷ đồng", "mười hai tỷ tám trăm triệu đồng"),
    ("20.000 đ/hộ", "hai mươi nghìn đồng một hộ"),
    ("70.200 đồng/người/tháng", "bảy mươi nghìn hai trăm đồng một người một tháng"),
    ("15%", "mười lăm phần trăm"),
    ("3,5%", "ba phẩy năm phần trăm"),
    ("10-15%", "mười đến mười lăm phần trăm"),
    ("50.000 - 100.000 đồng", "năm mươi nghìn đến một trăm nghìn đồng"),
    # --- ranges ---------------------------------------------------------------------
    ("7-10 ngày", "bảy đến mười ngày"),
    ("từ 5 đến 7 ngày", "từ năm đến bảy ngày"),
    ("nhiệm kỳ 2021-2026", "nhiệm kỳ hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi sáu"),
    # --- phones and codes -----------------------------------------------------------
    ("0905 123 456", PHONE),
    ("0905.123.456", PHONE),
    ("0905123456", PHONE),
    ("+84 905 123 456", PHONE),
    ("0255 3825 123", "không hai năm năm, ba tám hai năm, một hai ba"),
    ("gọi 1900 9068", "gọi một chín không không, chín không sáu tám"),
    ("mã số thuế 4300123456", "mã số thuế bốn ba không không một hai ba bốn năm sáu"),
    (
        "số hiệu 29/2022/QĐ-UBND",
        "số hiệu hai mươi chín trên hai nghìn không trăm hai mươi hai, quyết định Ủy ban nhân dân",
    ),
    ("Nghị định 30/2020/NĐ-CP", "Nghị định ba mươi trên hai nghìn không trăm hai mươi, nghị định Chính phủ"),
    ("Quyết định số 217/QĐ-UBND", "Quyết định số hai trăm mười bảy, quyết định Ủy ban nhân dân"),
    ("Số: 03/BB-UBND", "Số: ba, biên bản Ủy ban nhân dân"),
    # --- units and symbols ----------------------------------------------------------
    ("3.450 m2", "ba nghìn bốn trăm năm mươi mét vuông"),
    ("120 m²", "một trăm hai mươi mét vuông"),
    ("rộng 5,5 m", "rộng năm phẩy năm mét"),
    ("2 kg giống", "hai ki-lô-gam giống"),
    ("150-250mm", "một trăm năm mươi đến hai trăm năm mươi mi-li-mét"),
    ("100 lít", "một trăm lít"),
    ("Phòng NN&PTNT", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("Nông nghiệp & PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("đường ĐH 12 và QL24", "đường đường huyện mười hai và quốc lộ hai mươi bốn"),
    ("và/hoặc", "và, hoặc"),
    ("mục 2.1", "mục hai chấm một"),
    ("Covid-19", "Cô-vít mười chín"),
    ("kích thước 3x4 m", "kích thước ba nhân bốn mét"),
    ("diện tích 2.5 ha", "diện tích hai phẩy năm héc-ta"),
    # --- forms found while testing real drafts -------------------------------------
    ("từ 7-11h", "từ bảy đến mười một giờ"),
    ("từ 7 - 11 giờ", "từ bảy đến mười một giờ"),
    ("20/9 - 25/9/2024", f"ngày hai mươi tháng chín đến ngày hai mươi lăm tháng chín năm {Y2024}"),
    ("ngày 20-9-2024", f"ngày hai mươi tháng chín năm {Y2024}"),
    ("quý 1/2024", f"quý một năm {Y2024}"),
    ("nhà số 12/3 đường Lê Lợi", "nhà số mười hai trên ba đường Lê Lợi"),
    ("Quyết định số 5/2024 của UBND", f"Quyết định số năm trên {Y2024} của Ủy ban nhân dân"),
    ("ubnd xã và bhyt", "Ủy ban nhân dân xã và bảo hiểm y tế"),
    ("ct xã", "ct xã"),
    ("TP. Quảng Ngãi", "thành phố Quảng Ngãi"),
    ("Luật số 24/2023/QH15", f"Luật số hai mươi bốn trên {Y2023}, quốc hội mười lăm"),
    (
        "Thông tư 39/2020/TT-BTTTT",
        "Thông tư ba mươi chín trên hai nghìn không trăm hai mươi, thông tư Bộ Thông tin và Truyền thông",
    ),
    ("THÔNG BÁO KHẨN", "thông báo khẩn"),
    ("UBND XÃ BÌNH THANH", "Ủy ban nhân dân xã bình thanh"),
    ("CA xã", "Công an xã"),
    ("giá 50.000 đồng/m2", "giá năm mươi nghìn đồng một mét vuông"),
    ("hỗ trợ 15 triệu/ha", "hỗ trợ mười lăm triệu một héc-ta"),
    ("làm việc từ T2 đến T6", "làm việc từ thứ hai đến thứ sáu"),
    ("T7, CN nghỉ", "thứ bảy, Chủ nhật nghỉ"),
    ("nam SN 2006", "nam sinh năm hai nghìn không trăm linh sáu"),
    ("công chức ĐC-NN-XD-MT", "công chức địa chính nông nghiệp xây dựng môi trường"),
    ("Phòng GD&ĐT huyện", "Phòng Giáo dục và Đào tạo huyện"),
    ("điện thoại 0255 3825 xxx", "điện thoại không hai năm năm, ba tám hai năm xxx"),
    ("lúc 7 giờ 30p", "lúc bảy giờ ba mươi phút"),
    ("thu hoạch 1.5 tấn", "thu hoạch một phẩy năm tấn"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_case(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_there_are_at_least_a_hundred_cases() -> None:
    assert len(CASES) + len(NOTICE_CASES) >= 100


# Whole sentences as commune radio writes them.
NOTICE_CASES = [
    (
        "UBND xã Bình Thanh trân trọng thông báo và kính mời toàn thể Nhân dân thôn Phước Hòa đến dự "
        "Hội nghị đối thoại lúc 7h30 ngày 20/9/2024 tại Hội trường UBND xã.",
        "Ủy ban nhân dân xã Bình Thanh trân trọng thông báo và kính mời toàn thể Nhân dân thôn Phước Hòa "
        f"đến dự Hội nghị đối thoại lúc bảy giờ ba mươi phút ngày hai mươi tháng chín năm {Y2024} "
        "tại Hội trường Ủy ban nhân dân xã.",
    ),
    (
        "Mọi chi tiết xin liên hệ đồng chí Võ Thị Lan, số điện thoại 0905 123 456.",
        f"Mọi chi tiết xin liên hệ đồng chí Võ Thị Lan, số điện thoại {PHONE}.",
    ),
    (
        "BCH Quân sự xã thông báo: công dân nam sinh năm 2006 đến đăng ký NVQS tại trụ sở UBND xã "
        "từ 7h00-11h00 các ngày từ 1/4 đến 30/4/2024.",
        "Ban Chỉ huy Quân sự xã thông báo: công dân nam sinh năm hai nghìn không trăm linh sáu đến đăng ký "
        "nghĩa vụ quân sự tại trụ sở Ủy ban nhân dân xã từ bảy giờ đến mười một giờ các ngày từ ngày một "
        f"tháng tư đến ngày ba mươi tháng tư năm {Y2024}.",
    ),
    (
        "Từ ngày 01/7/2024 mức đóng BHYT hộ gia đình là 70.200 đồng/người/tháng; người thứ 2 đóng 70%.",
        f"Từ ngày một tháng bảy năm {Y2024} mức đóng bảo hiểm y tế hộ gia đình là bảy mươi nghìn hai trăm "
        "đồng một người một tháng; người thứ hai đóng bảy mươi phần trăm.",
    ),
    (
        "Đề nghị các hộ nộp thuế sử dụng đất phi nông nghiệp trước ngày 30/6/2024, mức thu 0,03%.",
        f"Đề nghị các hộ nộp thuế sử dụng đất phi nông nghiệp trước ngày ba mươi tháng sáu năm {Y2024}, "
        "mức thu không phẩy không ba phần trăm.",
    ),
    (
        "Thực hiện KH số 15/KH-UBND ngày 05/01/2024 của UBND xã về tiêm phòng cho đàn gia súc đợt I.",
        "Thực hiện Kế hoạch số mười lăm, kế hoạch Ủy ban nhân dân ngày năm tháng một năm "
        f"{Y2024} của Ủy ban nhân dân xã về tiêm phòng cho đàn gia súc đợt một.",
    ),
    (
        "Kỳ họp thứ 12 HĐND xã khóa XII khai mạc lúc 8 giờ 00 phút ngày 15/12/2024.",
        "Kỳ họp thứ mười hai Hội đồng nhân dân xã khóa mười hai khai mạc lúc tám giờ ngày mười lăm "
        f"tháng mười hai năm {Y2024}.",
    ),
    (
        "Quý III/2023 toàn xã giải quyết 1.234 hồ sơ TTHC, đạt tỷ lệ 98,5%.",
        f"Quý ba năm {Y2023} toàn xã giải quyết một nghìn hai trăm ba mươi bốn hồ sơ thủ tục hành chính, "
        "đạt tỷ lệ chín mươi tám phẩy năm phần trăm.",
    ),
    (
        "UBMTTQ VN xã vận động ủng hộ Quỹ Vì người nghèo, mức tối thiểu 20.000đ/hộ.",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã vận động ủng hộ Quỹ Vì người nghèo, mức tối thiểu hai mươi "
        "nghìn đồng một hộ.",
    ),
    (
        "Tiêm vắc xin tại TYT xã từ 7h30 - 11h, Thứ 7 và Chủ nhật; mang theo CCCD, thẻ BHYT.",
        "Tiêm vắc xin tại Trạm Y tế xã từ bảy giờ ba mươi phút đến mười một giờ, Thứ bảy và Chủ nhật; "
        "mang theo căn cước công dân, thẻ bảo hiểm y tế.",
    ),
    (
        "Xin thông báo lại: UBND xã mời Nhân dân TDP 2 họp lúc 19h ngày 25/10.",
        "Xin thông báo lại: Ủy ban nhân dân xã mời Nhân dân tổ dân phố hai họp lúc mười chín giờ ngày "
        "hai mươi lăm tháng mười.",
    ),
    (
        "Căn cứ Quyết định số 29/2022/QĐ-UBND ngày 04/8/2022 của UBND tỉnh Quảng Ngãi;",
        "Căn cứ Quyết định số hai mươi chín trên hai nghìn không trăm hai mươi hai, quyết định Ủy ban nhân "
        "dân ngày bốn tháng tám năm hai nghìn không trăm hai mươi hai của Ủy ban nhân dân tỉnh Quảng Ngãi;",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NOTICE_CASES, ids=[c[0][:40] for c in NOTICE_CASES])
def test_notice_sentence(text: str, expected: str) -> None:
    assert normalize(text) == expected
