"""Benchmark of item extraction (issue 3, item 5).

1. kind and topic accuracy on the real petitions in
   <repo>/../shared/data/petitions-dev.jsonl (primary or alternative label
   counts), with every miss printed;
2. the spoken-style dev set in bench/data/spoken/: item detection precision
   and recall, asker, hamlet, kind, topic and answered-flag accuracy;
3. time to extract from a 3-hour transcript (~25,000 words) built by
   repeating and varying the dev dialogues, against a baseline measured in
   the same run (pyvi word segmentation alone of the same text).

    .venv/bin/python bench/extraction.py [--petitions FILE] [--words 25000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from minutes.extract import Extractor  # noqa: E402
from minutes.meeting import load_meeting  # noqa: E402
from minutes.types import Utterance  # noqa: E402
from doithoai.services.items import utterances_from_transcript  # noqa: E402
from pipeline.transcript import load_transcript  # noqa: E402

PETITIONS = ROOT.parent / "shared" / "data" / "petitions-dev.jsonl"
SPOKEN = ROOT / "bench" / "data" / "spoken"
TARGETS = {"kind": 0.85, "topic": 0.85, "recall": 0.90, "precision": 0.80, "seconds_3h": 5.0}


def _norm(s: str | None) -> str:
    return unicodedata.normalize("NFC", (s or "").strip().lower())


def petitions(path: Path) -> dict[str, float]:
    if not path.is_file():
        print(
            f"Không tìm thấy {path}: bỏ qua phần kiến nghị thật. / Petitions file not found (expected beside the repo in shared/data)."
        )
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ex = Extractor()
    ok_kind = ok_topic = 0
    print(f"== 1. Kiến nghị: {path} ({len(rows)} ý kiến)")
    for n, row in enumerate(rows, 1):
        item = ex.classify_text(row["text"])
        k = item.kind == row["kind"] or item.kind in row.get("kind_alt", [])
        t = item.topic == row["topic"] or item.topic in row.get("topic_alt", [])
        ok_kind += k
        ok_topic += t
        if not (k and t):
            print(
                f"  miss #{n}: kind {item.kind} (gold {row['kind']}{'/' + '/'.join(row['kind_alt']) if row.get('kind_alt') else ''})"
                f" topic {item.topic} (gold {row['topic']}{'/' + '/'.join(row['topic_alt']) if row.get('topic_alt') else ''}): {row['text'][:90]}"
            )
    res = {"kind": ok_kind / len(rows), "topic": ok_topic / len(rows)}
    print(f"  kind accuracy  {res['kind']:.3f}  ({ok_kind}/{len(rows)}; target ≥ {TARGETS['kind']})")
    print(f"  topic accuracy {res['topic']:.3f}  ({ok_topic}/{len(rows)}; target ≥ {TARGETS['topic']})")
    return res


def _overlap(a0, a1, b0, b1) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def spoken(verbose: bool = True) -> dict[str, float]:
    print("== 2. Bộ hội thoại nói (bench/data/spoken)")
    tot = {"gold": 0, "pred": 0, "match": 0, "asker": 0, "hamlet": 0, "answered": 0, "kind": 0, "topic": 0}
    for tpath in sorted(SPOKEN.glob("*.json")):
        if tpath.name.endswith(".gold.json"):
            continue
        gold = json.loads(tpath.with_name(tpath.stem + ".gold.json").read_text(encoding="utf-8"))
        meeting = load_meeting(SPOKEN / gold["meeting"]) if gold.get("meeting") else None
        items = Extractor(meeting).extract(utterances_from_transcript(load_transcript(tpath)))
        used: set[int] = set()
        matched = 0
        for g in gold["items"]:
            best, best_ov = None, 0.0
            for i, it in enumerate(items):
                if i in used or it.start is None:
                    continue
                ov = _overlap(g["start"], g["end"], it.start, it.end)
                if ov > best_ov:
                    best, best_ov = i, ov
            if best is None or best_ov < 0.5 * (g["end"] - g["start"]):
                if verbose:
                    print(f"  {tpath.stem}: missed gold item at {g['start']:.0f}s ({g.get('asker')})")
                continue
            used.add(best)
            matched += 1
            it = items[best]
            checks = {
                "asker": _norm(it.asker) == _norm(g.get("asker")),
                "hamlet": _norm(it.hamlet) == _norm(g.get("hamlet")),
                "answered": it.answered == g["answered"],
                "kind": it.kind == g["kind"],
                "topic": it.topic == g["topic"],
            }
            for key, ok in checks.items():
                tot[key] += ok
                if not ok and verbose:
                    gv = g.get(key)
                    print(f"  {tpath.stem} @{g['start']:.0f}s {key}: got {getattr(it, key)!r}, gold {gv!r}")
        for i, it in enumerate(items):
            if i not in used and verbose:
                print(f"  {tpath.stem}: extra item at {it.start:.0f}s: {it.text[:70]}")
        tot["gold"] += len(gold["items"])
        tot["pred"] += len(items)
        tot["match"] += matched
        print(f"  {tpath.stem}: {len(gold['items'])} gold, {len(items)} found, {matched} matched")
    m = max(1, tot["match"])
    res = {
        "precision": tot["match"] / max(1, tot["pred"]),
        "recall": tot["match"] / max(1, tot["gold"]),
        **{k: tot[k] / m for k in ("asker", "hamlet", "answered", "kind", "topic")},
    }
    print(
        f"  detection precision {res['precision']:.3f} (target ≥ {TARGETS['precision']}), recall {res['recall']:.3f} (target ≥ {TARGETS['recall']})"
    )
    print(
        f"  on matched items: asker {res['asker']:.3f}, hamlet {res['hamlet']:.3f}, answered flag {res['answered']:.3f}, "
        f"kind {res['kind']:.3f}, topic {res['topic']:.3f}"
    )
    return res


def long_transcript(target_words: int) -> list[Utterance]:
    """Repeat the dev dialogues (shifted in time, names varied) to ~target_words."""
    rng = random.Random(7)
    base = []
    for tpath in sorted(SPOKEN.glob("*.json")):
        if not tpath.name.endswith(".gold.json"):
            base.append(utterances_from_transcript(load_transcript(tpath)))
    names = [
        "tám",
        "hoa",
        "bảy",
        "lụa",
        "hùng",
        "mai",
        "lực",
        "sáu",
        "thu",
        "bình",
        "hạnh",
        "tư",
        "nga",
        "kha",
        "hồng",
        "dũng",
        "lâm",
        "sen",
    ]
    out: list[Utterance] = []
    words = 0
    t = 0.0
    while words < target_words:
        dialogue = base[rng.randrange(len(base))]
        swap = dict(zip(names, rng.sample(names, len(names)), strict=True))
        for u in dialogue:
            text = " ".join(swap.get(w, w) for w in u.text.split())
            out.append(Utterance(t + u.start, t + u.end, text))
            words += len(text.split())
        t = out[-1].end + 5.0
    return out


def speed(target_words: int) -> dict[str, float]:
    print("== 3. Tốc độ: bản ghi ~3 giờ")
    utts = long_transcript(target_words)
    n_words = sum(len(u.text.split()) for u in utts)
    ex = Extractor(load_meeting(ROOT / "samples" / "binh-thanh.toml"))
    ex.extract(utts[:20])  # warm-up: load pyvi and build matchers outside the timing
    t0 = time.perf_counter()
    items = ex.extract(utts)
    secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    ex.nlp.make_doc(" ".join(u.text for u in utts))
    base = time.perf_counter() - t0
    hours = (utts[-1].end - utts[0].start) / 3600
    print(
        f"  {n_words} words ({hours:.1f} h of speech), {len(items)} items: {secs:.2f} s, {n_words / secs:.0f} words/s "
        f"(target < {TARGETS['seconds_3h']} s)"
    )
    print(f"  baseline pyvi segmentation alone: {base:.2f} s; extraction / segmentation = {secs / base:.2f}x")
    return {"seconds": secs, "words_per_s": n_words / secs, "ratio": secs / base}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--petitions", type=Path, nargs="+", default=[PETITIONS], help="JSONL files with text/kind/topic labels"
    )
    ap.add_argument(
        "--petitions-all", action="store_true", help="the real petitions and every bench/data/petitions-*.jsonl"
    )
    ap.add_argument("--words", type=int, default=25000)
    ap.add_argument("--quiet", action="store_true", help="no per-item misses on the spoken set")
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    files = (
        [PETITIONS, *sorted((ROOT / "bench" / "data").glob("petitions-*.jsonl"))]
        if args.petitions_all
        else args.petitions
    )
    for path in files:
        petitions(path)
    spoken(verbose=not args.quiet)
    if not args.skip_speed:
        speed(args.words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
