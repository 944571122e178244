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
from minutes.messages import items as msg

KINDS = ("cau_hoi", "kien_nghi", "phan_anh")

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

STATUSES = ("moi", "da_phan_cong", "dang_xu_ly", "da_tra_loi", "tu_choi")


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
        raise MinutesError(msg.item_not_object(where))
    known = {f.name for f in fields(Item)}
    values = {k: v for k, v in data.items() if k in known}
    for key in ("id", "kind", "text"):
        if not values.get(key):
            raise MinutesError(msg.item_missing_field(where, key))
    values["id"] = str(values["id"])
    if values["kind"] not in KINDS:
        raise MinutesError(msg.item_bad_kind(where, values["kind"], KINDS))
    if values.get("topic", "khac") not in TOPICS:
        raise MinutesError(msg.item_bad_topic(where, values["topic"]))
    if values.get("status", "moi") not in STATUSES:
        raise MinutesError(msg.item_bad_status(where, values["status"]))
    if values.get("deadline"):
        try:
            values["deadline"] = dt.date.fromisoformat(str(values["deadline"]))
        except ValueError:
            raise MinutesError(msg.item_bad_deadline(where, values["deadline"])) from None
    values["evidence"] = [str(e) for e in values.get("evidence") or []]
    try:
        return Item(**values)
    except TypeError as exc:
        raise MinutesError(msg.item_invalid(where, exc)) from None


def items_to_json(items: list[Item]) -> str:
    return json.dumps({"items": [i.to_dict() for i in items]}, ensure_ascii=False, indent=1) + "\n"


def load_items(path: str | Path) -> list[Item]:
    """Read a reviewed-items JSON file ({"items": [...]} or a bare list)."""
    path = Path(path)
    if not path.is_file():
        raise MinutesError(msg.items_file_not_found(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MinutesError(msg.items_file_not_json(path, exc)) from None
    raw = data.get("items") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise MinutesError(msg.items_file_without_list(path))
    return [item_from_dict(d, f"items[{i}]") for i, d in enumerate(raw)]
