"""Build the spoken-style dev set: each <name>.txt → <name>.json (canonical
transcript, as faster-whisper would give it: lower case, no punctuation, no
speaker labels) and <name>.gold.json (the items a secretary would list).

Source format: "O: …" an official's segment, "C: …" a citizen's, "+O:" /
"+C:" continues the previous segment (a speaker change the recogniser did not
split), "@ key=value …" opens a gold item made of the C: lines that follow,
"# meeting: FILE" names the meeting file. Times: 2.6 words per second with
0.4 s pauses, like the real recordings' pace.

    python bench/data/spoken/build.py
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS_PER_SECOND = 2.6
PAUSE = 0.4


def parse(path: Path) -> tuple[dict, dict]:
    segments: list[dict] = []
    gold: list[dict] = []
    meeting = None
    current: dict | None = None
    t = 1.0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = re.match(r"#\s*meeting:\s*(\S+)", line)
            if m:
                meeting = m.group(1)
            continue
        if line.startswith("@"):
            current = dict(kv.split("=", 1) for kv in re.findall(r"(\w+=[^=]+?)(?=\s+\w+=|$)", line[1:].strip()))
            current = {k: v.strip() for k, v in current.items()}
            current["answered"] = current.get("answered") == "yes"
            current["start"] = current["end"] = None
            gold.append(current)
            continue
        cont = line.startswith("+")
        role, text = line.lstrip("+").split(":", 1)
        text = text.strip()
        dur = round(len(text.split()) / WORDS_PER_SECOND, 2)
        if cont and segments:
            seg = segments[-1]
            seg["text"] += " " + text
            start = seg["end"]
            seg["end"] = round(seg["end"] + dur, 2)
            t = seg["end"] + PAUSE
        else:
            start = round(t, 2)
            seg = {"id": len(segments), "start": start, "end": round(t + dur, 2), "text": text}
            segments.append(seg)
            t = seg["end"] + PAUSE
        if role == "O":
            current = None
        elif role == "C" and current is not None:
            if current["start"] is None:
                current["start"] = start
            current["end"] = round(start + dur, 2)
    transcript = {
        "schema": "doithoai.transcript",
        "version": 1,
        "source": {
            "name": path.stem + ".wav",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "duration": round(t, 2),
        },
        "model": {"name": "dev-set (dựng tay theo phong cách ASR)", "engine": "none", "settings": {}},
        "language": "vi",
        "segments": segments,
        "speakers": {},
    }
    return transcript, {"meeting": meeting, "items": gold}


def build() -> list[Path]:
    out = []
    for src in sorted(HERE.glob("*.txt")):
        transcript, gold = parse(src)
        for suffix, data in ((".json", transcript), (".gold.json", gold)):
            target = src.with_suffix(suffix)
            target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            out.append(target)
    return out


if __name__ == "__main__":
    for p in build():
        print(p.name)
