"""Reviewed items of the ASR-style dialogues in bench/data/spoken, for the
publishing tests: the items extraction finds in four hamlets' dialogues (the
sample meeting's hamlets), each checked against its gold asker, then a
reviewer's decisions — the third item of each dialogue rejected, one left unreviewed,
and the referred items given a follow-up (answered in writing or still open)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from minutes.extract import Extractor
from minutes.items import Item
from minutes.ketqua import Outcome
from minutes.meeting import Meeting

ROOT = Path(__file__).resolve().parents[1]
SPOKEN = ROOT / "bench" / "data" / "spoken"
SAMPLE = ROOT / "samples" / "binh-thanh.toml"
DIALOGUES = ("binh-thoi-2024", "phuoc-hoa-2024", "thanh-thuy-2024", "dong-yen-2024")
WRITTEN_ON = dt.date(2024, 9, 26)


def extracted(meeting: Meeting, name: str) -> list[Item]:
    from doithoai.services.items import utterances_from_transcript
    from pipeline.transcript import load_transcript

    items = Extractor(meeting).extract(utterances_from_transcript(load_transcript(SPOKEN / f"{name}.json")))
    gold = json.loads((SPOKEN / f"{name}.gold.json").read_text(encoding="utf-8"))["items"]
    assert {i.asker for i in items} <= {g["asker"] for g in gold}, name  # the dev set still extracts as expected
    return items


def reviewed(meeting: Meeting, dialogues: tuple[str, ...] = DIALOGUES) -> tuple[list[Outcome], dict[str, list[Item]]]:
    """(outcomes, {"accepted": …, "rejected": …, "unreviewed": …}); each
    dialogue's items follow the previous one's in recording time."""
    out: list[Outcome] = []
    groups: dict[str, list[Item]] = {"accepted": [], "rejected": [], "unreviewed": []}
    offset = 0.0
    for d, name in enumerate(dialogues):
        items = extracted(meeting, name)
        referred = 0
        for n, item in enumerate(items):
            item = replace(
                item,
                id=f"{name}-{item.id}",
                reviewed=True,
                start=(item.start or 0.0) + offset,
                end=(item.end or 0.0) + offset,
            )
            response, day = "", None
            if n == 2:
                item.status = "tu_choi"
                groups["rejected"].append(item)
            elif n == len(items) - 1 and name == dialogues[0]:
                item.reviewed = False
                groups["unreviewed"].append(item)
            else:
                if item.needs_written_answer:
                    referred += 1
                    if referred == 1 and d % 2 == 0:  # every other dialogue's first referred item is answered
                        item.status = "da_tra_loi"
                        response, day = (
                            f"Xã đã trả lời bằng văn bản số {10 + n}/UBND, hẹn làm việc tại thôn.",
                            WRITTEN_ON,
                        )
                    else:
                        item.status = "dang_xu_ly"
                groups["accepted"].append(item)
            out.append(Outcome(item, response, day))
        offset += 1000.0
    return out, groups


def items_json(outcomes: list[Outcome]) -> str:
    """The items file `doithoai publish` reads, with the follow-up fields."""
    rows = []
    for o in outcomes:
        row = o.item.to_dict()
        if o.response:
            row["response"], row["responded_at"] = o.response, o.responded_at.isoformat()
        rows.append(row)
    return json.dumps({"items": rows}, ensure_ascii=False, indent=1)
