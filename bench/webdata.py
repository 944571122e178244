"""Data of the web benchmark (bench/web.py): the meetings, items and
accounts in the database, the long recording and its transcription job."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPOKEN = ROOT / "bench" / "data" / "spoken"
PASSWORD = "mat-khau-do-tai-2024"
UNITS = [
    "Địa chính – Nông nghiệp – Xây dựng và Môi trường",
    "Văn hóa – Xã hội",
    "Công an xã",
    "Tài chính – Kế toán",
    "Tư pháp – Hộ tịch",
]
STATUSES = ["moi", "moi", "da_phan_cong", "dang_xu_ly", "da_tra_loi"]
SPEAKERS = [f"SPEAKER_{i:02d}" for i in range(6)]


# --- data ---------------------------------------------------------------------------------------


def spoken_texts() -> list[str]:
    texts = []
    for path in sorted(SPOKEN.glob("*.json")):
        if not path.name.endswith(".gold.json"):
            texts += [s["text"] for s in json.loads(path.read_text(encoding="utf-8"))["segments"]]
    return texts


def gold_items() -> list[dict]:
    out = []
    for path in sorted(SPOKEN.glob("*.gold.json")):
        out += json.loads(path.read_text(encoding="utf-8"))["items"]
    return out


def meeting_data(rng: random.Random, n_segments: int, n_items: int, hours: float, *, with_segments: bool = True):
    """(segments, items) of a long meeting: segment texts are two spoken dev
    sentences each (~50 words, ~3 h of speech over 600 segments); items take
    kind/topic/asker/hamlet from the gold files and the text of their segment."""
    texts = spoken_texts()
    step = hours * 3600 / n_segments
    segments = [
        (
            round(i * step, 2),
            round(i * step + step - 0.4, 2),
            SPEAKERS[i % len(SPEAKERS)],
            f"{texts[(2 * i) % len(texts)]} {texts[(2 * i + 1) % len(texts)]}",
        )
        for i in range(n_segments)
    ]
    golds = gold_items()
    items = []
    for n in range(n_items):
        gold = golds[n % len(golds)]
        seg = segments[rng.randrange(len(segments))]
        status = rng.choice(STATUSES)
        items.append(
            {
                "kind": gold.get("kind", "kien_nghi"),
                "topic": gold.get("topic", "khac"),
                "text": seg[3],
                "summary": seg[3][:120],
                "asker": gold.get("asker"),
                "hamlet": gold.get("hamlet"),
                "start": seg[0],
                "end": seg[1],
                "answered": bool(gold.get("answered")),
                "confidence": round(rng.uniform(0.4, 0.95), 2),
                "evidence": [seg[3][:80]],
                "review": rng.choice(["auto", "auto", "accepted"]),
                "status": status,
                "unit": "" if status == "moi" else rng.choice(UNITS),
                "deadline": (dt.date.today() + dt.timedelta(days=rng.randint(-20, 30))).isoformat(),
            }
        )
    return (segments if with_segments else []), items


def build_data(settings, args, rng: random.Random) -> int:
    """Meetings, items and accounts in the database; the big meeting's id."""
    from webbuild import make_meeting

    from doithoai.services import accounts
    from doithoai.store.db import session_scope
    from doithoai.store.tables import UserRow

    segments, items = meeting_data(rng, args.segments, args.items, 3.0)
    meeting_id = make_meeting(
        settings, segments=segments, items=items, speakers={s: f"Người nói {i + 1}" for i, s in enumerate(SPEAKERS)}
    )
    for _ in range(args.past):
        make_meeting(settings, items=meeting_data(rng, 60, args.items, 2.0, with_segments=False)[1])
    password_hash = accounts.hash_password(PASSWORD)  # one Argon2 hash for all: set-up time, not load
    with session_scope(settings.database_url) as db:
        for i in range(args.users + args.officers):
            role = "thu_ky" if i < args.users else "can_bo"
            db.add(
                UserRow(
                    username=f"user-{i:02d}",
                    full_name=f"Người dùng {i}",
                    role=role,
                    password_hash=password_hash,
                    unit=UNITS[i % len(UNITS)] if role == "can_bo" else "",
                )
            )
    return meeting_id


def item_ids(settings, meeting_id: int) -> list[int]:
    from sqlalchemy import select

    from doithoai.store.db import session_scope
    from doithoai.store.tables import ItemRow

    with session_scope(settings.database_url) as db:
        return list(db.scalars(select(ItemRow.id).where(ItemRow.meeting_id == meeting_id)))


# --- transcription job ---------------------------------------------------------------------------


def build_recording(path: Path, minutes: float) -> float:
    """A dialogue-like WAV from the real speech clips (tests/audiobuild.py)."""
    import audiobuild

    rec = audiobuild.build(minutes=minutes, seed=11)
    rec.write_wav(path)
    return rec.duration


def start_job(settings, base: str, csrf: str, cookies: dict, meeting_id: int, wav: Path, notes: list[str]) -> int:
    """Upload through the app (POST /meetings/{id}/recordings, raw body)."""
    headers = {"X-CSRF-Token": csrf, "X-Filename": quote(wav.name), "content-type": "application/octet-stream"}
    with wav.open("rb") as f:
        r = httpx.post(
            f"{base}/meetings/{meeting_id}/recordings", content=f, headers=headers, cookies=cookies, timeout=120.0
        )
    if r.status_code == 200 and "job_id" in r.text:
        notes.append("job started through the app's upload route")
        return int(r.json()["job_id"])
    raise RuntimeError(f"upload route answered {r.status_code}: {r.text[:300]}")


def job_state(settings, job_id: int) -> dict:
    from doithoai.services.transcription_jobs import job_view
    from doithoai.store.db import session_scope
    from doithoai.store.tables import JobRow

    with session_scope(settings.database_url) as s:
        return job_view(s.get(JobRow, job_id))


def wait_transcribing(settings, job_id: int, timeout: float = 180.0) -> dict:
    """Until the worker has loaded the model and reports progress."""
    end = time.monotonic() + timeout
    view = job_state(settings, job_id)
    while time.monotonic() < end and not view["finished"] and not (view["state"] == "running" and view["done"] > 0):
        time.sleep(0.5)
        view = job_state(settings, job_id)
    return view
