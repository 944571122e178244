"""The transcript page: listen to the recording segment by segment, correct
the text, name the speakers, download the edited transcript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from doithoai.messages import transcript_page as msg
from doithoai.messages import web as web_msg
from doithoai.services import segments
from doithoai.services.lookup import get_meeting
from doithoai.web.deps import CurrentUser, DbSession, need
from doithoai.web.flash import done
from doithoai.web.render import render
from pipeline import formats
from pipeline.errors import NotFoundError, UserError

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


def _text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise UserError(msg.BAD_BODY)
    return value


PAGE_SIZE = 100  # segments per page: about 15–20 minutes of a dialogue


@router.get("/meetings/{meeting_id}/transcript", dependencies=[need("meetings.view")])
def transcript_page(request: Request, meeting_id: int, db: DbSession, page: int = 1):
    view = segments.transcript_page(db, meeting_id, page, PAGE_SIZE)
    return render(
        request,
        "transcript.html",
        {
            "shown": view.shown,
            "pages": view.pages,
            "page": view.page,
            "total": view.total,
            "speaker_pairs": [("", msg.SPEAKER_NONE)]
            + [(label, name if name == label else f"{name} ({label})") for label, name in view.names.items()],
            "meeting": view.meeting,
            "names": view.names,
            "first_at": view.first_at,
            "counts": view.counts,
            "recording": view.recording,
            "formats": formats.FORMATS,
            "msg": msg,
            "edited": view.edited,
            "version": view.version,
        },
    )


@router.post("/meetings/{meeting_id}/segments/{segment_id}", dependencies=[need("transcript.edit")])
def edit_segment(
    meeting_id: int, segment_id: int, current: CurrentUser, db: DbSession, data: dict[str, Any] = Depends(payload)
):
    row = segments.segment_in(db, meeting_id, segment_id)
    changed = segments.update_segment(
        db, current.user, row, text=_text_field(data, "text"), speaker=_text_field(data, "speaker")
    )
    message = msg.SEGMENT_SAVED if changed else web_msg.NOTHING_CHANGED
    if data.get("json"):
        names = segments.speaker_names(db, meeting_id)
        return JSONResponse(
            {
                "ok": True,
                "message": message,
                "changed": changed,
                "text": row.text,
                "asr_text": row.asr_text,
                "edited": row.text != row.asr_text.strip(),
                "speaker": row.speaker,
                "speaker_name": names.get(row.speaker or "", ""),
            }
        )
    return done(f"/meetings/{meeting_id}/transcript", message, f"#seg-{row.id}")


@router.post("/meetings/{meeting_id}/speakers", dependencies=[need("transcript.edit")])
def name_speakers(meeting_id: int, current: CurrentUser, db: DbSession, data: dict[str, Any] = Depends(payload)):
    get_meeting(db, meeting_id)
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


@router.get("/meetings/{meeting_id}/transcript.{fmt}", dependencies=[need("meetings.view")])
def download(meeting_id: int, fmt: str, db: DbSession):
    if fmt not in formats.WRITERS:
        raise NotFoundError(web_msg.NOT_FOUND)
    transcript = segments.transcript_or_404(db, meeting_id)
    body = formats.WRITERS[fmt](transcript)
    filename = f"ban-ghi-hoi-nghi-{meeting_id}.{fmt}"
    return Response(
        body.encode("utf-8"),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
