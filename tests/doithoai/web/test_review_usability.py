"""Issue 13's review-page points through the ASGI client: the merge asks
first and can be undone (audited), "Duyệt" on a hand-added item shows it
accepted, the unit list starts empty, and the demo cán bộ's unit is one of
the units the review page offers, so an item assigned there reaches him."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import add_user, client_for
from test_review import ITEMS, SEGMENTS, audits, rows, url
from webbuild import make_meeting

from doithoai.messages import review as msg
from doithoai.services import demo
from minutes.meeting import Meeting


@pytest.fixture
def meeting_id(web_settings, app) -> int:
    return make_meeting(web_settings, segments=SEGMENTS, items=ITEMS)


def _item_html(page: str, item_id: int) -> str:
    m = re.search(rf'<article class="card" id="item-{item_id}">(.*?)</article>', page, re.DOTALL)
    assert m, f"item {item_id} not on the page"
    return m.group(1)


def test_merge_form_asks_before_merging(clients, meeting_id):
    page = clients["thu_ky"].get(f"/meetings/{meeting_id}/review").text
    form = re.search(r'<form id="merge-form"[^>]*>', page).group(0)
    assert f'data-confirm="{msg.MERGE_CONFIRM}"' in form


def test_undo_merge_restores_the_items_and_is_audited(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    before = rows(web_settings, meeting_id)
    q1, q3 = before["q1"], before["q3"]
    assert c.form(url(meeting_id, action="merge"), {"ids": [str(q1.id), str(q3.id)]}).status_code == 303
    page = c.get(f"/meetings/{meeting_id}/review").text
    assert f'action="/meetings/{meeting_id}/items/merge/undo"' in _item_html(page, q1.id)
    assert "merge/undo" not in _item_html(page, before["q2"].id)

    r = c.form(f"/meetings/{meeting_id}/items/merge/undo")
    assert r.status_code == 303 and r.headers["location"].endswith(f"#item-{q1.id}")
    after = rows(web_settings, meeting_id)
    for key in ("q1", "q3"):
        old, new = before[key], after[key]
        assert (new.text, new.start, new.end, new.evidence, new.summary, new.review) == (
            old.text,
            old.start,
            old.end,
            old.evidence,
            old.summary,
            old.review,
        )
    assert [e.action for e in audits(web_settings, q1.id)] == ["merge", "unmerge"]
    assert audits(web_settings, q3.id)[-1].after == {"review": "auto"}
    assert audits(web_settings, q3.id)[-1].username == "thu-ky"
    page = c.get(f"/meetings/{meeting_id}/review").text
    assert f'id="item-{q3.id}"' in page and "merge/undo" not in page
    # only the last merge, once
    again = c.form(f"/meetings/{meeting_id}/items/merge/undo")
    assert again.status_code == 400 and msg.UNMERGE_NOTHING in again.text


def test_undo_merge_is_refused_after_the_item_was_edited(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    q1, q3 = rows(web_settings, meeting_id)["q1"], rows(web_settings, meeting_id)["q3"]
    c.form(url(meeting_id, action="merge"), {"ids": [str(q1.id), str(q3.id)]})
    c.form(url(meeting_id, q1, "edit"), {"kind": "kien_nghi", "text": "Đã sửa sau khi gộp", "topic": "giao_thong"})
    r = c.form(f"/meetings/{meeting_id}/items/merge/undo")
    assert r.status_code == 400 and msg.UNMERGE_CHANGED in r.text
    after = rows(web_settings, meeting_id)
    assert after["q1"].text == "Đã sửa sau khi gộp" and after["q3"].review == "merged"


def test_undo_merge_needs_the_review_right(clients, meeting_id):
    assert clients["can_bo"].form(f"/meetings/{meeting_id}/items/merge/undo").status_code == 403


def test_accept_a_hand_added_item_shows_it_accepted(clients, web_settings, meeting_id):
    c = clients["thu_ky"]
    c.form(url(meeting_id, action="add"), {"kind": "cau_hoi", "text": "Hỏi về bảo hiểm y tế", "topic": "y_te_giao_duc"})
    added = rows(web_settings, meeting_id)["tay-1"]
    assert msg.REVIEW_LABELS["added"] in _item_html(c.get(f"/meetings/{meeting_id}/review").text, added.id)
    assert c.form(url(meeting_id, added, "accept")).status_code == 303
    assert rows(web_settings, meeting_id)["tay-1"].review == "accepted"
    card = _item_html(c.get(f"/meetings/{meeting_id}/review").text, added.id)
    assert f'<span class="badge">{msg.REVIEW_LABELS["accepted"]}</span>' in card
    assert msg.REVIEW_LABELS["added"] not in card


def test_unit_list_starts_with_an_empty_choice_and_selects_nothing(clients, meeting_id):
    page = clients["thu_ky"].get(f"/meetings/{meeting_id}/review").text
    selects = re.findall(r'<select name="unit">(.*?)</select>', page, re.DOTALL)
    assert len(selects) == len(ITEMS)
    for options in selects:  # no item has a unit yet
        first = re.match(r'<option value="([^"]*)"', options)
        assert first and first.group(1) == ""
        assert " selected" not in options


def test_demo_officer_is_reached_by_an_item_assigned_from_the_list(clients, web_settings, app, tmp_path):
    # a meeting made today gets the default routing preset (the 2025 units); the demo's meetings too
    sample = demo.MEETING_FILE.read_text(encoding="utf-8")
    config = tmp_path / "new.toml"
    config.write_text(re.sub(r"(?m)^preset = .*$", "", sample), encoding="utf-8")
    default = Meeting.__dataclass_fields__["routing_preset"].default
    assert tomllib.loads(demo._sample_config())["routing"]["preset"] == default
    mid = make_meeting(web_settings, config, items=ITEMS)
    page = clients["thu_ky"].get(f"/meetings/{mid}/review").text
    offered = re.findall(
        r'<option value="([^"]+)"', re.search(r'<select name="unit">(.*?)</select>', page, re.DOTALL).group(1)
    )
    assert demo.OFFICER_UNIT in offered
    q1 = rows(web_settings, mid)["q1"]
    assert clients["thu_ky"].form(url(mid, q1, "assign"), {"unit": demo.OFFICER_UNIT}).status_code == 303
    add_user(web_settings, "canbo", "can_bo", demo.OFFICER_UNIT)
    officer = client_for(app)
    assert officer.login("canbo").status_code == 303
    assert ITEMS[0]["text"] in officer.get("/followup").text
