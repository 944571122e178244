"""Browser: every role's main pages at phone width (390×844) in real
Chromium against the real `doithoai serve` — nothing wider than the screen
(`document.documentElement.scrollWidth <= 390`), the key buttons in reach —
plus the review page's confirmation on the changed item below the sticky
player and the radio page's "đang tạo âm thanh" state. Screenshots
phone-*.png go to the screenshots folder (liveserver.shot)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import browser, page  # noqa: F401  (fixtures)
from liveserver import OFFICER_UNIT, live_server, login, shot  # noqa: F401  (fixture)
from playwright.sync_api import Page, expect
from webbuild import make_meeting

from doithoai.services import audit
from doithoai.settings import load_settings
from doithoai.store.db import session_scope
from doithoai.store.tables import NoticeRow

PHONE = {"width": 390, "height": 844}
LONG_LINK = "https://ubnd-xa-binh-thanh.gov.vn/thong-bao/duong-lien-thon-phuoc-hoa-bi-sat-lo-can-sua-chua-gap"
SEGMENTS = [
    (
        i * 12.0,
        i * 12.0 + 10.0,
        f"SPEAKER_0{i % 3}",
        f"Đoạn {i}: bà con thôn Phước Hòa phản ánh đường liên thôn bị sạt lở, đề nghị xã sớm sửa chữa "
        f"trước mùa mưa bão để các cháu đi học an toàn. {LONG_LINK if i == 2 else ''}",
    )
    for i in range(8)
]
ITEMS = [
    {
        "text": f"Đề nghị xã sửa đường liên thôn bị sạt lở, xem {LONG_LINK}",
        "kind": "kien_nghi",
        "topic": "giao_thong",
        "asker": "Nguyễn Văn Ba",
        "hamlet": "Phước Hòa",
        "start": 12.0,
        "end": 22.0,
        "unit": OFFICER_UNIT,
        "status": "da_phan_cong",
        "deadline": "2024-10-05",
        "evidence": ["đề nghị"],
    },
    {
        "text": "Khi nào cấp giấy chứng nhận quyền sử dụng đất cho hộ tôi ở thôn Phước Hòa?",
        "kind": "cau_hoi",
        "topic": "dat_dai",
        "start": 24.0,
        "end": 34.0,
        "unit": OFFICER_UNIT,
        "status": "dang_xu_ly",
        "deadline": "2099-12-31",
    },
    {
        "text": "Kiến nghị lắp đèn đường khu chợ mới.",
        "kind": "kien_nghi",
        "topic": "dien_nuoc",
        "start": 36.0,
        "end": 46.0,
    },
    {
        "text": "Phản ánh chó thả rông ở xóm dưới.",
        "kind": "phan_anh",
        "topic": "an_ninh_trat_tu",
        "start": 48.0,
        "end": 58.0,
    },
]
# The measured document widths, printed at the end of the module (pytest -s) for the report.
WIDTHS: dict[str, int] = {}

# The elements sticking out to the right, to name the culprit when a page is too wide.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
  (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
  ' ' + Math.round(el.getBoundingClientRect().right) + 'px')"""


@pytest.fixture(scope="module")
def seeded(live_server) -> int:  # noqa: F811
    """A meeting with a long transcript and items (two for the officer's unit),
    a notice in the radio history, audit entries with long values."""
    settings = load_settings(live_server.data_dir, env={})
    mid = make_meeting(
        settings,
        segments=SEGMENTS,
        items=ITEMS,
        speakers={"SPEAKER_00": "Ông Nguyễn Văn Ba", "SPEAKER_01": "Chủ tịch UBND xã"},
    )
    with session_scope(settings.database_url) as db:
        db.add(
            NoticeRow(
                title="Thông báo hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Phước Hòa",
                event="",
                script="Xin thông báo.",
                mp3_path="notices/1/thong-bao.mp3",
                duration=95.0,
                loudness=-16.0,
                engine="espeak-ng",
                plan=None,
                warnings=[],
                created_at=dt.datetime(2024, 9, 10, 2, 0),
            )
        )
        audit.record(
            db,
            None,
            "item",
            1,
            "edit",
            {"text": ITEMS[0]["text"]},
            {"text": ITEMS[0]["text"] + " (đã sửa)"},
            meeting_id=mid,
        )
    return mid


def fits(page: Page, name: str) -> int:  # noqa: F811
    """The page is no wider than the phone; screenshot phone-<name>.png."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    WIDTHS[name] = width
    shot(page, f"phone-{name}")
    assert width <= PHONE["width"], f"{name}: {width}px wide, sticking out: {page.evaluate(OVERFLOWING)}"
    return width


def in_reach(page: Page, locator) -> None:  # noqa: F811
    """Visible, and inside the screen once scrolled to (not cut off at the right)."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def phone(page: Page, server, username: str) -> None:  # noqa: F811
    login(page, server, username)
    page.set_viewport_size(PHONE)


def test_secretary_pages_fit_a_phone(page: Page, live_server, seeded):  # noqa: F811
    phone(page, live_server, "thuky")
    base = live_server.url
    for name, path in (
        ("thu-ky-trang-chu", "/"),
        ("thu-ky-hoi-nghi", "/meetings"),
        ("thu-ky-mot-hoi-nghi", f"/meetings/{seeded}"),
        ("thu-ky-ra-soat", f"/meetings/{seeded}/review"),
        ("thu-ky-ban-ghi", f"/meetings/{seeded}/transcript"),
        ("thu-ky-theo-doi", "/followup"),
    ):
        page.goto(base + path)
        fits(page, name)
    page.goto(f"{base}/meetings/{seeded}/transcript")
    # transcript rows stack: the text gets the screen's width, not ~70 px beside the time and speaker
    text_widths = page.evaluate("""() => [...document.querySelectorAll('.segment')].map((row) =>
        Math.max(...[...row.children].map((c) => c.getBoundingClientRect().width)))""")
    assert text_widths and min(text_widths) > 300, text_widths
    page.goto(f"{base}/meetings/{seeded}/review")
    card = page.locator("article.card").first
    in_reach(page, card.get_by_role("button", name="✔ Duyệt"))
    in_reach(page, card.get_by_text("Phân công bộ phận và thời hạn"))


def test_officer_updates_an_item_on_a_phone(page: Page, live_server, seeded):  # noqa: F811
    phone(page, live_server, "canbo")
    page.goto(live_server.url + "/followup")
    fits(page, "can-bo-theo-doi")
    row = page.locator("table.followup tbody tr").first
    update = row.get_by_text("Cập nhật", exact=True)
    in_reach(page, update)
    update.click()
    row.locator("select[name=status]").select_option(label="Đang xử lý")
    save = row.get_by_role("button", name="Lưu")
    in_reach(page, save)
    fits(page, "can-bo-cap-nhat")
    save.click()
    expect(page.locator("p.flash.ok")).to_be_visible()
    fits(page, "can-bo-da-cap-nhat")


def test_radio_pages_fit_and_the_render_shows_its_progress(page: Page, live_server, seeded):  # noqa: F811
    phone(page, live_server, "truyenthanh")
    page.goto(live_server.url + "/broadcast")
    fits(page, "truyen-thanh")
    page.get_by_role("button", name="Xem trước kịch bản").click()
    expect(page.locator("#preview")).to_be_visible()
    fits(page, "truyen-thanh-xem-truoc")
    force = page.get_by_label(re.compile("Vẫn phát"))
    if force.count():
        force.check()
    # the form is submitted as usual (app.js reacts to the submit event), but the
    # browser does not leave the page: its waiting state stays on screen
    page.evaluate("window.addEventListener('submit', (ev) => ev.preventDefault())")
    progress = page.locator("#render-progress")
    expect(progress).to_be_hidden()
    button = page.get_by_role("button", name="Tạo bản âm thanh (MP3)")
    in_reach(page, button)
    button.click()
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Đang tạo âm thanh")
    expect(progress.locator("[data-elapsed]")).to_have_text(re.compile(r"^[1-9]\d*$"), timeout=5000)
    expect(button).to_be_disabled()
    fits(page, "truyen-thanh-dang-tao")
    page.goto(live_server.url + "/broadcast/1")
    fits(page, "truyen-thanh-thong-bao")


def test_admin_pages_fit_a_phone(page: Page, live_server, seeded):  # noqa: F811
    phone(page, live_server, "quantri")
    for name, path in (
        ("quan-tri-tai-khoan", "/admin/users"),
        ("quan-tri-nhat-ky", "/admin/audit"),
        ("quan-tri-mo-hinh", "/admin/models"),
    ):
        page.goto(live_server.url + path)
        fits(page, name)
    page.goto(live_server.url + "/admin/users")
    row = page.locator("table.grid tbody tr").first
    in_reach(page, row.get_by_role("button", name="Lưu"))
    in_reach(page, row.get_by_role("button", name="Đặt"))


def test_review_confirmation_sits_on_the_item_below_the_player(page: Page, live_server, seeded):  # noqa: F811
    login(page, live_server, "thuky")  # a desktop screen: the page is long, the player sticks at the top
    page.goto(f"{live_server.url}/meetings/{seeded}/review")
    cards = page.locator("article.card")
    item_id = cards.nth(3).get_attribute("id")
    page.locator(f"#{item_id}").get_by_role("button", name="✔ Duyệt").click()
    expect(page.locator(f"#{item_id} .flash.ok")).to_contain_text("Đã duyệt ý kiến")
    expect(page.locator("main > .flash.ok")).to_have_count(0)
    page.wait_for_function("() => window.scrollY > 0")
    player_bottom = page.evaluate("document.querySelector('.sticky').getBoundingClientRect().bottom")
    card_top = page.evaluate(f"document.getElementById('{item_id}').getBoundingClientRect().top")
    assert player_bottom <= card_top < 800 / 2, (player_bottom, card_top)
    shot(page, "ra-soat-xac-nhan-tai-y-kien", full_page=False)


@pytest.mark.slow  # reads what the browser tests above measured
def test_zz_report_widths():
    """Print the widths measured above (run with -s to see them)."""
    print("\nscrollWidth at 390 px:", ", ".join(f"{k}={v}" for k, v in WIDTHS.items()))
    assert WIDTHS
