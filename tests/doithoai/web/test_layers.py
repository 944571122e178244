"""The web layer's routes parse, call a service and render: they neither
query the database nor import another route module, and the services know
nothing of the web. Read from the source, so a shortcut fails here the day
it lands."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from doithoai.services import lookup
from doithoai.store.db import migrate, session_scope
from doithoai.store.tables import ItemRow, MeetingRow
from doithoai.web.app import ROUTERS
from pipeline.errors import NotFoundError

ROOT = Path(__file__).resolve().parents[3] / "doithoai"
ROUTES = sorted((ROOT / "web" / "routes").glob("*.py"))
SERVICES = sorted((ROOT / "services").glob("*.py"))


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return out


def _raises_404(path: Path) -> list[int]:
    """Lines of `HTTPException(404, ...)` / `HTTPException(status_code=404)`."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "HTTPException":
            values = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "status_code")]
            if any(isinstance(v, ast.Constant) and v.value == 404 for v in values):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", ROUTES, ids=lambda p: p.name)
def test_routes_do_not_touch_the_database_or_other_routes(path):
    imports = _imports(path)
    assert not [m for m in imports if m == "sqlalchemy" or m.startswith("sqlalchemy.")]
    assert not [m for m in imports if m.startswith("doithoai.web.routes")]
    assert _raises_404(path) == []  # not found is the services' NotFoundError


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_services_do_not_import_the_web(path):
    assert not [m for m in _imports(path) if m.startswith("doithoai.web") or m.startswith("fastapi")]


def test_the_checks_see_what_they_look_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from sqlalchemy import select\nfrom doithoai.web.routes.followup import x\n"
        "from fastapi import HTTPException\nraise HTTPException(status_code=404)\n",
        encoding="utf-8",
    )
    assert "sqlalchemy" in _imports(bad) and "doithoai.web.routes.followup.x" in _imports(bad)
    assert _raises_404(bad) == [4]


def test_get_or_404_says_what_is_missing(web_settings):
    migrate(web_settings.database_url)
    with session_scope(web_settings.database_url) as db:
        row = MeetingRow(title="Hội nghị thử", date=dt.date(2025, 3, 1), config="")
        db.add(row)
        db.flush()
        item = ItemRow(meeting_id=row.id, key="1", kind="kien_nghi", text="Sửa đường")
        db.add(item)
        db.flush()
        assert lookup.get_or_404(db, ItemRow, item.id, "không có", meeting_id=row.id) is item
        with pytest.raises(NotFoundError) as missing:
            lookup.get_or_404(db, ItemRow, item.id + 1, "không có ý kiến này")
        assert missing.value.message == "không có ý kiến này" and missing.value.http_status == 404
        with pytest.raises(NotFoundError):  # an item under another meeting's id
            lookup.get_or_404(db, ItemRow, item.id, "không có", meeting_id=row.id + 1)
        db.rollback()


def test_every_route_module_is_mounted():
    # a router missing from ROUTERS is skipped without a word: its pages would answer 404
    modules = {p.stem for p in ROUTES if p.stem != "__init__"}
    assert modules <= set(ROUTERS)
