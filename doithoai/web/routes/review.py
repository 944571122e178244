"""The review page of a meeting's items, the review actions and the
document downloads (biên bản, báo cáo, items as CSV/XLSX)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session as DB

from minutes.items import KIND_LABELS, KINDS, TOPIC_LABELS, TOPICS
from doithoai.messages import review as msg
from doithoai.services import meetings, review, review_docs
from doithoai.web.deps import Current, get_db, need, settings_of
from doithoai.web.flash import done
from doithoai.web.fragments import CACHE, CSRF_SLOT, fill
from doithoai.web.permissions import allowed
from doithoai.web.render import TEMPLATES, render

router = APIRouter()


def _back(meeting_id: int, message: str, anchor: str = "") -> RedirectResponse:
    return done(f"/meetings/{meeting_id}/review", message, anchor)


def _on(value: str) -> bool:
    return value in ("1", "on", "true", "yes")


@router.get("/meetings/{meeting_id}/review")
def review_page(request: Request, meeting_id: int, kind: str = "", state: str = "",
                current: Current = Depends(need("meetings.view")), db: DB = Depends(get_db, scope="function")):
    row = review.meeting_row(db, meeting_id)
    meeting = meetings.meeting_of(row)
    kind = kind if kind in KINDS else ""
    state = state if state in msg.REVIEW_LABELS else ""
    can_review = allowed(current.user.role, "items.review")
    units = review.units_for(meeting)

    def items_html() -> str:
        items = review.items_of(db, meeting_id, kind=kind or None, review=state or None)
        return TEMPLATES.env.get_template("review_items.html").render(
            meeting=row, items=items, kind=kind, state=state, units=units, can_review=can_review,
            default_deadline=review.default_deadline(meeting), REVIEW_LABELS=msg.REVIEW_LABELS, csrf_token=CSRF_SLOT,
            kind_pairs=[(k, KIND_LABELS[k]) for k in KINDS], topic_pairs=[(t, TOPIC_LABELS[t]) for t in TOPICS])

    key = ("review", meeting_id, row.updated_at, review.version(db, meeting_id), kind, state, can_review)
    return render(request, "review.html", {
        "meeting": row, "items_html": fill(CACHE.get(key, items_html), current.csrf),
        "counts": review.counts(db, meeting_id), "kind": kind, "state": state, "units": units,
        "KINDS": KINDS, "TOPICS": TOPICS, "REVIEW_LABELS": msg.REVIEW_LABELS, "can_review": can_review,
        "can_download": allowed(current.user.role, "documents.download"),
    })


@router.post("/meetings/{meeting_id}/items/{item_id}/accept")
def accept(meeting_id: int, item_id: int, current: Current = Depends(need("items.review")),
           db: DB = Depends(get_db, scope="function")):
    review.set_review(db, current.user, review.item_of(db, meeting_id, item_id), "accepted")
    return _back(meeting_id, msg.ACCEPTED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/reject")
def reject(meeting_id: int, item_id: int, current: Current = Depends(need("items.review")),
           db: DB = Depends(get_db, scope="function")):
    review.set_review(db, current.user, review.item_of(db, meeting_id, item_id), "rejected")
    return _back(meeting_id, msg.REJECTED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/edit")
def edit(meeting_id: int, item_id: int, kind: str = Form(""), text: str = Form(""), summary: str = Form(""),
         topic: str = Form("khac"), asker: str = Form(""), hamlet: str = Form(""), unit: str = Form(""),
         answered: str = Form(""), answer: str = Form(""), outside_content: str = Form(""),
         current: Current = Depends(need("items.review")), db: DB = Depends(get_db, scope="function")):
    item = review.item_of(db, meeting_id, item_id)
    review.edit(db, current.user, item, kind=kind, text=text, summary=summary, topic=topic, asker=asker,
                hamlet=hamlet, unit=unit, answered=_on(answered), answer=answer,
                outside_content=_on(outside_content))
    return _back(meeting_id, msg.EDITED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/split")
def split(meeting_id: int, item_id: int, text: str = Form(""), current: Current = Depends(need("items.review")),
          db: DB = Depends(get_db, scope="function")):
    new = review.split(db, current.user, review.item_of(db, meeting_id, item_id), text)
    return _back(meeting_id, msg.SPLIT_DONE, f"#item-{new.id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/assign")
def assign(meeting_id: int, item_id: int, unit: str = Form(""), unit_other: str = Form(""),
           deadline: str = Form(""), current: Current = Depends(need("items.review")), db: DB = Depends(get_db, scope="function")):
    item = review.item_of(db, meeting_id, item_id)
    meeting = meetings.meeting_of(review.meeting_row(db, meeting_id))
    review.assign(db, current.user, item, meeting, unit_other.strip() or unit, deadline)
    return _back(meeting_id, msg.ASSIGNED, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/{item_id}/answer")
def answer(meeting_id: int, item_id: int, mode: str = Form(""), answer: str = Form(""),
           outside_content: str = Form(""), current: Current = Depends(need("items.review")),
           db: DB = Depends(get_db, scope="function")):
    item = review.item_of(db, meeting_id, item_id)
    meeting = meetings.meeting_of(review.meeting_row(db, meeting_id))
    review.mark_answer(db, current.user, item, meeting, mode, answer, _on(outside_content))
    done = msg.MARKED_ANSWERED if mode == "answered" else msg.MARKED_WRITTEN
    return _back(meeting_id, done, f"#item-{item_id}")


@router.post("/meetings/{meeting_id}/items/merge")
def merge(meeting_id: int, ids: list[int] = Form(default_factory=list),
          current: Current = Depends(need("items.review")), db: DB = Depends(get_db, scope="function")):
    review.meeting_row(db, meeting_id)
    target = review.merge(db, current.user, meeting_id, ids)
    return _back(meeting_id, msg.merged(len(set(ids))), f"#item-{target.id}")


@router.post("/meetings/{meeting_id}/items/add")
def add(meeting_id: int, kind: str = Form(""), text: str = Form(""), summary: str = Form(""),
        topic: str = Form("khac"), asker: str = Form(""), hamlet: str = Form(""), unit: str = Form(""),
        start: str = Form(""), end: str = Form(""), current: Current = Depends(need("items.review")),
        db: DB = Depends(get_db, scope="function")):
    item = review.add(db, current.user, meeting_id, kind=kind, text=text, summary=summary, topic=topic,
                      asker=asker, hamlet=hamlet, unit=unit, start=start, end=end)
    return _back(meeting_id, msg.ADDED, f"#item-{item.id}")


def _download(d: review_docs.Download) -> Response:
    return Response(d.content, media_type=d.media_type, headers={"Content-Disposition": d.disposition})


@router.get("/meetings/{meeting_id}/bien-ban.docx")
def bien_ban(request: Request, meeting_id: int, current: Current = Depends(need("documents.download")),
             db: DB = Depends(get_db, scope="function")):
    return _download(review_docs.bien_ban(db, settings_of(request).tmp_dir, meeting_id))


@router.get("/meetings/{meeting_id}/bao-cao.docx")
def bao_cao(request: Request, meeting_id: int, current: Current = Depends(need("documents.download")),
            db: DB = Depends(get_db, scope="function")):
    return _download(review_docs.bao_cao(db, settings_of(request).tmp_dir, meeting_id))


@router.get("/meetings/{meeting_id}/y-kien.csv")
def items_csv(request: Request, meeting_id: int, current: Current = Depends(need("documents.download")),
              db: DB = Depends(get_db, scope="function")):
    return _download(review_docs.items_export(db, settings_of(request).tmp_dir, meeting_id, ".csv"))


@router.get("/meetings/{meeting_id}/y-kien.xlsx")
def items_xlsx(request: Request, meeting_id: int, current: Current = Depends(need("documents.download")),
               db: DB = Depends(get_db, scope="function")):
    return _download(review_docs.items_export(db, settings_of(request).tmp_dir, meeting_id, ".xlsx"))
