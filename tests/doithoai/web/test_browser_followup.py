"""Browser end-to-end: the handling officer's follow-up (his unit's items
only, status chain to "đã trả lời", overdue highlighted), the results
report, and the admin's accounts and audit log, in real Chromium against
the real `doithoai serve`. The secretary prepares the meeting first through
the pages (meeting file import, transcript import, assignments)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import docx
import pytest
from browser import browser, page  # noqa: F401  (fixtures)
from liveserver import OFFICER_UNIT, ROOT, live_server, login, shot  # noqa: F401  (fixture)
from playwright.sync_api import Browser, Page, expect

MEETING_FILE = ROOT / "samples" / "binh-thanh.toml"
SPOKEN = ROOT / "bench" / "data" / "spoken" / "binh-thoi-2024.json"
OTHER_UNIT = "Công an xã"
PAST_DEADLINE = "2024-10-05"  # long gone: the item is overdue
RESPONSE = "Đã khảo sát hiện trường, xã bố trí kinh phí sửa tuyến đường trong quý IV."


@dataclass
class Seeded:
    meeting_url: str
    mine: str  # item text assigned to the officer's unit
    mine_id: str
    other: str  # item text assigned to another unit
    other_id: str


def _refer(page: Page, item_id: str, unit: str, deadline: str) -> None:
    # answered at the meeting items are not followed up: this one needs a written answer
    page.locator(f"#{item_id}").get_by_role("button", name="Cần trả lời bằng văn bản").click()
    card = page.locator(f"#{item_id}")
    expect(card.locator(".badge.overdue")).to_have_text("Cần trả lời bằng văn bản")
    assign = card.locator("details", has_text="Phân công bộ phận và thời hạn")
    assign.get_by_text("Phân công bộ phận và thời hạn").click()
    assign.locator("select[name=unit]").select_option(unit)  # a select's accessible name includes its value
    assign.get_by_label("Thời hạn trả lời").fill(deadline)
    assign.get_by_role("button", name="Phân công").click()
    expect(page.locator(f"#{item_id}")).to_contain_text(f"Bộ phận: {unit}")


@pytest.fixture(scope="module")
def seeded(browser: Browser, live_server) -> Seeded:  # noqa: F811
    """The secretary imports the sample meeting file and a spoken transcript,
    then assigns one item to the officer's unit (past deadline) and one to another unit."""
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        login(page, live_server, "thuky")
        page.goto(live_server.url + "/meetings")
        page.get_by_label("Tệp hội nghị").set_input_files(MEETING_FILE)
        page.get_by_role("button", name="Tải lên và tạo hội nghị").click()
        expect(page.locator("main > p.flash.ok")).to_contain_text("Đã tạo hội nghị")
        meeting_url = page.url.split("?")[0]
        page.get_by_label("Tệp bản ghi JSON").set_input_files(SPOKEN)
        page.get_by_role("button", name="Nhập tệp JSON").click()
        expect(page.locator("main > p.flash.ok")).to_contain_text("Đã nhập bản ghi")
        page.get_by_role("link", name="Rà soát ý kiến").click()
        cards = page.locator("article.card")
        expect(cards.first).to_be_visible()
        assert cards.count() >= 2
        ids = [cards.nth(i).get_attribute("id") for i in range(2)]
        _refer(page, ids[0], OFFICER_UNIT, PAST_DEADLINE)
        _refer(page, ids[1], OTHER_UNIT, "2099-12-31")
        texts = [page.locator(f"#{i} > p").nth(1).inner_text() for i in ids]
        # the summary line comes first when there is one; keep the line the follow-up list shows
        shown = [
            page.locator(f"#{i} p strong").nth(1).inner_text() if page.locator(f"#{i} p strong").count() > 1 else t
            for i, t in zip(ids, texts)
        ]
        return Seeded(meeting_url, shown[0], ids[0], shown[1], ids[1])
    finally:
        context.close()


def test_officer_follows_up_his_units_items(page: Page, live_server, seeded: Seeded) -> None:
    login(page, live_server, "canbo")
    page.get_by_role("navigation").get_by_role("link", name="Theo dõi kiến nghị").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(OFFICER_UNIT)
    mine = page.locator(f"tr#{seeded.mine_id}")
    expect(mine).to_be_visible()
    expect(mine).to_contain_text(seeded.mine)
    expect(page.locator(f"tr#{seeded.other_id}")).to_have_count(0)  # another unit's item is not shown
    expect(page.get_by_text(seeded.other)).to_have_count(0)
    # overdue: red row and a badge with the days late
    expect(mine).to_have_class(re.compile(r"\boverdue\b"))
    expect(mine.locator(".badge.overdue")).to_contain_text("quá hạn")
    expect(mine).to_contain_text("05/10/2024")
    shot(page, "20-theo-doi-can-bo")

    # đang xử lý
    mine.get_by_text("Cập nhật").click()
    mine.locator("select[name=status]").select_option(label="Đang xử lý")
    mine.get_by_role("button", name="Lưu").click()
    mine = page.locator(f"tr#{seeded.mine_id}")
    expect(mine.locator(".badge.status-dang_xu_ly")).to_have_text("Đang xử lý")

    # "đã trả lời" needs the answer: refused without it, accepted with it
    mine.get_by_text("Cập nhật").click()
    mine.locator("select[name=status]").select_option(label="Đã trả lời")
    mine.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.goto(live_server.url + "/followup")
    mine = page.locator(f"tr#{seeded.mine_id}")
    expect(mine.locator(".badge.status-dang_xu_ly")).to_be_visible()
    mine.get_by_text("Cập nhật").click()
    mine.locator("select[name=status]").select_option(label="Đã trả lời")
    mine.get_by_label("Nội dung trả lời / kết quả giải quyết").fill(RESPONSE)
    shot(page, "21-theo-doi-tra-loi")
    mine.get_by_role("button", name="Lưu").click()
    expect(page.locator("main > p.flash.ok")).to_be_visible()
    # answered items leave the default (open) list; "Tất cả" shows it with the answer
    expect(page.locator(f"tr#{seeded.mine_id}")).to_have_count(0)
    page.get_by_label("Trạng thái").select_option("tat_ca")
    page.get_by_role("button", name="Lọc").click()
    done = page.locator(f"tr#{seeded.mine_id}")
    expect(done).to_contain_text(RESPONSE)
    expect(done.locator(".badge.status-da_tra_loi")).to_have_text("Đã trả lời")
    expect(done).not_to_have_class(re.compile(r"\boverdue\b"))
    shot(page, "22-theo-doi-da-tra-loi")

    # the printable list of the unit
    page.goto(live_server.url + "/followup")
    page.get_by_role("link", name=OFFICER_UNIT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Danh sách ý kiến giao {OFFICER_UNIT}")
    page.get_by_label("Gồm cả ý kiến đã trả lời").check()
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(f"tr#{seeded.mine_id}")).to_contain_text(RESPONSE)


def test_results_report_and_admin_audit(page: Page, live_server, seeded: Seeded) -> None:
    # the results report for the higher level, from the follow-up page (secretary)
    login(page, live_server, "thuky")
    page.goto(live_server.url + "/followup")
    report = page.get_by_role("heading", name="Báo cáo kết quả gửi cấp trên")
    expect(report).to_be_visible()
    with page.expect_download() as info:
        page.locator("section", has=report).get_by_role("link").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(download.path().read_bytes()))
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "BÁO CÁO" in text.upper() and OFFICER_UNIT in text
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    # admin: create an account, then read the audit log
    login(page, live_server, "quantri")
    page.get_by_role("navigation").get_by_role("link", name="Tài khoản").click()
    add = page.locator("section", has=page.get_by_role("heading", name="Thêm tài khoản"))
    add.get_by_label("Tên đăng nhập").fill("canbo-vhxh")
    add.get_by_label("Họ tên").fill("Võ Thị Lan")
    add.get_by_label("Vai trò").select_option(label="Cán bộ xử lý")
    add.get_by_label("Đơn vị (với cán bộ xử lý)").select_option(label="Văn hóa – Xã hội")
    add.get_by_label("Mật khẩu (ít nhất 10 ký tự, quản trị 12)").fill("mat-khau-moi-123")
    shot(page, "30-quan-tri-tai-khoan")
    add.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("main > p.flash.ok")).to_be_visible()
    expect(page.get_by_role("cell", name="canbo-vhxh")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Nhật ký").click()
    page.get_by_label("Loại").select_option("item")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table.audit tbody tr")
    # the secretary's assignment of the officer's item: status and deadline, before → after
    item_no = seeded.mine_id.removeprefix("item-")
    shown_deadline = dt.date.fromisoformat(PAST_DEADLINE).strftime("%d/%m/%Y")
    assigned = rows.filter(has_text=f"Ý kiến #{item_no}").filter(has_text="thuky").filter(has_text=shown_deadline)
    expect(assigned.first).to_be_visible()
    expect(assigned.first.locator("td").nth(4)).to_contain_text("trạng thái: Mới")
    expect(assigned.first.locator("td").nth(5)).to_contain_text("trạng thái: Đã phân công")
    expect(assigned.first.locator("td").nth(5)).to_contain_text(f"hạn trả lời: {shown_deadline}")
    shot(page, "31-quan-tri-nhat-ky")
    page.get_by_label("Loại").select_option("user")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.audit tbody tr").filter(has_text="canbo-vhxh").first).to_be_visible()
