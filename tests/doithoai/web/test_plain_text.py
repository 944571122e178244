"""Issue 13: no English or technical text in the pages, no crash and no lost
typing. A meeting without «Tên cơ quan» gives its documents; a form sent
after the session expired leads to the login page (a fetch keeps its 401
JSON); a form that fails a check comes back with what was typed; a 422
names the field in Vietnamese; every page of every role is crawled for code
names, tracebacks, raw JSON errors and long decimals."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import docx
import pytest
from conftest import OFFICER_UNIT
from sqlalchemy import select
from test_followup import item_id, items
from webbuild import SAMPLE_MEETING, make_meeting

from doithoai.messages import web as web_msg
from doithoai.services import audit
from doithoai.store.db import session_scope
from doithoai.store.tables import JobRow, NoticeRow, RecordingRow, UserRow
from doithoai.web.app import api_routes

SEGMENTS = [(0.0, 4.5, "SPEAKER_00", "Kính thưa bà con"), (12.0, 18.25, "SPEAKER_01", "Đường thôn hư hỏng")]


def _docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_documents_without_an_agency_name(clients, web_settings, tmp_path):
    config = SAMPLE_MEETING.read_text(encoding="utf-8").replace('name = "xã Bình Thanh"\n', "")
    path = tmp_path / "khong-co-quan.toml"
    path.write_text(config, encoding="utf-8")
    mid = make_meeting(
        web_settings,
        path,
        segments=SEGMENTS,
        items=[{"text": "Đường thôn hư hỏng", "review": "accepted", "unit": OFFICER_UNIT}],
    )
    for url in (f"/meetings/{mid}/bien-ban.docx", f"/meetings/{mid}/bao-cao.docx", f"/meetings/{mid}/ket-qua.docx"):
        r = clients["thu_ky"].get(url)
        assert r.status_code == 200, (url, r.text[:300])
        text = _docx_text(r.content)
        assert "XÃ ………………" in text and "Missing" not in text and "agency" not in text, url


def test_a_form_sent_after_the_session_expired_goes_to_the_login_page(anon):
    r = anon.post(
        "/followup/items/1",
        data={"status": "dang_xu_ly", "response": "Đã xác minh"},
        headers={"referer": "http://testserver/followup?status=tat_ca"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Ffollowup%3Fstatus%3Dtat_ca"
    r = anon.post(
        "/followup/items/1",
        data={"status": "moi"},
        headers={"referer": "https://evil.example/x"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2F"
    # the pages' fetch calls keep a 401 with a JSON message
    r = anon.post("/meetings/1/segments/1", json={"text": "x"}, headers={"accept": "application/json"})
    assert r.status_code == 401 and r.json() == {"detail": web_msg.LOGIN_REQUIRED}


def test_a_failed_form_comes_back_with_what_was_typed(clients, web_settings):
    make_meeting(web_settings, items=items(dt.date.today() + dt.timedelta(days=5)))
    q1 = item_id(web_settings, "q1")
    answer = "Công an xã đã tăng cường tuần tra ban đêm tại thôn Phước Hòa từ ngày 01/10."
    r = clients["can_bo"].form(
        f"/followup/items/{q1}",
        {"status": "da_tra_loi", "response": answer, "responded_at": "31/02/2024", "next": "/followup"},
    )
    assert r.status_code == 400
    again = re.search(
        rf'<form method="post" action="/followup/items/{q1}"[^>]*id="form-again">(.*?)</form>', r.text, re.S
    )
    assert again, r.text
    assert f'<textarea name="response" rows="4">{answer}</textarea>' in again.group(1)
    assert '<input type="hidden" name="status" value="da_tra_loi">' in again.group(1)
    assert 'name="csrf_token"' in again.group(1) and "31/02/2024" in again.group(1)
    # a password is never written back into a page
    r = clients["admin"].form("/admin/users/9999/password", {"password": "bi-mat-khong-hien"})
    assert "bi-mat-khong-hien" not in r.text


def test_a_422_names_the_field_in_vietnamese(clients):
    r = clients["admin"].get("/admin/audit", params={"meeting": "abc"})
    assert r.status_code == 422 and "«hội nghị»" in r.text and "meeting" not in _visible(r.text)
    assert clients["thu_ky"].get("/meetings/abc").status_code == 404


def test_every_route_field_has_a_vietnamese_label(app):
    named = set()
    for _, route in api_routes(app):
        d = route.dependant
        named |= {p.alias for p in d.query_params + d.body_params + d.header_params}
    assert named and not named - set(web_msg.FIELD_LABELS)


class _Visible(HTMLParser):
    """The text a person reads: no tags, scripts or styles; titles and labels included."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for key, value in attrs:
            if key in ("title", "placeholder", "aria-label", "data-confirm") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Code names that must never reach a page, and English error text.
FORBIDDEN = re.compile(
    r"\b(evidence|path|force|agency\.name|transcript_model|meeting_id|config|sha256|None|True|False|"
    r"Traceback|Missing|Invalid|Field required|Not Found|Internal Server Error)\b|\{\"detail\"|"
    r"\d+\.\d{4,}"
)
BINARY = (".docx", ".xlsx", ".csv", ".mp3", ".ics", "/audio", ".json", ".srt", ".vtt", ".txt")


@pytest.fixture
def full(web_settings, clients):
    """A meeting with a transcript, items, a recording, a job, a notice and audit entries of every kind."""
    mid = make_meeting(web_settings, segments=SEGMENTS, items=items(dt.date.today() + dt.timedelta(days=5)))
    with session_scope(web_settings.database_url) as db:
        rec = RecordingRow(
            meeting_id=mid,
            original_name="ghi-am.wav",
            path=f"recordings/{mid}/1.wav",
            size=123456,
            sha256="ab" * 32,
            duration=71.123456789012345,
        )
        db.add(rec)
        db.flush()
        db.add(JobRow(meeting_id=mid, recording_id=rec.id, state="failed", message="Không đọc được tệp ghi âm."))
        notice = NoticeRow(
            title="Thông báo họp",
            event=SAMPLE_MEETING.read_text(encoding="utf-8"),
            script="Kính mời",
            duration=31.4159265358979,
            loudness=-16.0000000001,
            engine="piper",
            warnings=[],
        )
        db.add(notice)
        db.flush()
        admin = db.scalar(select(UserRow).where(UserRow.username == "admin"))
        audit.record(
            db,
            None,
            "item",
            1,
            "update",
            {"evidence": [{"start": 4.9, "end": 7.123456789}], "start": 12.0},
            {"evidence": [], "start": 12.3456789012345},
            meeting_id=mid,
        )
        audit.record(
            db,
            None,
            "meeting",
            mid,
            "update",
            {"config": '# comment in English\n[meeting]\ntitle = "A"\n'},
            {"config": SAMPLE_MEETING.read_text(encoding="utf-8")},
            meeting_id=mid,
        )
        audit.record(
            db,
            None,
            "recording",
            rec.id,
            "upload",
            None,
            audit.snapshot(rec, ("original_name", "path", "size", "sha256", "duration")),
            meeting_id=mid,
        )
        audit.record(
            db,
            None,
            "notice",
            notice.id,
            "create",
            None,
            {**audit.snapshot(notice, ("title", "duration", "loudness")), "force": True},
        )
        audit.record(db, None, "user", admin.id, "update", {"unit": ""}, {"unknown_field": 1.23456789})
    return mid, notice.id


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: ids.get(m.group(1), "1"), path)


def test_no_page_shows_code_names_or_raw_errors(app, clients, web_settings, full):
    mid, notice_id = full
    with session_scope(web_settings.database_url) as db:
        tid = db.scalar(select(JobRow.id))
    ids = {
        "meeting_id": str(mid),
        "notice_id": str(notice_id),
        "job_id": str(tid),
        "unit": OFFICER_UNIT,
        "item_id": str(item_id(web_settings, "q1")),
        "user_id": "1",
        "fmt": "txt",
    }
    pages = sorted(
        {
            _fill(path, ids)
            for path, route in api_routes(app)
            if "GET" in route.methods and not path.endswith(BINARY) and "{fmt}" not in path
        }
    )
    pages += ["/admin/audit?meeting=abc", "/meetings/abc", f"/meetings/{mid}/khong-co", "/followup?meeting=x"]
    crawled = 0
    for role, client in clients.items():
        for url in pages:
            r = client.get(url)
            if "text/html" not in r.headers.get("content-type", ""):
                continue
            crawled += 1
            shown = _visible(r.text)
            bad = FORBIDDEN.search(shown)
            assert not bad, (role, url, r.status_code, bad.group(0), shown[max(0, bad.start() - 80) : bad.end() + 80])
    assert crawled > 40


def test_upload_toml_and_json_errors_are_vietnamese_only(clients, web_settings):
    c = clients["thu_ky"]
    r = c.post(
        "/meetings/import",
        data={"csrf_token": c.csrf},
        files={"file": ("hoi-nghi.toml", b'[meeting]\ntitle = "A"\nngay 2024\n')},
        follow_redirects=False,
    )
    shown = _visible(r.text)
    assert r.status_code == 400 and "dòng 3" in shown and "Expected" not in shown and "line" not in shown
    mid = make_meeting(web_settings)
    r = c.post(
        f"/meetings/{mid}/transcript-import",
        data={"csrf_token": c.csrf},
        files={"file": ("ban-ghi.json", b'{"segments": [}')},
        follow_redirects=False,
    )
    shown = _visible(r.text)
    assert r.status_code == 400 and "dòng 1, cột 15" in shown and "Expecting" not in shown
    # a file that is not audio: the probe's "Tiếng Việt / English" message shows its Vietnamese half
    r = c.post(
        f"/meetings/{mid}/recordings",
        content=b"khong phai am thanh" * 100,
        headers={
            "x-filename": "ghi-am.wav",
            "x-csrf-token": c.csrf,
            "accept": "application/json",
            "content-type": "application/octet-stream",
        },
    )
    detail = r.json()["detail"]
    assert 400 <= r.status_code < 500 and "ghi-am.wav" in detail and " / " not in detail, detail
