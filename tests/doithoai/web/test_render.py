"""The small rendering helpers every page uses."""

from __future__ import annotations

import datetime as dt

from doithoai.web.render import clock, options, vn_date


def test_clock_and_vietnam_time():
    assert clock(None) == "" and clock(12.5) == "0:12" and clock(3725) == "1:02:05"
    assert vn_date(dt.date(2024, 9, 20)) == "20/09/2024"
    assert vn_date(dt.datetime(2024, 9, 19, 18, 30)) == "20/09/2024 01:30"  # stored UTC, shown UTC+7
    assert vn_date(None) == ""


def test_options_escape_and_select_one_value():
    html = str(options([("a", "Công an xã"), ("b<", 'Ban "X" & Y')], "b<"))
    assert html == (
        '<option value="a">Công an xã</option><option value="b&lt;" selected>Ban &#34;X&#34; &amp; Y</option>'
    )
    plain = str(options(["Văn hóa – Xã hội", "Công an xã"], "Công an xã"))
    assert plain.count(" selected") == 1 and '<option value="Công an xã" selected>' in plain
    assert " selected" not in str(options(["x"], None))
