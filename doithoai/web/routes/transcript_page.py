"""The transcript page: listen to the recording segment by segment, correct
the text, name the speakers, download the edited transcript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session as DB

from pipeline import formats
from pipeline.errors import UserError
from doithoai.messages import transcript_page as msg
from doithoai.services import segments
from doithoai.store.tables import MeetingRow
from doithoai.web.deps import Current, get_db, need
from doithoai.web.flash import done
from doithoai.web.render import render

router = APIRouter()

MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


async def payload(request: Request) -> dict[str, Any]:
    """The posted fields, from a form or a JSON object."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            raise UserError(msg.BAD_BODY) from None
        if not isinstance(data, dict):
            raise UserError(msg.BAD_BODY)
        return {"json": True, **data}
    form = await request.form()
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


def _meeting(db: DB, meeting_id: int) -> MeetingRow:
    meeting = db.get(MeetingRow, meeting_id)
    if meeting is None:
        raise HTTPException(404, msg.MEETING_NOT_FOUND)
    return meeting


def _text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise UserError(msg.BAD_BODY)
    return value


PAGE_SIZE = 100  # segments per page: about 15–20 minutes of a dialogue


@router.get("/meetings/{meeting_id}/transcript")
def transcript_page(request: Request, meeting_id: int, page: int = 1, current: Current = Depends(need("meetings.view")),
                    db: DB = Depends(get_db, scope="function")):
    meeting = _meeting(db, meeting_id)
    outline = segments.segment_outline(db, meeting_id)
    names = segments.speaker_names(db, meeting_id)
    first_at: dict[str, tuple[float, float]] = {}
    counts: dict[str, int] = {}
    for _, start, end, speaker, _ in outline:
        if speaker:
            first_at.setdefault(speaker, (start, end))
            counts[speaker] = counts.get(speaker, 0) + 1
    recording = segments.latest_recording(db, meeting_id)
    pages = [(n + 1, outline[i][1], outline[min(i + PAGE_SIZE, len(outline)) - 1][2])
             for n, i in enumerate(range(0, len(outline), PAGE_SIZE))]
    page = min(max(page, 1), max(len(pages), 1))
    shown = segments.segments_by_id(db, [o[0] for o in outline[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]])
    return render(request, "transcript.html", {
        "shown": shown, "pages": pages, "page": page, "total": len(outline),
        "speaker_pairs": [("", "(không rõ)")] + [(label, name if name == label else f"{name} ({label})")
                                                 for label, name in names.items()],
        "meeting": meeting, "names": names, "first_at": first_at, "counts": counts,
        "recording": recording, "formats": formats.FORMATS, "msg": msg,
        "edited": sum(1 for o in outline if o[4]),
    })


@router.post("/meetings/{meeting_id}/segments/{segment_id}")
def edit_segment(meeting_id: int, segment_id: int, current: Current = Depends(need("transcript.edit")),
                 data: dict[str, Any] = Depends(payload), db: DB = Depends(get_db, scope="function")):
    _meeting(db, meeting_id)
    row = segments.segment_in(db, meeting_id, segment_id)
    if row is None:
        raise HTTPException(404, msg.SEGMENT_NOT_FOUND)
    changed = segments.update_segment(db, current.user, row, text=_text_field(data, "text"),
                                         speaker=_text_field(data, "speaker"))
    message = msg.SEGMENT_SAVED if changed else msg.NOTHING_CHANGED
    if data.get("json"):
        names = segments.speaker_names(db, meeting_id)
        return JSONResponse({"ok": True, "message": message, "changed": changed, "text": row.text,
                             "asr_text": row.asr_text, "edited": row.text != row.asr_text.strip(),
                             "speaker": row.speaker, "speaker_name": names.get(row.speaker or "", "")})
    return done(f"/meetings/{meeting_id}/transcript", message, f"#seg-{row.id}")


@router.post("/meetings/{meeting_id}/speakers")
def name_speakers(meeting_id: int, current: Current = Depends(need("transcript.edit")),
                  data: dict[str, Any] = Depends(payload), db: DB = Depends(get_db, scope="function")):
    _meeting(db, meeting_id)
    if data.get("json"):
        raw = data.get("names")
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise UserError(msg.BAD_BODY)
        names = {str(k): v for k, v in raw.items()}
    else:
        names = {k.removeprefix("name:"): v for k, v in data.items() if k.startswith("name:")}
    changed = segments.rename_speakers(db, current.user, meeting_id, names)
    if data.get("json"):
        return JSONResponse({"ok": True, "changed": changed, "names": segments.speaker_names(db, meeting_id)})
    return done(f"/meetings/{meeting_id}/transcript", msg.speakers_saved(changed))


@router.get("/meetings/{meeting_id}/transcript.{fmt}")
def download(meeting_id: int, fmt: str, current: Current = Depends(need("meetings.view")),
             db: DB = Depends(get_db, scope="function")):
    if fmt not in formats.WRITERS:
        raise HTTPException(404)
    _meeting(db, meeting_id)
    transcript = segments.transcript_of(db, meeting_id)
    if transcript is None:
        raise HTTPException(404, msg.NO_TRANSCRIPT)
    body = formats.WRITERS[fmt](transcript)
    filename = f"ban-ghi-hoi-nghi-{meeting_id}.{fmt}"
    return Response(body.encode("utf-8"), media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
