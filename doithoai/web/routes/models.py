"""Administration of models and voices: the catalogue and what is installed,
a pull in the background with its progress, the defaults (`models use`)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse

from doithoai.messages import model_admin as msg
from doithoai.messages.web import NOT_FOUND
from doithoai.services import model_admin, model_pulls
from doithoai.web.deps import AppSettings, CurrentUser, DbSession, need
from doithoai.web.flash import done
from doithoai.web.render import render
from pipeline.errors import NotFoundError

router = APIRouter(prefix="/admin/models")
PAGE = "/admin/models"


@router.get("", dependencies=[need("admin")])
def models_page(request: Request, db: DbSession):
    return render(
        request,
        "admin_models.html",
        {
            "catalog": model_admin.catalogue_rows(),
            "installed": model_admin.installed_rows(),
            "pulls": model_pulls.pulls(db),
            "KIND_LABELS": msg.KIND_LABELS,
        },
    )


@router.post("/pull", dependencies=[need("admin")])
def pull(current: CurrentUser, settings: AppSettings, name: str = Form("")):
    model_pulls.start_pull(settings, current.user, name.strip())
    return done(PAGE, msg.pull_started(name.strip()), "#pulls")


@router.get("/pulls/{name}", dependencies=[need("admin")])
def pull_progress(name: str, db: DbSession):
    found = model_pulls.pull_view(db, name)
    if found is None:
        raise NotFoundError(NOT_FOUND)
    return JSONResponse(asdict(found))


@router.post("/default", dependencies=[need("admin")])
def set_default(current: CurrentUser, db: DbSession, name: str = Form("")):
    chosen, kind = model_admin.use(db, current.user, name.strip())
    return done(PAGE, msg.default_set(chosen, kind))
