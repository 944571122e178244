"""Items (minutes.items): the labels of kinds, topics and follow-up states,
and the errors of a reviewed-items file."""

from __future__ import annotations

from pathlib import Path

# --- labels (keys are minutes.items.KINDS / TOPICS / STATUSES) ---------------------

KIND_LABELS = {"cau_hoi": "Câu hỏi", "kien_nghi": "Kiến nghị", "phan_anh": "Phản ánh"}
TOPIC_LABELS = {
    "dat_dai": "Đất đai",
    "xay_dung": "Xây dựng",
    "giao_thong": "Giao thông",
    "nong_nghiep_thuy_loi": "Nông nghiệp, thủy lợi",
    "moi_truong": "Môi trường",
    "dien_nuoc": "Điện, nước",
    "chinh_sach_xa_hoi": "Chính sách xã hội",
    "y_te_giao_duc": "Y tế, giáo dục",
    "van_hoa_the_thao": "Văn hóa, thể thao",
    "an_ninh_trat_tu": "An ninh, trật tự",
    "thu_tuc_hanh_chinh": "Thủ tục hành chính",
    "khac": "Khác",
}
STATUS_LABELS = {
    "moi": "Mới",
    "da_phan_cong": "Đã phân công",
    "dang_xu_ly": "Đang xử lý",
    "da_tra_loi": "Đã trả lời",
    "tu_choi": "Không phải kiến nghị",
}

# --- the reviewed-items file ---------------------------------------------------------


def item_not_object(where: str) -> str:
    return f"{where} phải là một đối tượng JSON. / must be an object."


def item_missing_field(where: str, key: str) -> str:
    return f"{where} thiếu trường '{key}'. / missing '{key}'."


def item_bad_kind(where: str, kind: object, kinds: tuple[str, ...]) -> str:
    return f"{where}: loại '{kind}' không hợp lệ ({', '.join(kinds)}). / invalid kind."


def item_bad_topic(where: str, topic: object) -> str:
    return f"{where}: lĩnh vực '{topic}' không hợp lệ. / invalid topic."


def item_bad_status(where: str, status: object) -> str:
    return f"{where}: trạng thái '{status}' không hợp lệ. / invalid status."


def item_bad_deadline(where: str, deadline: object) -> str:
    return f"{where}: hạn '{deadline}' không phải ngày YYYY-MM-DD. / invalid deadline."


def item_invalid(where: str, exc: Exception) -> str:
    return f"{where} không hợp lệ: {exc}."


def items_file_not_found(path: Path) -> str:
    return f"Không tìm thấy tệp kiến nghị: {path}. / Items file not found."


def items_file_not_json(path: Path, exc: Exception) -> str:
    return f"Tệp kiến nghị {path} không phải JSON hợp lệ: {exc}. / Invalid JSON."


def items_file_without_list(path: Path) -> str:
    return f'Tệp kiến nghị {path} phải có danh sách "items". / Needs an "items" list.'
