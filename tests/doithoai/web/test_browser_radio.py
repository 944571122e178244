"""Browser end-to-end: the radio operator's notice (form → script preview →
lead-time check → espeak-ng render → player → MP3 download) and the
refusals a browser sees (403 page in Vietnamese, anonymous sent to log in),
in real Chromium against the real `doithoai serve`."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import browser, page  # noqa: F401  (fixtures)
from liveserver import live_server, login, shot  # noqa: F401  (fixture)
from playwright.sync_api import Page, expect

TITLE = "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân thôn Thanh Thủy"
RENDER_TIMEOUT_MS = 120_000  # espeak-ng + ffmpeg on a busy 2-core machine


@pytest.mark.timeout(300)  # with the module's server and browser start-up
def test_radio_operator_renders_and_downloads_a_notice(page: Page, live_server) -> None:
    login(page, live_server, "truyenthanh")
    page.get_by_role("navigation").get_by_role("link", name="Truyền thanh").click()
    expect(page.get_by_role("heading", name="Thông báo truyền thanh", level=1)).to_be_visible()

    # an event only three days ahead, with seven days of notice required: the check must speak up
    event_day = dt.date.today() + dt.timedelta(days=3)
    page.get_by_label("Thông báo sự kiện").check()
    page.get_by_label("Tên sự kiện").fill(TITLE)
    page.get_by_label("Ngày tổ chức").fill(event_day.isoformat())
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Giờ kết thúc").fill("10:30")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Thanh Thủy")
    page.get_by_label("Thôn được mời").fill("Thanh Thủy")
    page.get_by_label("Số ngày phải thông báo trước").fill("7")
    page.get_by_label("Giờ phát trong ngày").fill("06:00, 17:00")
    page.get_by_label("Bộ đọc").select_option("espeak-ng")
    page.get_by_label("Số lần đọc").fill("1")
    shot(page, "10-truyen-thanh-mau")
    page.get_by_role("button", name="Xem trước kịch bản").click()

    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    script = page.get_by_label("Kịch bản")
    expect(script).to_contain_text("Thanh Thủy")
    expect(preview.get_by_role("heading", name=re.compile("Lịch phát"))).to_be_visible()
    check = preview.get_by_role("alert")
    expect(check).to_contain_text("Lịch phát chưa đủ thời hạn thông báo trước")
    shot(page, "11-truyen-thanh-xem-truoc")

    # edit the script, then accept the short notice explicitly
    script.fill(script.input_value().replace("Thanh Thủy", "Thanh Thủy và bà con các thôn lân cận", 1))
    check.get_by_label(re.compile("Vẫn phát")).check()
    # the click waits for the page rendering the MP3: a generous timeout, no sleep
    page.get_by_role("button", name="Tạo bản âm thanh (MP3)").click(timeout=RENDER_TIMEOUT_MS)

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE, timeout=RENDER_TIMEOUT_MS)
    expect(page.locator("pre.script").first).to_contain_text("bà con các thôn lân cận")
    page.wait_for_function(
        "() => { const p = document.getElementById('player'); return p && p.readyState >= 1 && p.duration > 5; }",
        timeout=30_000,
    )
    shot(page, "12-truyen-thanh-da-tao")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp MP3").click()
    download = info.value
    assert download.suggested_filename.endswith(".mp3")
    head = download.path().read_bytes()[:3]
    assert head == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"), head

    # the history lists it
    page.get_by_role("link", name="← Thông báo truyền thanh").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_wrong_role_sees_the_403_page_in_vietnamese(page: Page, live_server) -> None:
    login(page, live_server, "truyenthanh")
    expect(page.get_by_role("navigation").get_by_role("link", name="Hội nghị")).to_have_count(0)
    response = page.goto(live_server.url + "/meetings")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text("Tài khoản của bạn không có quyền thực hiện việc này.")
    shot(page, "40-khong-co-quyen")


def test_anonymous_is_sent_to_the_login_page(page: Page, live_server) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/followup")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.get_by_role("link", name="Theo dõi kiến nghị")).to_have_count(0)
    # a wrong password is refused with a message, and no session is opened
    page.get_by_label("Tên đăng nhập").fill("truyenthanh")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
