"""Publishing the dialogue's results: the posted notice (DOCX) and the radio
bulletin (script, MP3) — what `doithoai publish` calls, and the web app's
"Công bố kết quả" through doithoai.services.published_meetings.

`prepare` checks everything (accepted items, agency name, the broadcast plan
inside [deadlines] publish_days of the dialogue) and builds the notice and the
bulletin script without writing anything; `publish` renders the bulletin
through the announce path (doithoai.services.broadcast: normalise, speak,
master to the loudness target) and writes every file atomically. The typed
input (items file, plan) is doithoai.services.publish_input.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from broadcast.bulletin import (
    OPEN,
    SPOT,
    WRITTEN,
    BulletinFacts,
    BulletinItem,
    PublishPlan,
    build_bulletin,
    check_window,
    publish_plan,
)
from broadcast.event import AudioSettings, Station, event_from_dict, station_name_for
from broadcast.script import Script
from doithoai.messages import publish as msg
from doithoai.services import broadcast as announce_service
from doithoai.services.publish_input import PlanRequest
from doithoai.tomlwrite import dump_toml
from minutes import vntext as vn
from minutes.bienban import deadline_of, known_names
from minutes.errors import MinutesError
from minutes.ketqua import ANSWERED, Outcome
from minutes.meeting import Meeting
from minutes.messages.documents import AGENCY_FULL, PERSON_WITH_TITLE
from minutes.messages.items import KIND_LABELS
from minutes.thongbao import build_thong_bao, event_of, gist, place_of, public_outcomes, without_name
from pipeline import atomic
from pipeline.errors import BadInputError, UserError

DOCX_NAME, SCRIPT_NAME = "thong-bao-ket-qua.docx", "thong-bao-ket-qua.txt"
MP3_NAME, SPOKEN_NAME, ICS_NAME = "thong-bao-ket-qua.mp3", "loi-doc-ket-qua.txt", "lich-phat-ket-qua.ics"


@dataclass
class Publication:
    """Everything published, built and checked, nothing written yet."""

    meeting: Meeting
    docx: bytes
    script: Script
    facts: BulletinFacts
    plan: PublishPlan
    station: Station
    shown: list[Outcome]
    left_out: int  # items not accepted at review
    notes: list[str] = field(default_factory=list)

    @property
    def on_spot(self) -> int:
        return sum(1 for o in self.shown if not o.item.needs_written_answer)


@dataclass
class PublishResult:
    publication: Publication
    written: list[Path]
    duration: float | None = None
    loudness: float | None = None
    target_lufs: float | None = None
    engine: str = ""
    warnings: list[str] = field(default_factory=list)


# --- building -----------------------------------------------------------------------------------------
def _state(o: Outcome) -> str:
    if not o.item.needs_written_answer:
        return SPOT
    return WRITTEN if o.item.status == ANSWERED else OPEN


def bulletin_facts(meeting: Meeting, shown: list[Outcome], attendees: int | None = None) -> BulletinFacts:
    """The notice's facts as the bulletin's plain input."""
    names = known_names(meeting, [o.item for o in shown])
    items = []
    for o in shown:
        item, state = o.item, _state(o)
        answer = item.answer if state == SPOT else o.response if state == WRITTEN else ""
        items.append(
            BulletinItem(
                kind=KIND_LABELS.get(item.kind, item.kind).lower(),
                gist=gist(item, names, meeting.publish.names),
                state=state,
                place=place_of(item.hamlet),
                asker=item.asker if meeting.publish.names and item.asker else "",
                answer=without_name(vn.restore_names(answer or "", names), item, meeting.publish.names),
                unit=item.unit or "",
                answered_on=o.responded_at if state == WRITTEN else None,
                deadline=deadline_of(item, meeting) if state == OPEN else None,
            )
        )
    chair = meeting.chair
    return BulletinFacts(
        organiser=AGENCY_FULL.format(name=meeting.agency.name),
        event=event_of(meeting),
        date=meeting.date,
        start=meeting.start,
        venue=meeting.venue,
        chair=PERSON_WITH_TITLE.format(name=chair.name, title=chair.title) if chair.title else chair.name,
        attendees=attendees if attendees is not None else meeting.attendees,
        items=tuple(items),
    )


def prepare(
    meeting: Meeting,
    outcomes: list[Outcome],
    *,
    date: dt.date,
    plan: PlanRequest = PlanRequest(),
    attendees: int | None = None,
    station: str = "",
) -> Publication:
    """Build and check the notice, the bulletin and its plan; nothing is written.
    UserError/MinutesError (exit 2) for bad input, LeadTimeError (exit 3) when
    the plan misses the publishing window and is not forced."""
    shown = public_outcomes(outcomes)
    kept = [o for o in outcomes if o.item.status != "tu_choi"]
    if kept and not shown:
        raise BadInputError(msg.none_accepted(len(kept)))
    try:
        doc = build_thong_bao(meeting, outcomes, date=date, attendees=attendees)
    except MinutesError as exc:
        raise BadInputError(str(exc)) from None
    buf = io.BytesIO()
    doc.save(buf)
    facts = bulletin_facts(meeting, shown, attendees)
    on_air = Station(name=station or station_name_for(facts.organiser), organiser=facts.organiser)
    script = build_bulletin(on_air, facts)
    schedule = check_window(
        publish_plan(
            meeting.date,
            meeting.end or meeting.start,
            meeting.deadlines.publish_days,
            plan.slots,
            plan.dates,
            plan.days,
            today=date,
        ),
        force=plan.force,
    )
    notes = [msg.left_out(len(kept) - len(shown))] if len(kept) > len(shown) else []
    waiting = sum(1 for o in shown if _state(o) == OPEN)
    if waiting:
        notes.append(msg.no_answer_yet(waiting))
    return Publication(
        meeting,
        buf.getvalue(),
        script,
        facts,
        schedule,
        on_air,
        shown,
        len(kept) - len(shown),
        notes + schedule.warnings,
    )


def bulletin_event(p: Publication, engine: str = "espeak-ng", repeat: int = 2) -> dict[str, Any]:
    """The event of the bulletin (station, plan, audio; no [event]: a free
    notice), as the event file's tables."""
    return {
        "station": {k: v for k, v in (("name", p.station.name), ("organiser", p.station.organiser)) if v},
        "schedule": {
            "dates": [d.isoformat() for d in p.plan.dates],
            "slots": [t.strftime("%H:%M") for t in p.plan.slots],
        },
        "audio": {"engine": engine, "fallback": ["espeak-ng"], "repeat": repeat},
    }


def event_toml(p: Publication, engine: str = "espeak-ng", repeat: int = 2) -> str:
    """The bulletin's event file, as stored with the radio page's draft notice."""
    return dump_toml(bulletin_event(p, engine, repeat))


# --- writing ---------------------------------------------------------------------------------------------
def publish(
    p: Publication,
    out_dir: Path,
    *,
    audio: bool = True,
    engine: str = "espeak-ng",
    repeat: int = 2,
    cache_dir: Path | None = None,
) -> PublishResult:
    """Write the notice, the script and (with `audio`) the mastered MP3, WAV,
    spoken text and .ics into `out_dir`; on an error nothing is left behind."""
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInputError(msg.out_not_folder(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(msg.publish_cannot_write(out_dir, exc.strerror or exc)) from None
    script_path, docx_path = out_dir / SCRIPT_NAME, out_dir / DOCX_NAME
    result = PublishResult(p, [], warnings=list(p.notes))
    if audio:
        req = announce_service.AnnounceRequest(
            output=out_dir / MP3_NAME,
            event=event_from_dict(bulletin_event(p, engine, repeat)),
            script=p.script.to_text(),
            script_out=script_path,
            spoken_out=out_dir / SPOKEN_NAME,
            ics=out_dir / ICS_NAME,
            cache_dir=cache_dir,
        )
        made = announce_service.announce(req)
        result.written += made.written
        result.duration, result.loudness, result.engine = made.duration, made.loudness, made.engine
        result.target_lufs = AudioSettings().target_lufs  # the event file keeps the station default
        result.warnings += [w for w in made.warnings if w not in result.warnings]
    else:
        write_published(script_path, p.script.to_text().encode("utf-8"), result.written)
    try:
        write_published(docx_path, p.docx, result.written)
    except UserError:
        for path in result.written:
            path.unlink(missing_ok=True)
        raise
    return result


def write_published(path: Path, data: bytes, written: list[Path]) -> None:
    """Write one published file atomically and note it in `written`; UserError if it cannot be."""
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise UserError(msg.publish_cannot_write(path, exc.strerror or exc)) from None
    written.append(path)
