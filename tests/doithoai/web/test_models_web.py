"""The admin page of models and voices through the ASGI client: the catalogue
and what is installed, a pull in the background against the local stand-in
hub (tests/hubstandin.py, reached through HF_ENDPOINT as in production) with
its progress, `models use` from the page, the pulled voice on the radio page
and its name on the notice; and the model of each transcript shown to the
secretary. Nothing here reaches a real hub or Google."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest
from hubstandin import HubStandIn
from sqlalchemy import select
from webbuild import make_meeting

from doithoai.services import model_pulls
from doithoai.services.segments import transcript_of
from doithoai.services.transcript_import import import_transcript
from doithoai.store.db import session_scope
from doithoai.store.tables import AuditRow, ModelPullRow, NoticeRow, utcnow
from pipeline import model_registry
from pipeline.catalog import catalog_entry
from pipeline.transcript import ModelInfo, Segment, Source, Transcript

pytest.importorskip("piper")
pytest.importorskip("onnx")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "broadcast"))
from test_broadcast_web import FORM, preview, script_and_digest
from test_piper_engine import make_voice

VOICE = "vi_VN-vais1000-medium"  # a catalogue voice, served by the stand-in with a tone voice made here


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "store"
    root.mkdir()
    monkeypatch.setenv("DOITHOAI_MODELS_DIR", str(root))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    return root


@pytest.fixture
def hub(store, tmp_path, monkeypatch):
    voice = make_voice(tmp_path / "tone.onnx")
    entry = catalog_entry(VOICE)
    onnx_path, json_path = entry.files
    hub = HubStandIn()
    hub.add_repo(
        entry.repo,
        {onnx_path: voice.read_bytes(), json_path: Path(f"{voice}.json").read_bytes()},
        commit=entry.revision,
    )
    monkeypatch.setenv("HF_ENDPOINT", hub.start())
    yield hub
    hub.stop()


def wait_for(client, name: str, timeout: float = 60.0) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = client.get(f"/admin/models/pulls/{name}", headers={"accept": "application/json"})
        assert r.status_code == 200, r.text
        if r.json()["finished"]:
            return r.json()
        time.sleep(0.2)
    raise AssertionError(f"the pull of {name} did not finish")


def test_page_lists_the_catalogue_and_the_installed_models(clients, store):
    r = clients["admin"].get("/admin/models")
    assert r.status_code == 200
    assert f'data-entry="{VOICE}"' in r.text and 'data-entry="phowhisper-base"' in r.text
    assert catalog_entry("phowhisper-base").licence in r.text
    assert f'data-model="{model_registry.DEFAULT_NAME}"' in r.text and "mặc định" in r.text
    assert 'href="/admin/models"' in r.text  # in the admin's menu
    assert clients["thu_ky"].get("/admin/models", headers={"accept": "application/json"}).status_code == 403


def test_pull_in_the_background_set_default_and_read_a_notice_with_it(clients, web_settings, store, hub):
    admin = clients["admin"]
    r = admin.form("/admin/models/pull", {"name": VOICE})
    assert r.status_code == 303, r.text
    state = wait_for(admin, VOICE)
    entry = catalog_entry(VOICE)
    files = hub.repos[entry.repo].files
    total = sum(len(f.data) for f in files.values())
    assert state["state"] == "done" and state["percent"] == 100.0
    assert state["done_bytes"] == state["total_bytes"] == total
    assert model_registry.resolve_voice(VOICE).parent == store / VOICE  # installed in the store, by hubpull
    page = admin.get("/admin/models").text
    assert f'data-model="{VOICE}"' in page and "đã tải xong" in page

    r = admin.form("/admin/models/default", {"name": VOICE})
    assert r.status_code == 303
    assert model_registry.get_default("voice") == VOICE
    assert model_registry.get_default("asr") is None  # the ASR default is left alone
    with session_scope(web_settings.database_url) as db:
        actions = [(a.entity, a.action) for a in db.scalars(select(AuditRow))]
    assert ("model", "pull") in actions and ("model", "use") in actions

    radio = clients["truyen_thanh"]
    page = radio.get("/broadcast").text
    assert f'<option value="{VOICE}"' in page and '<option value="piper"' in page
    script, digest = script_and_digest(preview(radio, engine="piper", voice=VOICE).text)
    r = radio.form(
        "/broadcast/render", {**FORM, "engine": "piper", "voice": VOICE, "script": script, "previewed": digest}
    )
    assert r.status_code == 303, r.text
    with session_scope(web_settings.database_url) as db:
        notice = db.scalars(select(NoticeRow)).one()
        engine, event, notice_id = notice.engine, notice.event, notice.id
    assert engine == f"piper ({VOICE})"[:30] and f'voice = "{VOICE}"' in event
    assert engine in radio.get(f"/broadcast/{notice_id}").text


def test_an_unknown_voice_on_the_radio_page_is_refused(clients, store, hub):
    r = preview(clients["truyen_thanh"], engine="piper", voice="khong-co")
    assert r.status_code == 400


def test_a_hub_that_cannot_be_reached_fails_with_a_message(clients, store, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    admin = clients["admin"]
    assert admin.form("/admin/models/pull", {"name": VOICE}).status_code == 303
    state = wait_for(admin, VOICE)
    assert state["state"] == "failed" and "models add" in state["message"], state  # how to carry it instead
    assert not (store / VOICE).exists()
    assert VOICE not in [r.name for r in model_registry.list_models()]


def test_a_running_pull_is_not_started_twice_but_a_stalled_one_is(clients, web_settings, store, monkeypatch):
    started: list[str] = []
    monkeypatch.setattr(model_pulls, "run_pull", lambda settings, name: started.append(name))
    with session_scope(web_settings.database_url) as db:
        db.add(ModelPullRow(name=VOICE, state="running", heartbeat_at=utcnow()))
    admin = clients["admin"]
    assert admin.form("/admin/models/pull", {"name": VOICE}).status_code == 409
    assert started == []
    with session_scope(web_settings.database_url) as db:
        db.get(ModelPullRow, VOICE).heartbeat_at = utcnow() - dt.timedelta(minutes=5)
    assert wait_state(admin, VOICE) == "stalled"
    assert admin.form("/admin/models/pull", {"name": VOICE}).status_code == 303
    time.sleep(0.2)
    assert started == [VOICE]


def wait_state(client, name: str) -> str:
    return client.get(f"/admin/models/pulls/{name}", headers={"accept": "application/json"}).json()["state"]


def test_bad_names_are_refused(clients, store):
    admin = clients["admin"]
    assert admin.form("/admin/models/pull", {"name": "khong-co-trong-danh-muc"}).status_code == 400
    assert admin.form("/admin/models/default", {"name": "khong-co"}).status_code == 400
    assert admin.get("/admin/models/pulls/khong-co", headers={"accept": "application/json"}).status_code == 404


def test_the_model_of_the_transcript_is_shown(clients, web_settings):
    meeting_id = make_meeting(web_settings)
    transcript = Transcript(
        Source("hoi-nghi.wav", "", 10.0),
        ModelInfo("phowhisper-small", "faster-whisper", {}),
        [Segment(0, 0.0, 4.0, "Kính thưa bà con thôn Phước Hòa")],
    )
    with session_scope(web_settings.database_url) as db:
        import_transcript(db, meeting_id, transcript)
    secretary = clients["thu_ky"]
    for path in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/transcript"):
        page = secretary.get(path).text
        assert "phowhisper-small" in page, path
    with session_scope(web_settings.database_url) as db:
        assert transcript_of(db, meeting_id).model.name == "phowhisper-small"  # and in the downloaded JSON


def test_progress_is_live_while_the_files_arrive(clients, store, tmp_path, monkeypatch):
    """A slow hub: the page's progress moves between 0 and 100 % and never back."""
    monkeypatch.setattr(model_pulls, "HEARTBEAT_SECONDS", 0.1)
    voice = make_voice(tmp_path / "tone.onnx")
    entry = catalog_entry(VOICE)
    onnx_path, json_path = entry.files
    hub = HubStandIn(chunk_delay=0.2)  # 2 MB in 64 KiB chunks: about 6 s, many heartbeats
    hub.add_repo(
        entry.repo,
        {onnx_path: voice.read_bytes() + bytes(2 * 10**6), json_path: Path(f"{voice}.json").read_bytes()},
        commit=entry.revision,
    )
    monkeypatch.setenv("HF_ENDPOINT", hub.start())
    try:
        admin = clients["admin"]
        assert admin.form("/admin/models/pull", {"name": VOICE}).status_code == 303
        seen = []
        end = time.monotonic() + 60
        while time.monotonic() < end:
            v = admin.get(f"/admin/models/pulls/{VOICE}", headers={"accept": "application/json"}).json()
            seen.append(v["percent"])
            if v["finished"]:
                break
            time.sleep(0.05)
    finally:
        hub.stop()
    assert v["state"] == "done", v
    assert any(0 < p < 100 for p in seen), seen
    assert seen == sorted(seen), seen
