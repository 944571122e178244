"""One conversion between stored rows and the domain objects of minutes/,
and the actor every audited service takes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from doithoai.services.actors import PERMISSIONS, ROLES, Actor, Role
from doithoai.store.convert import ITEM_FIELDS, item_from_row, item_row, meeting_of, parse_meeting_config
from doithoai.store.tables import ItemRow, MeetingRow
from minutes.items import Item
from pipeline.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
ITEM = Item(
    id="3",
    kind="kien_nghi",
    text="Đề nghị sửa đường liên thôn.",
    summary="Sửa đường",
    topic="giao_thong",
    unit="Địa chính",
    asker="Ông Ba",
    hamlet="Thôn 2",
    start=12.5,
    end=30.0,
    answered=False,
    answer=None,
    answer_start=None,
    answer_end=None,
    outside_content=True,
    confidence=0.8,
    evidence=["đề nghị"],
    status="moi",
    deadline=dt.date(2025, 4, 1),
)


def test_an_item_goes_through_a_row_unchanged():
    row = item_row(ITEM, meeting_id=7)
    assert (row.meeting_id, row.key, row.review) == (7, "3", "auto")
    back = item_from_row(row)
    assert back == ITEM  # every shared field, and reviewed=False for an auto item


def test_the_field_list_covers_every_shared_field():
    shared = {f.name for f in dataclasses.fields(Item)} - {"id", "reviewed"}
    assert set(ITEM_FIELDS) == shared
    assert set(ITEM_FIELDS) <= set(ItemRow.__table__.columns.keys())


def test_review_states_show_in_the_item():
    rejected = item_row(ITEM, 1, review="rejected")
    assert item_from_row(rejected).status == "tu_choi"
    assert item_from_row(item_row(ITEM, 1, review="accepted")).reviewed
    assert not item_from_row(item_row(ITEM, 1, review="merged")).reviewed


def test_a_missing_deadline_is_the_meetings():
    config = (ROOT / "samples" / "binh-thanh.toml").read_text(encoding="utf-8")
    meeting = meeting_of(MeetingRow(title="x", date=dt.date(2025, 1, 1), config=config))
    row = item_row(dataclasses.replace(ITEM, deadline=None), 1)
    due = meeting.date + dt.timedelta(days=meeting.deadlines.written_answer_days)
    assert item_from_row(row, meeting).deadline == due
    assert item_from_row(row).deadline is None


def test_a_broken_meeting_file_is_a_user_error():
    with pytest.raises(UserError):
        parse_meeting_config("[meeting\ntitle = 1")
    with pytest.raises(UserError):
        parse_meeting_config('[extraction]\nlexicon = "/etc"\n')


def test_actor_roles_are_the_role_enum():
    actor = Actor(1, "thuky", "Thư ký", "thu_ky", "")
    assert actor.role is Role.SECRETARY and actor.role == "thu_ky"
    assert actor.may("items.review") and not actor.may("admin")
    with pytest.raises(ValueError):
        Actor(1, "x", "", "khach", "")
    assert "khach" not in ROLES and "can_bo" in ROLES
    assert all(perm <= set(ROLES) for perm in PERMISSIONS.values())
