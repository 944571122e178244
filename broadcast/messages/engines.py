"""The speech engines (broadcast.tts)."""

from __future__ import annotations

from pathlib import Path


def unknown_engine(name: str, known: list[str]) -> str:
    return f"Không có bộ đọc '{name}'; chọn một trong: {', '.join(known)}. / Unknown TTS engine '{name}'."


def gtts_offline(fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy dùng bộ đọc ngoại tuyến: --engine espeak-ng"
    return f"Không kết nối được máy chủ đọc của Google (gtts): mất mạng hoặc bị chặn{then}. / gTTS is offline."


GTTS_EMPTY = "trả về rỗng / empty response"


def gtts_failed(detail: str, fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy thử lại sau hoặc dùng --engine espeak-ng"
    return f"Máy chủ đọc của Google (gtts) lỗi: {detail}{then}. / gTTS failed: {detail}."


def gtts_timeout(seconds: float, fallback: str | None) -> str:
    then = f"; dùng bộ đọc dự phòng '{fallback}'" if fallback else "; hãy thử lại sau hoặc dùng --engine espeak-ng"
    return f"Máy chủ đọc của Google (gtts) không trả lời sau {seconds:g} giây{then}. / gTTS timed out."


def espeak_missing() -> str:
    return "Chưa cài espeak-ng (bộ đọc ngoại tuyến). Cài bằng: sudo apt-get install espeak-ng. / espeak-ng is not installed."


def espeak_failed(detail: str) -> str:
    return f"espeak-ng không đọc được văn bản: {detail}. / espeak-ng failed."


PIPER_NOT_INSTALLED = (
    "Bộ đọc piper chưa được cài. Cài bằng: .venv/bin/pip install piper-tts, rồi chỉ đường dẫn giọng đọc "
    '.onnx trong [tts.piper] voice = "…". / piper-tts is not installed (optional extra: doithoai[piper]).'
)

PIPER_NO_VOICE = (
    'Bộ đọc piper cần một tệp giọng đọc .onnx (kèm tệp .onnx.json): đặt [tts.piper] voice = "đường/dẫn/giong.onnx" '
    "trong tệp sự kiện. / piper needs a .onnx voice file: set [tts.piper] voice."
)


def piper_voice_missing(path: Path) -> str:
    return f"Không tìm thấy giọng đọc piper: {path} (cần cả tệp {path.name}.json bên cạnh). / Piper voice not found: {path}."


def piper_failed(detail: str) -> str:
    return f"piper không đọc được văn bản: {detail}. / piper failed."


def all_engines_failed(reasons: list[str]) -> str:
    return "Không bộ đọc nào dùng được: " + " | ".join(reasons)
