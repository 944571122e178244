"""`doithoai announce` and the listening check (doithoai.services.broadcast)."""

from __future__ import annotations

from pathlib import Path

ONE_TEXT_SOURCE = "Chỉ dùng một trong: --text, --text-file, --script. / Use only one of --text, --text-file, --script."
CHECKING = "Đang kiểm tra độ dễ nghe bằng nhận dạng giọng nói…"
ASR_MISSING = "Chưa có bộ nhận dạng giọng nói để kiểm tra (--check). / ASR is not available for --check."
NONE_WORD = "không"  # --fallback không: no fallback engine
WHAT_SCRIPT = "kịch bản"
WHAT_SPOKEN = "văn bản máy đọc"
WHAT_ICS = "lịch phát"
NO_OUTPUT = "Cần tệp ra: -o thong-bao.mp3 (hoặc --dry-run để chỉ xem trước). / Missing -o OUTPUT.mp3."


def output_not_mp3(path: Path) -> str:
    return f"Tệp ra phải có đuôi .mp3 (bản WAV gốc được ghi cạnh nó): {path}. / The output must be a .mp3 file."


def cannot_write(exc: OSError) -> str:
    return f"Không ghi được tệp: {exc.strerror or exc} ({exc.filename}). / Cannot write output."


def rendering(engine: str, readings: int) -> str:
    return f"Đang đọc thông báo bằng '{engine}' ({readings} lần đọc) và xử lý âm thanh…"


def _duration_text(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} phút {s:02d} giây" if m else f"{s} giây"


def made_audio(mp3: Path, wav: Path, seconds: float, lufs: float, tp: float, engine: str) -> str:
    return (
        f"Đã tạo: {mp3} ({_duration_text(seconds)}; độ lớn {lufs:.1f} LUFS, đỉnh thực {tp:.1f} dBTP; "
        f"MP3 128 kbit/s mono 44,1 kHz)\n"
        f"        {wav} (bản gốc WAV)\n"
        f"Bộ đọc: {engine}"
    )


def wrote(path: Path, what: str) -> str:
    return f"Đã ghi {what}: {path}"


def spelled_warning(tokens: list[str]) -> str:
    return (
        f"Cảnh báo: các chữ viết tắt sau không có trong từ điển nên máy sẽ đánh vần từng chữ cái: {', '.join(tokens)}. "
        "Hãy viết rõ ra hoặc thêm vào từ điển của xã ([station] dictionary)."
    )


def unread_warning(tokens: list[str]) -> str:
    return f"Cảnh báo: máy đọc có thể đọc sai các chữ sau (chưa chuẩn hóa được): {', '.join(tokens)}. Hãy viết rõ ra trong kịch bản."


def _counted(pairs: list[tuple[str, str]], limit: int) -> str:
    counts: dict[tuple[str, str], int] = {}
    for pair in pairs:
        counts[pair] = counts.get(pair, 0) + 1
    items = [f"{r} → {h or '∅'}" + (f" (×{n})" if n > 1 else "") for (r, h), n in counts.items()]
    return ", ".join(items[:limit]) + (" …" if len(items) > limit else "")


def check_report(wer: float, n: int, errors: list[tuple[str, str]], key: list[tuple[str, str]]) -> str:
    lines = [f"Kiểm tra độ dễ nghe: tỉ lệ lỗi từ (WER) {wer:.1%} trên {n} từ của kịch bản đã chuẩn hóa."]
    if key:
        lines.append("Tên riêng và số bị nhận sai: " + _counted(key, 30))
    misheard = [(r, h) for r, h in errors if r]
    if misheard:
        lines.append("Các từ bị nhận sai: " + _counted(misheard, 40))
    if wer > 0.3:
        lines.append(_CHECK_HINT)
    return "\n".join(lines)


_CHECK_HINT = (
    "Gợi ý: tỉ lệ lỗi cao nghĩa là người nghe cũng dễ nghe nhầm. Hãy đọc chậm hơn (--speed 0.85), "
    "dùng giọng đọc tốt hơn (--engine gtts hoặc piper), hoặc viết lại các tên riêng, con số bị nhận sai."
)


def check_failed(detail: str) -> str:
    return f"Lỗi: đã tạo thông báo nhưng không kiểm tra được độ dễ nghe: {detail}"
