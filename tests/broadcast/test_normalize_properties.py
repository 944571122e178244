"""Properties over realistic notices: nothing left unread, NFC, idempotent;
and what `unread_tokens` reports."""

from __future__ import annotations

import re
import unicodedata

import pytest

from broadcast.normalize import normalize, unread_tokens

NOTICES = [
    """THÔNG BÁO
V/v tổ chức Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2024
UBND xã Bình Thanh trân trọng thông báo và kính mời toàn thể Nhân dân thôn Phước Hòa, Thanh Thủy đến dự Hội nghị đối thoại.
Thời gian: 7h30 ngày 20/9/2024 (Thứ 6).
Địa điểm: Hội trường UBND xã Bình Thanh.
Chủ trì: đ/c Nguyễn Hồng Phước - CT UBND xã.
Mọi chi tiết xin liên hệ đồng chí Võ Thị Lan, công chức VH-XH, số điện thoại 0905 123 456.""",
    """Thực hiện KH số 15/KH-UBND ngày 05/01/2024 của UBND xã về tiêm phòng vắc xin LMLM cho đàn gia súc đợt I năm 2024, BCH Quân sự xã phối hợp với thú y tổ chức tiêm phòng từ ngày 10-15/3/2024, bắt đầu lúc 6h30. Phí tiêm 5.000đ/con.""",
    """Căn cứ Quyết định số 29/2022/QĐ-UBND ngày 04/8/2022 của UBND tỉnh Quảng Ngãi; Nghị định 30/2020/NĐ-CP của CP. BTV Đoàn xã thông báo BCH Đoàn nhiệm kỳ 2022-2027 họp lúc 14h00 ngày 25/10.""",
    """Đề nghị các hộ gia đình nộp thuế sử dụng đất phi nông nghiệp năm 2024 trước ngày 30/6/2024. Mức thu 0,03% giá trị đất; hộ nghèo được giảm 50%. Tiền chậm nộp: 0,03%/ngày.""",
    """Từ ngày 01/7/2024 mức đóng BHYT hộ gia đình là 70.200 đồng/người/tháng, người thứ 2 đóng 70%, người thứ 3 đóng 60%, từ người thứ 5 trở đi đóng 40% mức của người thứ nhất. Liên hệ đại lý thu BHXH tại TDP 4 hoặc gọi 1900 9068.""",
    """Ban Chỉ huy Quân sự xã thông báo: công dân nam sinh năm 2006 đến đăng ký NVQS lần đầu tại trụ sở CAX từ 7h00-11h00 và 13h30-17h00 các ngày từ 1/4 đến 30/4/2024. Mang theo CCCD và giấy khám sức khỏe.""",
    """Trường THCS Bình Thanh tuyển sinh lớp 6 năm học 2024-2025 chỉ tiêu 180 học sinh; trường THPT Bình Sơn tuyển 450 học sinh lớp 10. Hồ sơ nộp tại VP nhà trường.""",
    """Thông báo của HĐND xã: kỳ họp thứ 12 HĐND xã khóa XII, nhiệm kỳ 2021-2026 khai mạc lúc 8 giờ 00 phút ngày 15/12/2024. Đề nghị cử tri theo dõi trên hệ thống loa truyền thanh.""",
    """Do ảnh hưởng của cơn bão số 4, lượng mưa dự báo 150-250mm, gió cấp 8-9, giật cấp 11. BCH PCTT&TKCN xã đề nghị bà con di dời khỏi vùng thấp trũng trước 17h ngày 27/9. Đường dây nóng: 0255 3825 115.""",
    """UBMTTQ VN xã phát động ủng hộ Quỹ Vì người nghèo năm 2024, mức vận động tối thiểu 20.000 đ/hộ. Tổng số tiền năm 2023 là 45.750.000 đồng, đạt 112% kế hoạch.""",
    """Dự án nâng cấp tuyến đường ĐH 12 dài 2,5 km, rộng 5,5 m, tổng vốn 12,8 tỷ đồng. Các hộ có đất bị ảnh hưởng (tổng diện tích 3.450 m2) đến nhận tiền bồi thường lúc 7g30 thứ Hai, ngày 12/8/2024 tại nhà văn hóa thôn 3.""",
    """Lịch cắt điện: Điện lực Bình Sơn thông báo tạm ngừng cấp điện từ 6h00 đến 16h30 ngày 18/8/2024 tại trạm biến áp Phước Hòa 2 (khu vực km 15+200 QL24). SĐT liên hệ: 0255.3825.555.""",
    """Theo TB số 56/TB-UBND, quý III/2023 toàn xã có 1.234 hồ sơ TTHC được giải quyết đúng hạn, tỷ lệ 98,5%. Hạn chót quý IV là 31/12/2023.""",
    """Hội Nông dân xã tổ chức lớp tập huấn kỹ thuật trồng lúa vụ Hè Thu cho 40 hội viên, mỗi người được hỗ trợ 100.000 đồng và 2 kg giống. Đăng ký với chi hội trưởng trước ngày 20 tháng 5.""",
    """Tiêm vắc xin phòng Covid-19 mũi 3 cho người từ 18 tuổi trở lên tại TYT xã, từ 7h30 - 11h, Thứ 7 và Chủ nhật. Người dân mang theo CCCD hoặc CMND, thẻ BHYT (nếu có).""",
    """Ủy ban nhân dân xã thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND xã vào ngày 10 và 25 hằng tháng; trường hợp trùng ngày nghỉ, lễ thì chuyển sang ngày làm việc tiếp theo. Xin thông báo lại.""",
    """Đề nghị bà con kiểm tra thông tin trên ứng dụng VNeID; các trường hợp sai sót đến Công an xã điều chỉnh trước 30/10. Mọi thắc mắc xin gọi số 0905.123.456 (đồng chí Đặng Văn Sơn - Trưởng CAX).""",
    """Giá thu gom rác thải sinh hoạt: 25.000đ/hộ/tháng đối với hộ gia đình; hộ kinh doanh 50.000 - 100.000 đồng/tháng. Thời gian thu gom từ 5h30 đến 7h00 hằng ngày.""",
    """Chi trả trợ cấp xã hội tháng 10/2024 cho 215 đối tượng, tổng kinh phí 98.900.000 VNĐ, tại nhà văn hóa TDP 2 lúc 8h. Người nhận thay mang theo giấy ủy quyền có xác nhận của UBND xã.""",
    """Phần II. NỘI DUNG ĐỐI THOẠI: tình hình phát triển KT-XH, quốc phòng - an ninh 9 tháng đầu năm; giải quyết TTHC; thái độ phục vụ của cán bộ, công chức. Mục 2.1: đất đai; mục 2.2: GCN QSDĐ.""",
]
NOTICES += [
    # Written in decomposed Unicode (NFD), as some Windows and Mac editors save it.
    unicodedata.normalize("NFD", "Thông báo: UBND xã tổ chức họp lúc 14h00 ngày 05/01/2025 tại nhà văn hóa thôn 2."),
    # Abbreviations, dates and times packed together, as in a hurried draft.
    "TB: BCH QS xã, BCH Đoàn, HĐND, UBND, UBMTTQ VN, CAX, TDP 1-5 họp 7h30-9h, 14:00 ngày 2/9/2025; "
    "đóng 50.000đ/hộ, 1,5 triệu đồng/HTX; giảm 3,5%; liên hệ 0905.123.456; QĐ 29/2022/QĐ-UBND, quý III/2025.",
]


@pytest.mark.parametrize("text", NOTICES, ids=[f"notice{i}" for i in range(len(NOTICES))])
def test_nothing_left_unread(text: str) -> None:
    assert unread_tokens(normalize(text)) == []


@pytest.mark.parametrize("text", NOTICES, ids=[f"notice{i}" for i in range(len(NOTICES))])
def test_no_digit_and_no_capitalised_abbreviation(text: str) -> None:
    """Stricter than unread_tokens: no digit at all, and no word of two or
    more capitals (abbreviation or heading) in what the engine reads."""
    out = normalize(text)
    assert re.search(r"\d", out) is None
    assert [w for w in re.findall(r"[^\W\d_]{2,}", out) if w.isupper()] == []


@pytest.mark.parametrize("text", NOTICES, ids=[f"notice{i}" for i in range(len(NOTICES))])
def test_output_is_nfc(text: str) -> None:
    out = normalize(text)
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("text", NOTICES, ids=[f"notice{i}" for i in range(len(NOTICES))])
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize("text", NOTICES, ids=[f"notice{i}" for i in range(len(NOTICES))])
def test_words_are_kept(text: str) -> None:
    """Ordinary lower-case words of the notice all survive normalisation
    (except "phút" after "00", which is not read: "8 giờ 00 phút" -> "tám giờ")."""
    out = normalize(text).lower()
    words = [w.strip(".,;:()") for w in unicodedata.normalize("NFC", text).split()]
    plain = [w for w in words if w.isalpha() and w.islower() and len(w) > 2 and w != "phút"]
    assert all(w in out for w in plain)


def test_lines_are_kept() -> None:
    text = NOTICES[0]
    assert normalize(text).count("\n") == text.count("\n")


def test_unread_tokens_finds_what_a_speech_engine_misreads() -> None:
    text = "Họp lúc 7h30, giảm 15%, phí 50.000₫, xem mục a/b, gặp BCHQS, XYZW; còn THÔNG BÁO và Khu A thì được."
    assert unread_tokens(text) == ["7h30", "15%", "50.000₫", "a/b", "BCHQS", "XYZW"]


def test_unread_tokens_ignores_known_words_and_caps_words() -> None:
    assert unread_tokens("THÔNG BÁO KHẨN: Ủy ban nhân dân xã - Nhân dân thôn A.") == []


def test_unread_tokens_flags_clock_colon_and_digits_in_words() -> None:
    assert unread_tokens("lúc 14:00 tổ 5A") == ["14:00", "5A"]
