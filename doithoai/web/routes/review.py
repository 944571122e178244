"""The review page of a meeting's items, the review actions and the
document downloads (biên bản, báo cáo, items as CSV/XLSX)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from doithoai.messages import review as msg
from doithoai.services import item_edits, item_merge_split, review, review_docs
from doithoai.store.convert import meeting_of
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need
from doithoai.web.flash import done
from doithoai.web.fragments import CACHE, CSRF_SLOT, fill
from doithoai.web.render import TEMPLATES, render
from minutes.items import KINDS, TOPICS
from minutes.messages.items import KIND_LABELS, TOPIC_LABELS

router = APIRouter()


def _back(meeting_id: int, message: str, anchor: str = "") -> RedirectResponse:
    return done(f"/meetings/{meeting_id}/review", message, anchor)


def _on(value: str) -> bool:
    return value in ("1", "on", "true", "yes")


@router.get("/meetings/{meeting_id}/review", dependencies=[need("meetings.view")])
def review_page(
    request: Request, meeting_id: int, current: CurrentUser, db: DbSession, kind: str = "", state: str = ""
):
    row = review.meeting_row(db, meeting_id)
    meeting = meeting_of(row)
    kind = kind if kind in KINDS else ""
    state = state if state in msg.REVIEW_LABELS else ""
    can_review = current.user.may("items.review")
    units = review.units_for(meeting)

    def items_html() -> str:
        items = review.items_of(db, meeting_id, kind=kind or None, review=state or None)
        return TEMPLATES.env.get_template("review_items.html").render(
            meeting=row,
            items=items,
            kind=kind,
            state=state,
            units=units,
            can_review=can_review,
            undo_target=undo_target,
            default_deadline=review.default_deadline(meeting),
            REVIEW_LABELS=msg.REVIEW_LABELS,
            csrf_token=CSRF_SLOT,
            kind_pairs=[(k, KIND_LABELS[k]) for k in KINDS],
            topic_pairs=[(t, TOPIC_LABELS[t]) for t in TOPICS],
        )

    undo_target = item_merge_split.last_merge(db, meeting_id) if can_review else None
    key = ("review", meeting_id, row.updated_at, review.version(db, meeting_id), kind, state, can_review, undo_target)
    return render(
        request,
        "review.html",
        {
            "meeting": row,
            "items_html": fill(CACHE.get(key, items_html), current.csrf),
            "counts": review.counts(db, meeting_id),
            "kind": kind,
            "state": state,
            "units": units,
            "KINDS": KINDS,
            "TOPICS": TOPICS,
            "REVIEW_LABELS": msg.REVIEW_LABELS,
            "can_review": can_review,
            "can_download": current.user.may("documents.download"),
            "MERGE_CONFIRM": msg.MERGE_CONFIRM,
        },
    )


@router.post("/meetings/{meeting_id}/items/{item_id}/accept", dependencies=[need("items.review")])
def accept(meeting_id: int, item_id: int, current: CurrentUser, db: DbSession):
    item_edits.set_review(db, current.user, review.item_of(db, meeting_id, item_id), "accepted")
    return _back(meeting_id, msg.ACCEPTED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/reject", dependencies=[need("items.review")])
def reject(meeting_id: int, item_id: int, current: CurrentUser, db: DbSession):
    item_edits.set_review(db, current.user, review.item_of(db, meeting_id, item_id), "rejected")
    return _back(meeting_id, msg.REJECTED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/edit", dependencies=[need("items.review")])
def edit(
    meeting_id: int,
    item_id: int,
    current: CurrentUser,
    db: DbSession,
    kind: str = Form(""),
    text: str = Form(""),
    summary: str = Form(""),
    topic: str = Form("khac"),
    asker: str = Form(""),
    hamlet: str = Form(""),
    unit: str = Form(""),
    answered: str = Form(""),
    answer: str = Form(""),
    outside_content: str = Form(""),
):
    item = review.item_of(db, meeting_id, item_id)
    item_edits.edit(
        db,
        current.user,
        item,
        kind=kind,
        text=text,
        summary=summary,
        topic=topic,
        asker=asker,
        hamlet=hamlet,
        unit=unit,
        answered=_on(answered),
        answer=answer,
        outside_content=_on(outside_content),
    )
    return _back(meeting_id, msg.EDITED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/split", dependencies=[need("items.review")])
def split(meeting_id: int, item_id: int, current: CurrentUser, db: DbSession, text: str = Form("")):
    new = item_merge_split.split(db, current.user, review.item_of(db, meeting_id, item_id), text)
    return _back(meeting_id, msg.SPLIT_DONE, f"#item-{new.id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/assign", dependencies=[need("items.review")])
def assign(
    meeting_id: int,
    item_id: int,
    current: CurrentUser,
    db: DbSession,
    unit: str = Form(""),
    unit_other: str = Form(""),
    deadline: str = Form(""),
):
    item = review.item_of(db, meeting_id, item_id)
    meeting = meeting_of(review.meeting_row(db, meeting_id))
    item_edits.assign(db, current.user, item, meeting, unit_other.strip() or unit, deadline)
    return _back(meeting_id, msg.ASSIGNED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/answer", dependencies=[need("items.review")])
def answer(
    meeting_id: int,
    item_id: int,
    current: CurrentUser,
    db: DbSession,
    mode: str = Form(""),
    answer: str = Form(""),
    outside_content: str = Form(""),
):
    item = review.item_of(db, meeting_id, item_id)
    meeting = meeting_of(review.meeting_row(db, meeting_id))
    item_edits.mark_answer(db, current.user, item, meeting, mode, answer, _on(outside_content))
    done = msg.MARKED_ANSWERED if mode == "answered" else msg.MARKED_WRITTEN
    return _back(meeting_id, done, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/merge", dependencies=[need("items.review")])
def merge(meeting_id: int, current: CurrentUser, db: DbSession, ids: list[int] = Form(default_factory=list)):
    review.meeting_row(db, meeting_id)
    target = item_merge_split.merge(db, current.user, meeting_id, ids)
    return _back(meeting_id, msg.merged(len(set(ids))), f"#item-{target.id}")


@router.post("/meetings/{meeting_id}/items/merge/undo", dependencies=[need("items.review")])
def undo_merge(meeting_id: int, current: CurrentUser, db: DbSession):
    review.meeting_row(db, meeting_id)
    target = item_merge_split.undo_merge(db, current.user, meeting_id)
    return _back(meeting_id, msg.UNMERGED, f"#item-{target.id}")


@router.post("/meetings/{meeting_id}/items/add", dependencies=[need("items.review")])
def add(
    meeting_id: int,
    current: CurrentUser,
    db: DbSession,
    kind: str = Form(""),
    text: str = Form(""),
    summary: str = Form(""),
    topic: str = Form("khac"),
    asker: str = Form(""),
    hamlet: str = Form(""),
    unit: str = Form(""),
    start: str = Form(""),
    end: str = Form(""),
):
    item = item_edits.add(
        db,
        current.user,
        meeting_id,
        kind=kind,
        text=text,
        summary=summary,
        topic=topic,
        asker=asker,
        hamlet=hamlet,
        unit=unit,
        start=start,
        end=end,
    )
    return _back(meeting_id, msg.ADDED, f"#item-{item.id}")


def _download(d: review_docs.Download) -> Response:
    return Response(d.content, media_type=d.media_type, headers={"Content-Disposition": d.disposition})


@router.get("/meetings/{meeting_id}/bien-ban.docx", dependencies=[need("documents.download")])
def bien_ban(meeting_id: int, db: DbSession, settings: AppSettings):
    return _download(review_docs.bien_ban(db, settings.tmp_dir, meeting_id))


@router.get("/meetings/{meeting_id}/bao-cao.docx", dependencies=[need("documents.download")])
def bao_cao(meeting_id: int, db: DbSession, settings: AppSettings):
    return _download(review_docs.bao_cao(db, settings.tmp_dir, meeting_id))


@router.get("/meetings/{meeting_id}/y-kien.csv", dependencies=[need("documents.download")])
def items_csv(meeting_id: int, db: DbSession, settings: AppSettings):
    return _download(review_docs.items_export(db, settings.tmp_dir, meeting_id, ".csv"))


@router.get("/meetings/{meeting_id}/y-kien.xlsx", dependencies=[need("documents.download")])
def items_xlsx(meeting_id: int, db: DbSession, settings: AppSettings):
    return _download(review_docs.items_export(db, settings.tmp_dir, meeting_id, ".xlsx"))
