"""The gtts engine through the real gTTS code path, against a local stand-in
that speaks Google's batchexecute protocol (tests/broadcast/gtts_standin.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from gtts_standin import GttsStandIn, closed_port, parse_freq  # noqa: E402

from broadcast.tts import EngineUnavailable, FallbackChain, SpeechCache, create_engine  # noqa: E402

FAST = {"throttle": 0.0, "backoff": 0.01, "timeout": 5.0}


def _proxy(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin(monkeypatch, request):
    opts = getattr(request, "param", {})
    with GttsStandIn(**opts) as s:
        _proxy(monkeypatch, s.proxy_url)
        yield s


def test_one_request_per_sentence_and_real_mp3(standin):
    engine = create_engine("gtts", config=FAST)
    audio = engine.speak("Xin mời bà con đến dự họp. Cuộc họp bắt đầu lúc tám giờ sáng.")
    assert standin.texts == ["Xin mời bà con đến dự họp.", "Cuộc họp bắt đầu lúc tám giờ sáng."]
    assert all(p["lang"] == "vi" and p["host"] == "translate.google.com" for p in standin.posts)
    assert audio.duration_seconds > 2.0  # two sentences of real espeak speech, decoded from MP3


def test_long_sentence_is_cut_into_several_requests(standin):
    sentence = (
        "Ủy ban nhân dân xã trân trọng kính mời toàn thể bà con nông dân các thôn Đông Yên, Bình Thới, "
        "Thanh Thủy và Phước Hòa đến dự buổi tập huấn kỹ thuật gieo sạ lúa vụ đông xuân tại nhà văn hóa thôn."
    )
    create_engine("gtts", config=FAST).speak(sentence)
    assert len(standin.texts) >= 2
    assert all(len(t) <= 100 for t in standin.texts)
    words = lambda t: re.sub(r"[^\w\s]", " ", t).split()  # gTTS drops punctuation where it cuts
    assert words(" ".join(standin.texts)) == words(sentence)


def test_cache_second_render_makes_no_request(standin, tmp_path):
    text = "Trạm y tế xã tiêm vắc xin cho trẻ em vào sáng thứ Bảy."
    first = create_engine("gtts", config=FAST, cache=SpeechCache(tmp_path)).speak(text)
    n = len(standin.posts)
    assert n == 1
    second = create_engine("gtts", config=FAST, cache=SpeechCache(tmp_path)).speak(text)
    assert len(standin.posts) == n
    assert second.raw_data == first.raw_data
    # different settings are a different cache entry
    create_engine("gtts", config={**FAST, "slow": True}, cache=SpeechCache(tmp_path)).speak(text)
    assert len(standin.posts) == n + 1


@pytest.mark.parametrize("standin", [{"fail_first": 2, "fail_status": 429}], indirect=True)
def test_retries_after_429_then_succeeds(standin):
    engine = create_engine("gtts", config={**FAST, "retries": 3})
    audio = engine.speak("Đề nghị bà con giữ gìn vệ sinh chung.")
    assert [p["status"] for p in standin.posts] == [429, 429, 200]
    assert audio.duration_seconds > 1.0


@pytest.mark.parametrize("standin", [{"fail_first": 1, "fail_status": 503}], indirect=True)
def test_retries_after_5xx(standin):
    create_engine("gtts", config=FAST).speak("Chợ phiên mở cửa vào ngày rằm.")
    assert [p["status"] for p in standin.posts] == [503, 200]


@pytest.mark.parametrize("standin", [{"fail_first": 99, "fail_status": 502}], indirect=True)
def test_gives_up_after_the_retries_with_a_clear_message(standin):
    with pytest.raises(EngineUnavailable) as exc:
        create_engine("gtts", config={**FAST, "retries": 2}).speak("Thông báo mất điện.")
    assert len(standin.posts) == 3
    assert "HTTP 502" in str(exc.value) and "espeak-ng" in str(exc.value)


@pytest.mark.parametrize("standin", [{"fail_first": 99, "fail_status": 403}], indirect=True)
def test_no_retry_on_errors_a_retry_cannot_fix(standin):
    with pytest.raises(EngineUnavailable, match="HTTP 403"):
        create_engine("gtts", config={**FAST, "retries": 3}).speak("Thông báo.")
    assert len(standin.posts) == 1


@pytest.mark.parametrize("standin", [{"delay": 2.0}], indirect=True)
def test_timeout_is_retried_then_reported(standin):
    with pytest.raises(EngineUnavailable) as exc:
        create_engine("gtts", config={**FAST, "timeout": 0.4, "retries": 1}).speak("Họp tổ dân phố.")
    assert len(standin.posts) == 2
    assert "0.4 giây" in str(exc.value)


def test_offline_names_the_fallback(monkeypatch):
    _proxy(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(EngineUnavailable) as exc:
        create_engine("gtts", config=FAST).speak("Thông báo lịch cắt điện.")
    message = str(exc.value)
    assert "Không kết nối được" in message and "--engine espeak-ng" in message


def test_offline_chain_falls_back_to_espeak(monkeypatch):
    _proxy(monkeypatch, f"http://127.0.0.1:{closed_port()}")
    chain = FallbackChain(["gtts", "espeak-ng"], config={"gtts": FAST})
    audio = chain.speak("Thông báo lịch cắt điện ngày mai.")
    assert chain.used == "espeak-ng"
    assert audio.duration_seconds > 1.0
    assert len(chain.warnings) == 1 and "'espeak-ng'" in chain.warnings[0] and "gtts" in chain.warnings[0]


def test_request_body_is_the_batchexecute_rpc(standin):
    """The stand-in decodes exactly what gTTS sends: check the round trip."""
    from gtts import gTTS

    body = gTTS("Kính mời bà con", lang="vi", lang_check=False).get_bodies()[0]
    rpc_id, params = parse_freq(body.encode() if isinstance(body, str) else body)
    assert rpc_id == "jQ1olc" and params[:2] == ["Kính mời bà con", "vi"]
    # and through our engine: the stand-in receives exactly the text spoken
    create_engine("gtts", config=FAST).speak("Kính mời bà con")
    assert standin.texts == ["Kính mời bà con"]


@pytest.mark.parametrize("standin", [{"fail_first": 3, "fail_status": 429}], indirect=True)
def test_backoff_is_exponential_and_requests_are_throttled(standin, monkeypatch):
    import broadcast.tts.gtts_engine as g

    waits: list[float] = []
    monkeypatch.setattr(g.time, "sleep", waits.append)  # record instead of waiting
    engine = create_engine("gtts", config={"throttle": 0.0, "backoff": 1.5, "retries": 4})
    engine.speak("Thông báo lịch tiêm chủng.")
    assert waits == [1.5, 3.0, 6.0]  # after each 429: 1.5 × 2^attempt
    waits.clear()
    throttled = create_engine("gtts", config={"throttle": 30.0, "backoff": 0.01})
    throttled.speak("Câu một. Câu hai. Câu ba.")
    assert len(standin.texts) == 4
    assert len([w for w in waits if w > 25.0]) >= 2  # each request waits for its turn after the previous one
