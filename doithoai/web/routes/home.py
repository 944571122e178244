"""The start page: what each role can do, and the latest meetings."""

from __future__ import annotations

from fastapi import APIRouter, Request

from doithoai.services import home as svc
from doithoai.web.deps import CurrentUser, DbSession, need
from doithoai.web.render import render

router = APIRouter()


@router.get("/", dependencies=[need("home")])
def home(request: Request, current: CurrentUser, db: DbSession):
    return render(request, "home.html", svc.home_view(db, current.user))
