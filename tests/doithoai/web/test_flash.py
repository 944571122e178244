"""Confirmation messages are signed: the app's own redirects show them, a
crafted link with its own words does not."""

from __future__ import annotations

import stat
from urllib.parse import parse_qs, urlsplit

from doithoai.web.flash import KEY_FILE, done, load_key, sign, signed_url


def test_an_action_redirect_is_signed_and_its_message_shown(clients):
    admin = clients["admin"]
    r = admin.form("/admin/users", {"username": "lan", "role": "can_bo", "password": "mot-mat-khau"})
    assert r.status_code == 303 and "okh=" in r.headers["location"]
    page = admin.get(r.headers["location"]).text
    assert 'class="flash ok"' in page and "lan" in page


def test_a_crafted_message_is_not_shown(clients, app):
    admin = clients["admin"]
    bait = "Mật khẩu đã hết hạn, gọi 0900 000 000"
    for query in (f"?ok={bait}", f"?ok={bait}&okh=" + "0" * 32, f"?ok={bait}&okh={sign(b'other-key', bait)}"):
        page = admin.get("/admin/users" + query).text
        assert bait not in page and 'class="flash ok"' not in page
    good = signed_url(app.state.flash_key, f"/admin/users?ok={bait}")
    assert bait in admin.get(good).text  # the same words, signed by this server, are shown


def test_the_key_is_private_and_kept(web_settings, app):
    path = web_settings.data_dir / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key(web_settings.data_dir) == app.state.flash_key and len(app.state.flash_key) == 32


def test_a_message_with_ampersand_and_hash_arrives_whole(clients):
    r = done("/admin/users", "Họp A & B #2")
    location = r.headers["location"]
    admin = clients["admin"]
    signed = admin.get("/nonexistent-no").status_code  # warm-up: nothing to do with the message
    assert signed == 404
    assert parse_qs(urlsplit(location).query)["ok"] == ["Họp A & B #2"]
