"""The engine interface: registry, espeak-ng, piper errors, speed, splitting."""

from __future__ import annotations

import pytest
from pydub import AudioSegment

from broadcast.errors import BroadcastError
from broadcast.tts import EngineUnavailable, FallbackChain, create_engine, engine_names
from broadcast.tts import espeak as espeak_module
from broadcast.tts.base import change_tempo, split_sentences


def test_registered_engines():
    assert {"gtts", "espeak-ng", "piper"} <= set(engine_names())


def test_unknown_engine_and_bad_settings():
    with pytest.raises(BroadcastError, match="espeak-ng"):
        create_engine("loa-phuong")
    with pytest.raises(BroadcastError, match=r"\[tts.espeak-ng\]"):
        create_engine("espeak-ng", config={"giong": "nam"})
    with pytest.raises(BroadcastError, match=r"\[tts.espeak-ng\]"):
        create_engine("espeak-ng", config={"wpm": "nhanh"})  # a value that is not a number
    with pytest.raises(BroadcastError, match=r"\[tts.gtts\]"):
        create_engine("gtts", config={"timeout": "lau"})


def test_sentence_split():
    text = "Họp lúc tám giờ. Mời bà con!\nMang theo giấy tờ; đến đúng giờ: nhé"
    assert split_sentences(text) == ["Họp lúc tám giờ.", "Mời bà con!", "Mang theo giấy tờ;", "đến đúng giờ:", "nhé"]


def test_espeak_reads_vietnamese_and_speed_is_a_setting():
    text = "Đề nghị bà con đưa trẻ em đi tiêm chủng đúng lịch."
    slow = create_engine("espeak-ng", speed=0.7).speak(text)
    fast = create_engine("espeak-ng", speed=1.4).speak(text)
    assert slow.duration_seconds > 1.6 * fast.duration_seconds
    assert fast.dBFS > -40  # not silence


def test_espeak_missing_is_a_clear_message(monkeypatch):
    monkeypatch.setattr(espeak_module, "which", lambda _name: None)
    with pytest.raises(EngineUnavailable, match="apt-get install espeak-ng"):
        create_engine("espeak-ng").speak("Thông báo.")


def test_piper_needs_a_voice_file(tmp_path):
    with pytest.raises(EngineUnavailable, match=r"\[tts.piper\] voice"):
        create_engine("piper").speak("Thông báo.")
    with pytest.raises(EngineUnavailable, match="Không tìm thấy giọng đọc piper"):
        create_engine("piper", config={"voice": str(tmp_path / "vi.onnx")}).speak("Thông báo.")


def test_piper_not_installed_falls_back(tmp_path, monkeypatch):
    import builtins

    voice = tmp_path / "vi_VN-test.onnx"
    voice.write_bytes(b"x")
    (tmp_path / "vi_VN-test.onnx.json").write_text("{}")
    real_import = builtins.__import__

    def no_piper(name, *args, **kwargs):
        if name == "piper" or name.startswith("piper."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_piper)
    with pytest.raises(EngineUnavailable, match="pip install piper-tts"):
        create_engine("piper", config={"voice": str(voice)}).speak("Thông báo.")
    chain = FallbackChain(["piper", "espeak-ng"], config={"piper": {"voice": str(voice)}})
    chain.speak("Thông báo.")
    assert chain.used == "espeak-ng" and "piper-tts" in chain.warnings[0]


def test_change_tempo_keeps_the_audio_and_changes_the_length():
    tone = AudioSegment.silent(2000, frame_rate=22050).overlay(AudioSegment.silent(2000, frame_rate=22050))
    from pydub.generators import Sine

    tone = Sine(440).to_audio_segment(duration=2000).set_frame_rate(22050)
    faster = change_tempo(tone, 1.25)
    assert abs(faster.duration_seconds - 1.6) < 0.05
    assert abs(faster.dBFS - tone.dBFS) < 1.0


def test_engine_aliases_are_one_engine():
    chain = FallbackChain(["espeak", "espeak-ng", "offline"], config={"espeak-ng": {"wpm": 120}})
    assert [e.name for e in chain.engines] == ["espeak-ng"]
    assert chain.engines[0].wpm == 120


def test_chain_never_switches_voice_halfway(monkeypatch):
    """If the first engine fails on a later section, the fallback reads every section."""
    from broadcast.tts.espeak import EspeakEngine

    calls = []
    first = create_engine("espeak-ng")
    real = EspeakEngine.synthesize

    def flaky(self, text):
        calls.append((id(self), text))
        if self is first and "hai" in text:
            raise EngineUnavailable(lambda fb: f"hỏng ({fb})")
        return real(self, text)

    monkeypatch.setattr(EspeakEngine, "synthesize", flaky)
    chain = FallbackChain(["espeak-ng"])
    backup = create_engine("espeak-ng", config={"voice": "vi-vn-x-south"})
    chain.engines = [first, backup]
    out = chain.speak_all(["Phần một.", "Phần hai."])
    assert len(out) == 2 and chain.used == "espeak-ng"
    assert [t for who, t in calls if who == id(backup)] == ["Phần một.", "Phần hai."]
    # both sections are the backup's voice: the first engine's audio was dropped
    assert out[0].raw_data == backup.speak("Phần một.").raw_data
    assert out[0].raw_data != first.speak("Phần một.").raw_data
