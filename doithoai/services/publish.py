"""Publishing the dialogue's results: the posted notice (DOCX) and the radio
bulletin (script, MP3) — what `doithoai publish` and the web app's
"Công bố kết quả" call.

`prepare` checks everything (accepted items, agency name, the broadcast plan
inside [deadlines] publish_days of the dialogue) and builds the notice and the
bulletin script without writing anything; `publish` renders the bulletin
through the announce path (doithoai.services.broadcast: normalise, speak,
master to the loudness target) and writes every file atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DB

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
from broadcast.event import AudioSettings, Station, station_name_for
from broadcast.script import Script
from doithoai.messages import publish as msg
from doithoai.services import audit
from doithoai.services import broadcast as announce_service
from doithoai.services.actors import Actor
from doithoai.services.followup import meeting_of
from doithoai.services.lookup import get_meeting
from doithoai.services.review import CLOSED, items_of
from doithoai.settings import Settings
from doithoai.store.convert import item_from_row
from doithoai.store.tables import AuditRow, NoticeRow
from doithoai.tomlwrite import dump_toml
from minutes import vntext as vn
from minutes.bienban import deadline_of, known_names
from minutes.errors import MinutesError
from minutes.items import item_from_dict
from minutes.ketqua import ANSWERED, Outcome
from minutes.meeting import Meeting
from minutes.messages.documents import AGENCY_FULL, PERSON_WITH_TITLE
from minutes.messages.items import KIND_LABELS
from minutes.thongbao import build_thong_bao, event_of, gist, place_of, public_outcomes, without_name
from pipeline import atomic
from pipeline.errors import BadInputError, NotFoundError, UserError

DEFAULT_SLOTS = (dt.time(6, 0), dt.time(17, 0))
DOCX_NAME, SCRIPT_NAME = "thong-bao-ket-qua.docx", "thong-bao-ket-qua.txt"
MP3_NAME, SPOKEN_NAME, ICS_NAME = "thong-bao-ket-qua.mp3", "loi-doc-ket-qua.txt", "lich-phat-ket-qua.ics"


@dataclass
class PlanRequest:
    """When the bulletin goes on air: explicit dates × slots, or `days` days from the day after."""

    slots: tuple[dt.time, ...] = DEFAULT_SLOTS
    dates: tuple[dt.date, ...] = ()
    days: int = 3
    force: bool = False


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


# --- typed input ------------------------------------------------------------------------------------
def outcomes_from_json(data: Any) -> list[Outcome]:
    """The items file ({"items": [...]}, as `doithoai questions` and the review
    export write it); each item may also carry the written answer: "response"
    and "responded_at" (YYYY-MM-DD), as the follow-up records them."""
    raw = data.get("items") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        raise BadInputError(msg.ITEMS_NOT_A_LIST)
    out = []
    for i, d in enumerate(raw):
        where = f"items[{i}]"
        item = item_from_dict(d, where)
        response = d.get("response") or ""
        if not isinstance(response, str):
            raise BadInputError(msg.bad_response(where))
        day = d.get("responded_at")
        try:
            day = dt.date.fromisoformat(str(day)) if day else None
        except ValueError:
            raise BadInputError(msg.bad_response_date(where, day)) from None
        out.append(Outcome(item, response.strip(), day))
    return out


def read_outcomes(text: str) -> list[Outcome]:
    try:
        return outcomes_from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise BadInputError(msg.items_not_json(exc)) from None
    except MinutesError as exc:
        raise BadInputError(str(exc)) from None


def parse_slot(text: str) -> dt.time:
    """ "06:00", "6h", "17h30" → a time; BadInputError otherwise."""
    hour, _, minute = text.strip().lower().replace("h", ":").partition(":")
    try:
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        raise BadInputError(msg.bad_slot(text)) from None


def parse_day(text: str) -> dt.date:
    """ "2024-09-23" or "23/9/2024" → a date; BadInputError otherwise."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise BadInputError(msg.bad_broadcast_date(text))


def plan_from_text(slots: str, dates: str, force: bool = False, days: int = 3) -> PlanRequest:
    """A plan typed in a form: slots and dates separated by commas, spaces or new lines."""
    split = [t for t in slots.replace(";", ",").replace(",", " ").split() if t]
    day_texts = [t for t in dates.replace(";", ",").replace(",", " ").split() if t]
    return PlanRequest(
        slots=tuple(parse_slot(t) for t in split) or DEFAULT_SLOTS,
        dates=tuple(parse_day(t) for t in day_texts),
        days=days,
        force=force,
    )


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


def event_toml(p: Publication, engine: str = "espeak-ng", repeat: int = 2) -> str:
    """The event file of the bulletin (station, plan, audio; no [event]: a free
    notice) — what the announce path and the radio page read."""
    return dump_toml(
        {
            "station": {k: v for k, v in (("name", p.station.name), ("organiser", p.station.organiser)) if v},
            "schedule": {
                "dates": [d.isoformat() for d in p.plan.dates],
                "slots": [t.strftime("%H:%M") for t in p.plan.slots],
            },
            "audio": {"engine": engine, "fallback": ["espeak-ng"], "repeat": repeat},
        }
    )


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
        with tempfile.TemporaryDirectory(prefix="doithoai-publish-") as tmp:
            event, script = Path(tmp, "event.toml"), Path(tmp, "script.txt")
            event.write_text(event_toml(p, engine, repeat), encoding="utf-8")
            script.write_text(p.script.to_text(), encoding="utf-8")
            req = announce_service.AnnounceRequest(
                output=out_dir / MP3_NAME,
                event_file=event,
                script_file=script,
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
        _write(script_path, p.script.to_text().encode("utf-8"), result.written)
    try:
        _write(docx_path, p.docx, result.written)
    except UserError:
        for path in result.written:
            path.unlink(missing_ok=True)
        raise
    return result


def _write(path: Path, data: bytes, written: list[Path]) -> None:
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise UserError(msg.publish_cannot_write(path, exc.strerror or exc)) from None
    written.append(path)


# --- the web app: a stored meeting -------------------------------------------------------------------
def notice_path(settings: Settings, meeting_id: int) -> Path:
    """Where the published notice of a meeting is kept for download."""
    return settings.meetings_dir / str(meeting_id) / DOCX_NAME


def stored_outcomes(db: DB, meeting: Meeting, meeting_id: int) -> list[Outcome]:
    """The meeting's items as reviewed (rejected and merged ones left out) with their follow-up."""
    rows = [r for r in items_of(db, meeting_id, include_closed=True) if r.review not in CLOSED]
    return [Outcome(item_from_row(r, meeting), r.response or "", r.responded_at) for r in rows]


def _radio_plan(p: Publication) -> dict[str, Any]:
    """The plan in the shape the radio page stores (notices._plan_json): no event."""
    return {
        "mode": "free",
        "event_at": None,
        "lead_days": 0,
        "days_ahead": None,
        "broadcasts": [at.isoformat() for at in p.plan.broadcasts],
    }


def publish_meeting(
    db: DB, settings: Settings, actor: Actor, meeting_id: int, *, today: dt.date, plan: PlanRequest = PlanRequest()
) -> tuple[Publication, NoticeRow]:
    """Publish a stored meeting's results: the notice is written for download,
    the bulletin goes to the radio operator's page as a draft notice (no audio
    yet: the operator previews and renders it), and the audit log records it.
    LeadTimeError when the plan misses the window and is not forced."""
    row = get_meeting(db, meeting_id)
    meeting = meeting_of(row)
    p = prepare(meeting, stored_outcomes(db, meeting, meeting_id), date=today, plan=plan)
    path = notice_path(settings, meeting_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(msg.publish_cannot_write(path.parent, exc.strerror or exc)) from None
    script = "\n".join(line for line in p.script.to_text().split("\n") if not line.startswith("#")).strip() + "\n"
    notice = NoticeRow(
        title=msg.notice_title(row.title)[:500],
        event=event_toml(p),
        script=script,
        engine="",
        plan=_radio_plan(p),
        warnings=[msg.draft_for_radio(actor.username), *p.notes],
        created_by=actor.id,
    )
    db.add(notice)
    db.flush()
    _write(path, p.docx, [])
    audit.record(
        db,
        actor,
        "meeting",
        meeting_id,
        "publish",
        None,
        {
            "notice_id": notice.id,
            "document": path.relative_to(settings.data_dir).as_posix(),
            "items": len(p.shown),
            "on_spot": p.on_spot,
            "referred": len(p.shown) - p.on_spot,
            "left_out": p.left_out,
            "date": today,
            "broadcasts": _radio_plan(p)["broadcasts"],
            "force": plan.force,
        },
        meeting_id=meeting_id,
    )
    return p, notice


def last_publication(db: DB, meeting_id: int) -> tuple[AuditRow, NoticeRow | None] | None:
    """The latest publication of a meeting (its audit entry and the bulletin draft), if any."""
    entry = db.scalars(
        select(AuditRow)
        .where(AuditRow.entity == "meeting", AuditRow.entity_id == meeting_id, AuditRow.action == "publish")
        .order_by(AuditRow.id.desc())
    ).first()
    if entry is None:
        return None
    notice_id = (entry.after or {}).get("notice_id")
    return entry, db.get(NoticeRow, notice_id) if notice_id else None


def published_notice(settings: Settings, meeting_id: int) -> Path:
    """The published notice's file, NotFoundError before the first publication."""
    path = notice_path(settings, meeting_id)
    if not path.is_file():
        raise NotFoundError(msg.PUBLISH_NOT_YET)
    return path
