"""The piper engine through the real piper-tts code path (phonemisation with
its bundled espeak-ng, ONNX inference), with a stand-in voice: a tiny ONNX
graph with piper's VITS interface (input, input_lengths, scales → audio) that
answers a 440 Hz tone of hop × phonemes × length_scale samples. No voice is
downloaded; a commune supplies its own .onnx."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("piper")
onnx = pytest.importorskip("onnx")

from broadcast.master import to_array  # noqa: E402
from broadcast.tts import create_engine  # noqa: E402
from broadcast.tts.base import SENTENCE_PAUSE_MS  # noqa: E402


def make_voice(path: Path, rate: int = 22050, hop: int = 256, freq: float = 440.0) -> Path:
    from onnx import TensorProto as T
    from onnx import helper as h

    nodes = [
        h.make_node("Shape", ["input"], ["shape"]),
        h.make_node("Gather", ["shape", "one_i"], ["n"], axis=0),
        h.make_node("Cast", ["n"], ["nf"], to=T.FLOAT),
        h.make_node("Gather", ["scales", "one_i"], ["length_scale"], axis=0),
        h.make_node("Mul", ["nf", "hop"], ["a"]),
        h.make_node("Mul", ["a", "length_scale"], ["b"]),
        h.make_node("Floor", ["b"], ["limit"]),
        h.make_node("Range", ["zero", "limit", "onef"], ["t"]),
        h.make_node("Mul", ["t", "w"], ["ph"]),
        h.make_node("Sin", ["ph"], ["s"]),
        h.make_node("Mul", ["s", "amp"], ["y"]),
        h.make_node("Unsqueeze", ["y", "axes"], ["output"]),
    ]
    inits = [
        h.make_tensor("one_i", T.INT64, [], [1]),
        h.make_tensor("hop", T.FLOAT, [], [float(hop)]),
        h.make_tensor("zero", T.FLOAT, [], [0.0]),
        h.make_tensor("onef", T.FLOAT, [], [1.0]),
        h.make_tensor("w", T.FLOAT, [], [2 * np.pi * freq / rate]),
        h.make_tensor("amp", T.FLOAT, [], [0.3]),
        h.make_tensor("axes", T.INT64, [2], [0, 1]),
    ]
    graph = h.make_graph(
        nodes,
        "tone_voice",
        [
            h.make_tensor_value_info("input", T.INT64, [1, None]),
            h.make_tensor_value_info("input_lengths", T.INT64, [1]),
            h.make_tensor_value_info("scales", T.FLOAT, [3]),
        ],
        [h.make_tensor_value_info("output", T.FLOAT, [1, 1, None])],
        initializer=inits,
    )
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    ids: dict[str, list[int]] = {"_": [0], "^": [1], "$": [2]}
    for cp in [*range(0x20, 0x370), *range(0x1D00, 0x1DC0), 0x2191, 0x2193, 0x2197, 0x2198]:
        ids.setdefault(chr(cp), [len(ids)])  # every IPA letter and tone mark espeak-ng may emit
    config = {
        "audio": {"sample_rate": rate},
        "espeak": {"voice": "vi"},
        "num_symbols": len(ids),
        "num_speakers": 1,
        "phoneme_id_map": ids,
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
    }
    Path(f"{path}.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def voice(tmp_path_factory) -> Path:
    return make_voice(tmp_path_factory.mktemp("piper") / "vi_VN-tone.onnx")


def test_piper_reads_through_the_voice_and_speed_scales_length(voice):
    text = "Xin mời bà con thôn Phước Hòa. Họp lúc tám giờ sáng."
    slow = create_engine("piper", speed=0.8, config={"voice": str(voice)}).speak(text)
    fast = create_engine("piper", speed=1.25, config={"voice": str(voice)}).speak(text)
    pause = SENTENCE_PAUSE_MS / 1000
    ratio = (slow.duration_seconds - pause) / (fast.duration_seconds - pause)
    assert abs(ratio - 1.25 / 0.8) < 0.03  # length_scale = 1 / speed
    x = to_array(slow)
    spec = np.abs(np.fft.rfft(x))
    assert abs(np.fft.rfftfreq(len(x), 1 / 44100)[np.argmax(spec)] - 440) < 2  # what the model produced


def test_piper_engine_in_an_announcement(voice, tmp_path, run_cli):
    event = tmp_path / "ev.toml"
    event.write_text(
        '[station]\nname = "Đài truyền thanh xã Tân Hiệp"\norganiser = "UBND xã Tân Hiệp"\n'
        f'[audio]\nengine = "piper"\nfallback = []\n[tts.piper]\nvoice = "{voice}"\n',
        encoding="utf-8",
    )
    r = run_cli(
        "announce",
        event,
        "-o",
        tmp_path / "tb.mp3",
        "--text",
        "Chiều nay họp thôn.",
        "--repeat",
        "1",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert r.exit_code == 0, r.stderr
    assert "Bộ đọc: piper" in r.stdout
    assert any((tmp_path / "cache").rglob("*.wav"))  # piper chunks are cached
