"""The TOML writer of the web forms: what it writes, tomllib reads back the same."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from doithoai.tomlwrite import dump_toml


def test_round_trip_of_a_meeting_like_document():
    data = {
        "meeting": {
            "title": 'Hội nghị "đối thoại"\\ thôn Phước Hòa',
            "date": dt.date(2024, 9, 20),
            "start": "08:00",
            "hamlets": ["Phước Hòa", "Thanh Thủy"],
            "note": "dòng 1\ndòng 2\ttab\x01",
            "days": 10,
            "ratio": 0.5,
            "public": True,
        },
        "people": {"chair": {"name": "Nguyễn Hồng Phước", "title": "Chủ tịch UBND xã"}},
        "officials": [{"name": "Lê Văn Hùng", "unit": ""}, {"name": "Võ Thị Lan", "unit": "Văn hóa – Xã hội"}],
        "routing": {"overrides": {"dien nuoc": "Điện lực Bình Sơn"}},
        "tts": {"piper": {"voice": "/duong/dan/giong.onnx"}},
        "station": {},
    }
    assert tomllib.loads(dump_toml(data)) == data


def test_unsupported_values_are_refused():
    with pytest.raises(TypeError):
        dump_toml({"x": {"y": object()}})
