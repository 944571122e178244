"""Kind and topic of single petitions (`Extractor.classify_text`), on
sentences written for these tests across all 12 topics and 3 kinds — some
like the published lists of "ý kiến cử tri", some like raw ASR output."""

from __future__ import annotations

import pytest

from minutes.extract import Extractor
from minutes.items import KINDS, TOPICS

CASES = [
    # dat_dai
    (
        "Đề nghị xã sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã nộp hồ sơ từ năm 2021 đến nay.",
        "kien_nghi",
        "dat_dai",
    ),
    (
        "gia đình tôi làm hồ sơ xin tách thửa cho con đã hơn một năm sao đến giờ vẫn chưa có kết quả",
        "cau_hoi",
        "dat_dai",
    ),
    (
        "Việc đền bù giải phóng mặt bằng tuyến đường tránh chưa thỏa đáng, nhiều hộ bức xúc vì giá bồi thường thấp hơn giá thị trường.",
        "phan_anh",
        "dat_dai",
    ),
    ("xin hỏi khu tái định cư của thôn bao giờ thì bàn giao đất cho bà con", "cau_hoi", "dat_dai"),
    (
        "Đề nghị đo đạc lại ranh giới thửa đất giữa hai hộ ông Lâm và ông Phúc để chấm dứt tranh chấp kéo dài.",
        "kien_nghi",
        "dat_dai",
    ),
    # xay_dung
    (
        "Tình trạng xây dựng nhà không phép ven kênh tại xóm Chùa vẫn tiếp diễn mà chưa bị xử lý.",
        "phan_anh",
        "xay_dung",
    ),
    ("đề nghị quy hoạch lại nghĩa trang nhân dân của xã vì hiện nay đã hết chỗ chôn cất", "kien_nghi", "xay_dung"),
    ("Một số hộ kinh doanh lấn chiếm vỉa hè để buôn bán, dựng mái che kiên cố.", "phan_anh", "xay_dung"),
    (
        "nhà văn hóa thôn xây xong được hai năm đã nứt tường thấm dột chất lượng công trình như vậy có ai chịu trách nhiệm không",
        "cau_hoi",
        "xay_dung",
    ),
    # giao_thong
    (
        "Đường liên thôn từ cầu Ông Đá đến chợ xuống cấp, nhiều ổ gà, trời mưa lầy lội, đề nghị sớm nâng cấp.",
        "kien_nghi",
        "giao_thong",
    ),
    ("xe tải chở cát chạy suốt ngày đêm làm hỏng mặt đường bê tông của thôn bụi mù mịt", "phan_anh", "giao_thong"),
    (
        "Đề nghị lắp biển báo và gờ giảm tốc tại ngã ba trước cổng chợ vì thường xuyên xảy ra tai nạn giao thông.",
        "kien_nghi",
        "giao_thong",
    ),
    (
        "cây cầu tạm qua suối bị lũ cuốn trôi từ năm ngoái khi nào thì xã làm lại cầu cho học sinh đi học",
        "cau_hoi",
        "giao_thong",
    ),
    ("Sớm bê tông hóa tuyến đường ngõ xóm số 5 để bà con đi lại thuận tiện.", "kien_nghi", "giao_thong"),
    # nong_nghiep_thuy_loi
    (
        "Kênh mương nội đồng xứ Đồng Sau bị bồi lắng, không đủ nước tưới cho vụ đông xuân, đề nghị nạo vét.",
        "kien_nghi",
        "nong_nghiep_thuy_loi",
    ),
    ("năm nay lợn bị dịch tả châu phi chết nhiều bà con có được hỗ trợ gì không ạ", "cau_hoi", "nong_nghiep_thuy_loi"),
    (
        "Giá phân bón tăng cao trong khi giá lúa thấp, nông dân sản xuất không có lãi.",
        "phan_anh",
        "nong_nghiep_thuy_loi",
    ),
    (
        "Đề nghị kè bờ sông đoạn qua thôn Hạ vì sạt lở ăn sâu vào đất sản xuất của người dân.",
        "kien_nghi",
        "nong_nghiep_thuy_loi",
    ),
    (
        "trạm bơm của hợp tác xã hỏng mấy tháng nay ruộng thiếu nước tưới bà con rất lo",
        "phan_anh",
        "nong_nghiep_thuy_loi",
    ),
    # moi_truong
    (
        "Bãi tập kết rác cạnh trường mầm non bốc mùi hôi thối, ruồi nhặng nhiều, ảnh hưởng sức khỏe các cháu.",
        "phan_anh",
        "moi_truong",
    ),
    ("đề nghị xã bố trí xe thu gom rác thải mỗi tuần hai lần chứ để rác tồn đọng lâu quá", "kien_nghi", "moi_truong"),
    (
        "Cơ sở chăn nuôi heo của hộ ông Tài xả nước thải chưa qua xử lý ra mương chung gây ô nhiễm.",
        "phan_anh",
        "moi_truong",
    ),
    (
        "mùa mưa nước không thoát được ngập cả khu dân cư tại sao hệ thống cống thoát nước làm xong rồi mà vẫn ngập",
        "cau_hoi",
        "moi_truong",
    ),
    (
        "Yêu cầu xử lý nghiêm tình trạng đốt rơm rạ và rác thải gây khói bụi dọc trục đường chính.",
        "kien_nghi",
        "moi_truong",
    ),
    # dien_nuoc
    ("Đề nghị lắp đặt hệ thống đèn chiếu sáng công cộng trên tuyến đường trục thôn.", "kien_nghi", "dien_nuoc"),
    (
        "điện ở cuối xóm rất yếu buổi tối không bật nổi cái quạt đề nghị điện lực nâng cấp trạm biến áp",
        "kien_nghi",
        "dien_nuoc",
    ),
    (
        "Nước sạch của công trình cấp nước tập trung thường xuyên bị đục, có mùi, nhiều hôm mất nước cả ngày.",
        "phan_anh",
        "dien_nuoc",
    ),
    (
        "tiền điện tháng vừa rồi của gia đình tôi tăng gấp đôi không biết công tơ có bị sai không",
        "cau_hoi",
        "dien_nuoc",
    ),
    ("bao giờ thì đường ống nước sạch được kéo về thôn tôi", "cau_hoi", "dien_nuoc"),
    # chinh_sach_xa_hoi
    (
        "Đề nghị xem xét đưa gia đình bà Lụa vào danh sách hộ cận nghèo vì chồng mất, con còn nhỏ.",
        "kien_nghi",
        "chinh_sach_xa_hoi",
    ),
    ("mẹ tôi năm nay tám mươi mốt tuổi sao chưa được nhận trợ cấp người cao tuổi", "cau_hoi", "chinh_sach_xa_hoi"),
    (
        "Việc bình xét hộ nghèo ở thôn chưa công khai, có hộ khá giả vẫn có tên trong danh sách.",
        "phan_anh",
        "chinh_sach_xa_hoi",
    ),
    (
        "Kiến nghị tạo điều kiện cho thanh niên được vay vốn ưu đãi để đi xuất khẩu lao động.",
        "kien_nghi",
        "chinh_sach_xa_hoi",
    ),
    ("thẻ bảo hiểm y tế của con tôi hết hạn rồi thì đi gia hạn ở đâu ạ", "cau_hoi", "chinh_sach_xa_hoi"),
    (
        "Hồ sơ đề nghị công nhận thân nhân liệt sĩ của gia đình tôi nộp từ lâu nhưng chưa được giải quyết.",
        "phan_anh",
        "chinh_sach_xa_hoi",
    ),
    # y_te_giao_duc
    ("Trạm y tế xã thiếu bác sĩ, nhiều hôm người dân đến khám không có ai trực.", "phan_anh", "y_te_giao_duc"),
    (
        "đề nghị xây thêm phòng học cho điểm trường mầm non thôn Trung vì các cháu đang phải học nhờ nhà văn hóa",
        "kien_nghi",
        "y_te_giao_duc",
    ),
    (
        "các khoản thu đầu năm học ở trường tiểu học quá nhiều phụ huynh không biết khoản nào là bắt buộc",
        "phan_anh",
        "y_te_giao_duc",
    ),
    ("xin hỏi năm nay học sinh tiểu học có được miễn học phí không", "cau_hoi", "y_te_giao_duc"),
    (
        "Mong trạm y tế tổ chức tiêm chủng cho trẻ vào cả ngày thứ bảy để bố mẹ đi làm có thể đưa con đến.",
        "kien_nghi",
        "y_te_giao_duc",
    ),
    # van_hoa_the_thao
    ("Đề nghị đầu tư sân thể thao cho thanh thiếu niên trong thôn có chỗ vui chơi.", "kien_nghi", "van_hoa_the_thao"),
    ("loa truyền thanh của thôn hỏng lâu rồi bà con không nghe được thông báo của xã", "phan_anh", "van_hoa_the_thao"),
    (
        "Tổ chức đám cưới kéo dài nhiều ngày, mở nhạc to đến khuya, chưa thực hiện nếp sống văn minh.",
        "phan_anh",
        "van_hoa_the_thao",
    ),
    ("di tích đình làng xuống cấp nghiêm trọng khi nào thì được tu bổ", "cau_hoi", "van_hoa_the_thao"),
    # an_ninh_trat_tu
    (
        "Thời gian gần đây trộm cắp gà vịt, xe máy xảy ra nhiều ở xóm Đông, người dân rất lo lắng.",
        "phan_anh",
        "an_ninh_trat_tu",
    ),
    (
        "đề nghị công an xã tăng cường tuần tra vào ban đêm vì có nhóm thanh niên tụ tập đua xe gây mất trật tự",
        "kien_nghi",
        "an_ninh_trat_tu",
    ),
    ("Có tình trạng cho vay nặng lãi, tín dụng đen hoạt động công khai trên địa bàn.", "phan_anh", "an_ninh_trat_tu"),
    ("xin hỏi đã lắp camera an ninh ở các ngã tư như kế hoạch chưa", "cau_hoi", "an_ninh_trat_tu"),
    ("Kiến nghị xử lý dứt điểm điểm bán ma túy ở khu vực bến sông.", "kien_nghi", "an_ninh_trat_tu"),
    # thu_tuc_hanh_chinh
    (
        "Đề nghị bộ phận một cửa niêm yết công khai thủ tục và lệ phí để người dân biết.",
        "kien_nghi",
        "thu_tuc_hanh_chinh",
    ),
    (
        "tôi đi làm giấy khai sinh cho cháu phải đi lại ba lần mới xong cán bộ hướng dẫn không rõ ràng",
        "phan_anh",
        "thu_tuc_hanh_chinh",
    ),
    (
        "Nộp hồ sơ trên dịch vụ công trực tuyến rồi có phải mang bản giấy lên xã nữa không?",
        "cau_hoi",
        "thu_tuc_hanh_chinh",
    ),
    (
        "Một số công chức có thái độ phục vụ chưa tốt, gây phiền hà khi người dân đến chứng thực giấy tờ.",
        "phan_anh",
        "thu_tuc_hanh_chinh",
    ),
    (
        "Mong xã hướng dẫn người cao tuổi kích hoạt tài khoản định danh điện tử VNeID.",
        "kien_nghi",
        "thu_tuc_hanh_chinh",
    ),
    # khac
    ("Đề nghị xem xét tăng phụ cấp cho trưởng thôn và công an viên vì mức hiện nay quá thấp.", "kien_nghi", "khac"),
    ("chợ tạm của xã họp lấn ra đường, đề nghị xã sớm xây chợ mới", "kien_nghi", "khac"),
    (
        "Sau khi sáp nhập thôn, việc bố trí cán bộ thôn còn bất cập, bà con chưa biết liên hệ với ai.",
        "phan_anh",
        "khac",
    ),
    ("quỹ đóng góp xây dựng của thôn thu chi thế nào đề nghị công khai cho bà con biết", "kien_nghi", "khac"),
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_cases_cover_every_topic_and_kind():
    assert {t for _, _, t in CASES} == set(TOPICS)
    assert {k for _, k, _ in CASES} == set(KINDS)


@pytest.mark.parametrize("text,kind,topic", CASES, ids=[f"{i:02d}-{t}" for i, (_, _, t) in enumerate(CASES)])
def test_kind_and_topic(extractor, text, kind, topic):
    item = extractor.classify_text(text)
    assert (item.kind, item.topic) == (kind, topic), item.evidence


def test_evidence_names_the_markers_that_fired(extractor):
    item = extractor.classify_text("Đề nghị xã sớm nạo vét kênh mương nội đồng trước mùa mưa.")
    assert item.kind == "kien_nghi" and item.topic == "nong_nghiep_thuy_loi"
    joined = " | ".join(item.evidence)
    assert "đề nghị" in joined and "mương nội đồng" in joined


def test_lower_case_without_punctuation_or_diacritic_style(extractor):
    written = extractor.classify_text("Xin hỏi bao giờ xã hoàn thành việc bê tông hóa đường ngõ xóm?")
    spoken = extractor.classify_text("xin hoi bao gio xa hoan thanh viec be tong hoa duong ngo xom")
    new_style = extractor.classify_text("xin hỏi bao giờ xã hoàn thành việc bê tông hoá đường ngõ xóm")
    assert written.kind == new_style.kind == "cau_hoi"
    assert written.topic == spoken.topic == new_style.topic == "giao_thong"


def test_one_syllable_keywords_need_a_whole_word(extractor):
    # "điện" inside "đại diện", "cầu" inside "yêu cầu": no electricity, no bridge
    item = extractor.classify_text("tôi đại diện cho bà con yêu cầu xã công khai danh sách hộ nghèo")
    assert item.topic == "chinh_sach_xa_hoi"
    assert "dien_nuoc" not in " ".join(item.evidence)


def test_place_names_weigh_less_than_the_subject(extractor):
    # the school is only where the encroachment is
    item = extractor.classify_text("nhiều hộ lấn chiếm vỉa hè đoạn trước trường tiểu học để buôn bán")
    assert item.topic == "xay_dung"


def test_question_particle_at_clause_end(extractor):
    assert extractor.classify_text("con tôi học lớp một thì có được miễn học phí không ạ").kind == "cau_hoi"
    # "không" inside the clause is a plain negation
    assert extractor.classify_text("đường ngõ xóm không được sửa chữa nên rất lầy lội").kind == "phan_anh"


def test_document_words_are_not_requests(extractor):
    item = extractor.classify_text("hồ sơ đề nghị hưởng trợ cấp của mẹ tôi nộp từ lâu mà vẫn chưa được giải quyết")
    assert item.kind == "phan_anh"


def test_empty_or_markerless_text_defaults_to_request_in_khac(extractor):
    item = extractor.classify_text("ý kiến của bà con")
    assert item.kind == "kien_nghi" and item.topic == "khac"
    assert item.confidence < 0.7
