"""Items citizens raise at the dialogue: questions, requests, complaints.

`Item` is what extraction produces, what reviewers edit and what the
documents print. The JSON form (a list under "items") is the reviewed-items
file that `--items` reads; fields a person changed win over extraction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from minutes.errors import MinutesError

KINDS = ("cau_hoi", "kien_nghi", "phan_anh")
KIND_LABELS = {"cau_hoi": "Câu hỏi", "kien_nghi": "Kiến nghị", "phan_anh": "Phản ánh"}

TOPICS = (
    "dat_dai",
    "xay_dung",
    "giao_thong",
    "nong_nghiep_thuy_loi",
    "moi_truong",
    "dien_nuoc",
    "chinh_sach_xa_hoi",
    "y_te_giao_duc",
    "van_hoa_the_thao",
    "an_ninh_trat_tu",
    "thu_tuc_hanh_chinh",
    "khac",
)
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

STATUSES = ("moi", "da_phan_cong", "dang_xu_ly", "da_tra_loi", "tu_choi")
STATUS_LABELS = {
    "moi": "Mới",
    "da_phan_cong": "Đã phân công",
    "dang_xu_ly": "Đang xử lý",
    "da_tra_loi": "Đã trả lời",
    "tu_choi": "Không phải kiến nghị",
}


@dataclass
class Item:
    id: str
    kind: str
    text: str  # the citizen's whole point, consecutive segments merged
    summary: str = ""
    topic: str = "khac"
    unit: str = ""
    asker: str | None = None
    hamlet: str | None = None
    start: float | None = None  # seconds in the recording
    end: float | None = None
    answered: bool = False  # answered on the spot at the meeting
    answer: str | None = None
    answer_start: float | None = None
    answer_end: float | None = None
    outside_content: bool = False  # outside the announced content: written answer
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    status: str = "moi"
    deadline: dt.date | None = None
    reviewed: bool = False  # a person accepted or edited it

    @property
    def needs_written_answer(self) -> bool:
        return self.outside_content or not self.answered

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["deadline"] = self.deadline.isoformat() if self.deadline else None
        return data


def item_from_dict(data: Any, where: str = "item") -> Item:
    """Validate one item from its JSON form."""
    if not isinstance(data, dict):
        raise MinutesError(f"{where} phải là một đối tượng JSON. / must be an object.")
    known = {f.name for f in fields(Item)}
    values = {k: v for k, v in data.items() if k in known}
    for key in ("id", "kind", "text"):
        if not values.get(key):
            raise MinutesError(f"{where} thiếu trường '{key}'. / missing '{key}'.")
    values["id"] = str(values["id"])
    if values["kind"] not in KINDS:
        raise MinutesError(f"{where}: loại '{values['kind']}' không hợp lệ ({', '.join(KINDS)}). / invalid kind.")
    if values.get("topic", "khac") not in TOPICS:
        raise MinutesError(f"{where}: lĩnh vực '{values['topic']}' không hợp lệ. / invalid topic.")
    if values.get("status", "moi") not in STATUSES:
        raise MinutesError(f"{where}: trạng thái '{values['status']}' không hợp lệ. / invalid status.")
    if values.get("deadline"):
        try:
            values["deadline"] = dt.date.fromisoformat(str(values["deadline"]))
        except ValueError:
            raise MinutesError(f"{where}: hạn '{values['deadline']}' không phải ngày YYYY-MM-DD. / invalid deadline.") from None
    values["evidence"] = [str(e) for e in values.get("evidence") or []]
    try:
        return Item(**values)
    except TypeError as exc:
        raise MinutesError(f"{where} không hợp lệ: {exc}.") from None


def items_to_json(items: list[Item]) -> str:
    return json.dumps({"items": [i.to_dict() for i in items]}, ensure_ascii=False, indent=1) + "\n"


def load_items(path: str | Path) -> list[Item]:
    """Read a reviewed-items JSON file ({"items": [...]} or a bare list)."""
    path = Path(path)
    if not path.is_file():
        raise MinutesError(f"Không tìm thấy tệp kiến nghị: {path}. / Items file not found.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MinutesError(f"Tệp kiến nghị {path} không phải JSON hợp lệ: {exc}. / Invalid JSON.") from None
    raw = data.get("items") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise MinutesError(f"Tệp kiến nghị {path} phải có danh sách \"items\". / Needs an \"items\" list.")
    return [item_from_dict(d, f"items[{i}]") for i, d in enumerate(raw)]
