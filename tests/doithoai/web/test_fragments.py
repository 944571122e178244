"""The shared cache of the review and follow-up pages never serves stale data
or another user's token: every change shows at once to everyone, and a cán bộ
never gets a list cached for someone who sees more."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import update
from webbuild import make_meeting

from doithoai.store.db import session_scope
from doithoai.store.tables import ItemRow
from doithoai.web.fragments import CACHE, CSRF_SLOT, Cache

ITEMS = [
    {
        "text": "Đường liên thôn Phước Hòa hư hỏng nặng, đề nghị xã sửa",
        "summary": "Sửa đường liên thôn",
        "unit": "Công an xã",
        "status": "da_phan_cong",
        "deadline": "2030-01-10",
    },
    {
        "text": "Kênh mương nội đồng bị bồi lấp, xin nạo vét trước mùa mưa",
        "summary": "Nạo vét kênh mương",
        "unit": "Văn hóa – Xã hội",
        "status": "da_phan_cong",
        "deadline": "2030-01-10",
    },
]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_cache_is_lru_and_computes_once():
    cache, calls = Cache(size=2), []
    make = lambda v: lambda: calls.append(v) or v  # noqa: E731
    assert cache.get("a", make(1)) == 1 and cache.get("a", make(99)) == 1
    cache.get("b", make(2))
    cache.get("c", make(3))  # evicts "a", the least recently used
    assert cache.get("a", make(4)) == 4 and calls == [1, 2, 3, 4]


def test_review_list_is_shared_but_each_user_gets_his_own_token(clients, web_settings):
    mid = make_meeting(web_settings, items=ITEMS)
    CACHE.clear()
    pages = {role: clients[role].get(f"/meetings/{mid}/review").text for role in ("thu_ky", "admin")}
    assert CACHE.hits >= 1  # the second reviewer got the list rendered for the first
    for role, html in pages.items():
        tokens = set(TOKEN.findall(html))
        assert tokens == {clients[role].csrf} and CSRF_SLOT not in html
    assert clients["thu_ky"].csrf != clients["admin"].csrf


def test_a_change_shows_at_once_to_the_other_reviewers(clients, web_settings):
    mid = make_meeting(web_settings, items=ITEMS)
    other = clients["admin"]
    before = other.get(f"/meetings/{mid}/review").text
    with session_scope(web_settings.database_url) as db:
        first = db.query(ItemRow).filter_by(meeting_id=mid, key="q1").one().id
    r = clients["thu_ky"].form(
        f"/meetings/{mid}/items/{first}/edit",
        {
            "kind": "kien_nghi",
            "text": "Đường liên thôn đã xuống cấp nghiêm trọng",
            "summary": "Nâng cấp đường liên thôn",
            "topic": "giao_thong",
        },
    )
    assert r.status_code == 303
    after = other.get(f"/meetings/{mid}/review").text
    assert "Nâng cấp đường liên thôn" in after and "Nâng cấp đường liên thôn" not in before
    # a change made outside the web app (a worker, another server) shows too
    with session_scope(web_settings.database_url) as db:
        db.execute(update(ItemRow).where(ItemRow.id == first).values(summary="Đổ bê tông đường liên thôn"))
    assert "Đổ bê tông đường liên thôn" in other.get(f"/meetings/{mid}/review").text


def test_followup_list_is_cached_per_unit_and_refreshed_on_change(clients, web_settings):
    mid = make_meeting(web_settings, items=ITEMS)
    admin, officer = clients["admin"], clients["can_bo"]  # the officer is in "Công an xã"
    everything = admin.get("/followup").text
    assert "Sửa đường liên thôn" in everything and "Nạo vét kênh mương" in everything
    mine = officer.get("/followup").text
    assert "Sửa đường liên thôn" in mine and "Nạo vét kênh mương" not in mine
    overdue = re.compile(r"quá hạn \d+ ngày")
    assert not overdue.search(mine)
    with session_scope(web_settings.database_url) as db:
        db.execute(
            update(ItemRow).where(ItemRow.meeting_id == mid, ItemRow.key == "q1").values(deadline=dt.date(2020, 1, 1))
        )
    assert overdue.search(officer.get("/followup").text)


def test_home_counts_are_the_follow_up_counts_of_the_users_view(clients, web_settings):
    make_meeting(web_settings, items=ITEMS)  # one item for the officer's unit, one for another
    officer = clients["can_bo"].get("/").text
    secretary = clients["thu_ky"].get("/").text
    counts = re.compile(r"Đã phân công: <b>(\d+)</b>")
    assert counts.search(officer).group(1) == "1" and counts.search(secretary).group(1) == "2"
