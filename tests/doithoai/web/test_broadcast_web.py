"""The broadcast page through the ASGI client: real SQLite, real espeak-ng and
ffmpeg (engine espeak-ng, no network)."""

from __future__ import annotations

import html
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from broadcast.event import event_from_dict
from doithoai.services import notice_form, notices
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, NoticeRow

# A short notice keeps espeak-ng + mastering to a few seconds.
FORM = {
    "mode": "event",
    "station": "Đài truyền thanh xã Bình Thanh",
    "organiser": "Ủy ban nhân dân xã Bình Thanh",
    "title": "Hội nghị đối thoại với Nhân dân thôn Phước Hòa",
    "date": "2024-09-20",
    "start": "08:00",
    "end": "10:30",
    "venue": "Hội trường UBND xã Bình Thanh",
    "audience": "Phước Hòa",
    "content": "Thủ tục hành chính",
    "contact": "Văn phòng UBND xã",
    "lead_days": "3",
    "plan_kind": "days_before",
    "days_before": "4",
    "slots": "06:00, 17:00",
    "engine": "espeak-ng",
    "repeat": "1",
    "speed": "1.0",
}
PREVIEWED = re.compile(r'name="previewed" value="([0-9a-f]+)"')
SCRIPT = re.compile(r'<textarea name="script"[^>]*>(.*?)</textarea>', re.DOTALL)


def preview(client, **changes):
    return client.form("/broadcast/preview", {**FORM, **changes})


def script_and_digest(page: str) -> tuple[str, str]:
    return html.unescape(SCRIPT.search(page).group(1)), PREVIEWED.search(page).group(1)


def notice_rows(settings) -> list[NoticeRow]:
    with session_scope(settings.database_url) as db:
        rows = list(db.scalars(select(NoticeRow)))
        db.expunge_all()
        return rows


def notice_files(settings) -> list[Path]:
    return [p for p in settings.notices_dir.rglob("*") if p.is_file()]


def probe_seconds(path: Path) -> float:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=codec_name",
            "-of",
            "default=nw=1",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "codec_name=mp3" in out
    return float(re.search(r"duration=([\d.]+)", out).group(1))


def test_form_prefilled_from_sample_and_history_empty(clients):
    r = clients["truyen_thanh"].get("/broadcast")
    assert r.status_code == 200
    assert 'value="Hội trường UBND xã Bình Thanh"' in r.text  # the sample event
    assert "Chưa có thông báo nào" in r.text
    assert "piper" not in re.search(r'<select name="engine">.*?</select>', r.text, re.DOTALL).group(0)


def test_preview_shows_script_spoken_text_and_schedule(clients, web_settings):
    r = preview(clients["truyen_thanh"])
    assert r.status_code == 200
    script, _ = script_and_digest(r.text)
    assert "[Nội dung]" in script and "thôn Phước Hòa" in script
    assert "8 giờ 00 phút, thứ Sáu, ngày 20 tháng 9 năm 2024" in script
    spoken = html.unescape(re.search(r'<div class="spoken">(.*?)</div>', r.text, re.DOTALL).group(1))
    assert "vào lúc tám giờ, thứ Sáu, ngày hai mươi tháng chín năm hai nghìn không trăm hai mươi bốn" in spoken
    assert "tại Hội trường Ủy ban nhân dân xã Bình Thanh" in spoken  # abbreviations written out
    for slot in ("06:00 thứ Hai 16/09/2024", "17:00 thứ Năm 19/09/2024"):
        assert slot in r.text
    assert "trước 4 ngày" in r.text and 'lead-check"' not in r.text and 'name="force"' not in r.text
    assert notice_rows(web_settings) == [] and notice_files(web_settings) == []


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"date": "31/02/2024"}, "Ngày tổ chức"),
        ({"title": ""}, "Tên sự kiện"),
        ({"repeat": "nhiều"}, "Số lần đọc"),
        ({"mode": "free", "free_text": "   "}, "trống"),
    ],
)
def test_bad_input_is_400_with_message_and_values_kept(clients, web_settings, changes, words):
    r = preview(clients["truyen_thanh"], **changes)
    assert r.status_code == 400
    error = re.search(r'class="flash error" role="alert">(.*?)</p>', r.text, re.DOTALL).group(1)
    assert words in html.unescape(error)
    assert 'value="Hội trường UBND xã Bình Thanh"' in r.text  # the form is kept
    assert notice_rows(web_settings) == []


@pytest.mark.slow
def test_lead_time_violation_needs_force_then_renders(clients, web_settings):
    radio = clients["truyen_thanh"]
    r = preview(radio, lead_days="7")
    assert r.status_code == 200
    assert 'lead-check" role="alert"' in r.text and 'name="force"' in r.text
    assert "chỉ trước ngày tổ chức (08:00 thứ Sáu 20/09/2024) 4 ngày, ít hơn 7 ngày" in r.text
    script, digest = script_and_digest(r.text)

    refused = radio.form("/broadcast/render", {**FORM, "lead_days": "7", "script": script, "previewed": digest})
    assert refused.status_code == 409
    assert "Vẫn phát (bỏ qua kiểm tra)" in refused.text
    assert notice_rows(web_settings) == [] and notice_files(web_settings) == []

    r = radio.form("/broadcast/render", {**FORM, "lead_days": "7", "script": script, "previewed": digest, "force": "1"})
    assert r.status_code == 303
    [notice] = notice_rows(web_settings)
    assert r.headers["location"].startswith(f"/broadcast/{notice.id}?ok=")
    # the person's full name in the warning, not the user name
    assert any("Người dùng truyen-thanh đã chọn vẫn phát (bỏ qua kiểm tra)" in w for w in notice.warnings)
    assert probe_seconds(web_settings.data_dir / notice.mp3_path) > 5
    with session_scope(web_settings.database_url) as db:
        [entry] = db.scalars(select(AuditRow).where(AuditRow.entity == "notice"))
        assert (entry.entity_id, entry.action, entry.username) == (notice.id, "create", "truyen-thanh")
        assert entry.after["force"] is True and entry.after["title"] == FORM["title"]


@pytest.mark.slow
def test_edited_script_is_rendered_played_and_listed(clients, web_settings):
    radio = clients["truyen_thanh"]
    script, digest = script_and_digest(preview(radio).text)
    edited = script.replace("thủ tục hành chính", "sửa chữa cầu Bến Đò ngày 5/10")
    assert edited != script
    r = radio.form("/broadcast/render", {**FORM, "script": edited, "previewed": digest})
    assert r.status_code == 303, r.text
    [notice] = notice_rows(web_settings)
    assert "cầu Bến Đò" in notice.script and "thủ tục hành chính" not in notice.script
    assert notice.engine == "espeak-ng" and not any("--force" in w for w in notice.warnings)
    mp3 = web_settings.data_dir / notice.mp3_path
    assert mp3.parent == web_settings.notices_dir / str(notice.id)
    assert abs(probe_seconds(mp3) - notice.duration) < 0.5 and notice.duration > 5
    assert abs(notice.loudness + 16.0) < 0.5
    spoken = (mp3.parent / notices.SPOKEN_NAME).read_text(encoding="utf-8")
    assert "cầu Bến Đò ngày năm tháng mười" in spoken.replace(",", "")
    assert not list(web_settings.notices_dir.glob(".render-*"))

    page = radio.get(r.headers["location"])
    assert page.status_code == 200
    assert f'<audio id="player" controls preload="metadata" src="/broadcast/{notice.id}.mp3">' in page.text
    assert "06:00 thứ Hai 16/09/2024" in page.text and "Độ to chuẩn (LUFS)" in page.text

    history = radio.get("/broadcast")
    assert f'href="/broadcast/{notice.id}"' in history.text and FORM["title"] in history.text
    assert 'value="Hội trường UBND xã Bình Thanh"' in history.text  # the form is prefilled from this notice

    audio = radio.get(f"/broadcast/{notice.id}.mp3?download=1")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    assert audio.content == mp3.read_bytes() and audio.content[:3] == b"ID3"
    assert "attachment" in audio.headers["content-disposition"]
    ics = radio.get(f"/broadcast/{notice.id}.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") == 8 and "DTSTART;TZID=Asia/Ho_Chi_Minh:20240916T060000" in ics.text

    admin = clients["admin"]
    assert admin.get(f"/broadcast/{notice.id}.mp3").status_code == 200
    for role in ("thu_ky", "can_bo"):
        assert clients[role].get(f"/broadcast/{notice.id}.mp3").status_code == 403
        assert clients[role].get(f"/broadcast/{notice.id}").status_code == 403


def test_changed_event_after_preview_is_refused(clients, web_settings):
    radio = clients["truyen_thanh"]
    script, digest = script_and_digest(preview(radio).text)
    r = radio.form("/broadcast/render", {**FORM, "venue": "Nhà văn hóa thôn", "script": script, "previewed": digest})
    assert r.status_code == 409 and "đã thay đổi sau lần xem trước" in r.text
    assert notice_rows(web_settings) == [] and notice_files(web_settings) == []
    r = radio.form("/broadcast/render", {**FORM, "script": script})
    assert r.status_code == 400 and notice_rows(web_settings) == []


def test_a_refused_render_says_why_once(clients, web_settings):
    radio = clients["truyen_thanh"]
    script, digest = script_and_digest(preview(radio, lead_days="7").text)
    refused = radio.form("/broadcast/render", {**FORM, "lead_days": "7", "script": script, "previewed": digest})
    assert refused.status_code == 409
    text = html.unescape(refused.text)
    assert text.count('role="alert"') == 1 and text.count("Chưa tạo bản âm thanh") == 1
    assert "Vẫn phát (bỏ qua kiểm tra)" in text
    changed = radio.form(
        "/broadcast/render", {**FORM, "venue": "Nhà văn hóa thôn", "script": script, "previewed": digest}
    )
    assert html.unescape(changed.text).count("đã thay đổi sau lần xem trước") == 1


def test_voices_are_explained_and_the_render_shows_progress(clients):
    page = html.unescape(clients["truyen_thanh"].get("/broadcast").text)
    assert "Giọng đọc máy có sẵn (espeak-ng, không cần mạng" in page
    page = html.unescape(preview(clients["truyen_thanh"]).text)
    button = re.search(r'<button[^>]*formaction="/broadcast/render#preview"[^>]*>', page).group(0)
    box = re.search(r'<p id="render-progress"[^>]*>.*?</p>', page, re.DOTALL).group(0)
    assert 'data-progress="render-progress"' in button
    assert " hidden" in box and "data-elapsed" in box and "Đang tạo âm thanh" in box


def test_free_text_notice(clients, web_settings):
    radio = clients["truyen_thanh"]
    text = "Ngày 25/10, điện lực cắt điện từ 7h00 đến 11h30 để sửa chữa đường dây."
    r = preview(radio, mode="free", free_text=text, plan_kind="dates", dates="24/10/2024", slots="17:00")
    assert r.status_code == 200
    script, digest = script_and_digest(r.text)
    assert "cắt điện từ 7h00 đến 11h30" in script and "Hội nghị" not in script
    assert "17:00 thứ Năm 24/10/2024" in r.text
    r = radio.form(
        "/broadcast/render",
        {
            **FORM,
            "mode": "free",
            "free_text": text,
            "plan_kind": "dates",
            "dates": "24/10/2024",
            "slots": "17:00",
            "script": script,
            "previewed": digest,
        },
    )
    assert r.status_code == 303, r.text
    [notice] = notice_rows(web_settings)
    assert "[event]" not in notice.event and notice.plan["mode"] == "free"
    again = radio.get("/broadcast")  # prefilled from the last notice: free text
    assert "cắt điện từ 7h00" in html.unescape(again.text) and 'value="free" checked' in again.text


def test_roles_and_anonymous_refused(clients, anon, web_settings):
    for role in ("thu_ky", "can_bo"):
        c = clients[role]
        assert c.get("/broadcast").status_code == 403
        assert c.form("/broadcast/preview", FORM).status_code == 403
        assert c.form("/broadcast/render", {**FORM, "script": "x", "previewed": "x"}).status_code == 403
        assert c.get("/broadcast/1.ics").status_code == 403
    r = anon.get("/broadcast", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    for path in ("/broadcast/preview", "/broadcast/render"):  # a form page: to the login page (issue 13)
        r = anon.post(path, data=FORM, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
    assert anon.get("/broadcast/1.mp3", headers={"accept": "audio/mpeg"}).status_code == 401
    assert clients["truyen_thanh"].get("/broadcast/999").status_code == 404
    assert clients["truyen_thanh"].get("/broadcast/999.mp3").status_code == 404
    assert notice_rows(web_settings) == []


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"mode": "free", "free_text": "Sáng mai phun thuốc muỗi."},
        {"plan_kind": "dates", "dates": "16/09/2024, 18/09/2024", "repeat": "2"},
    ],
)
def test_the_stored_event_file_is_the_event_the_form_made(web_settings, changes):
    """The form becomes the typed event directly (no file read back); the TOML
    text kept with the notice must still read as that same event."""
    form = notice_form.EventForm.from_mapping({**FORM, **changes})
    made = notice_form.form_event(form, web_settings)
    assert event_from_dict(tomllib.loads(made.toml)) == made.event
    assert made.event.station.name == FORM["station"]
    assert (made.event.event is None) == (changes.get("mode") == "free")
