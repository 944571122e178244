"""`doithoai announce`: the loudspeaker notice as MP3 + WAV master, its script,
its broadcast plan (.ics) and an optional intelligibility check."""

from __future__ import annotations

from pathlib import Path

import click

from broadcast import messages as M
from doithoai.services import broadcast as service


def _split_list(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if value.strip().lower() in ("none", "không", ""):
        return ()
    return tuple(v.strip() for v in value.split(",") if v.strip())


@click.command("announce")
@click.argument("event", required=False, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Tệp MP3 để phát (bản WAV gốc ghi cạnh nó).")
@click.option("--dry-run", is_flag=True, help="Chỉ xem trước văn bản máy sẽ đọc và lịch phát, không tạo âm thanh.")
@click.option("--engine", "-e", help="Bộ đọc: espeak-ng (ngoại tuyến), gtts (cần mạng), piper (giọng .onnx).")
@click.option("--fallback", help="Bộ đọc dự phòng, cách nhau bằng dấu phẩy, hoặc 'none' (mặc định: espeak-ng).")
@click.option("--speed", type=click.FloatRange(0.5, 2.0), help="Tốc độ đọc (1.0 = bình thường, 0.9 = chậm hơn).")
@click.option("--repeat", type=click.IntRange(1, 5), help="Số lần đọc thông báo (mặc định 2: 'Xin thông báo lại').")
@click.option("--lead-days", type=click.IntRange(0, 60), help="Số ngày tối thiểu phát trước sự kiện (mặc định 3).")
@click.option("--force", is_flag=True, help="Vẫn làm dù lịch phát vi phạm số ngày phát trước.")
@click.option("--check", is_flag=True, help="Nhận dạng lại âm thanh và báo tỉ lệ lỗi từ so với kịch bản.")
@click.option("--script", "script_file", type=click.Path(path_type=Path), help="Phát kịch bản đã sửa (tệp từ --script-out).")
@click.option("--script-out", type=click.Path(path_type=Path), help="Ghi kịch bản ra tệp văn bản để sửa.")
@click.option("--spoken-out", type=click.Path(path_type=Path), help="Ghi văn bản máy đọc (đã chuẩn hóa số, ngày, chữ viết tắt).")
@click.option("--text", help="Văn bản thông báo tự do (thay cho nội dung từ tệp sự kiện).")
@click.option("--text-file", type=click.Path(path_type=Path), help="Tệp văn bản thông báo tự do (UTF-8).")
@click.option("--ics", type=click.Path(path_type=Path), help="Xuất lịch phát ra tệp .ics (lịch điện thoại, Google Calendar).")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Thư mục lưu tạm giọng đọc đã tạo.")
@click.option("--organiser", help="Cơ quan thông báo, ví dụ 'Ủy ban nhân dân xã Bình Thanh'.")
@click.option("--title", help="Tên sự kiện.")
@click.option("--date", "event_date", help="Ngày tổ chức, ví dụ 2024-09-20 hoặc 20/9/2024.")
@click.option("--time", "event_time", help="Giờ bắt đầu, ví dụ 08:00 hoặc 7h30.")
@click.option("--venue", help="Địa điểm.")
@click.option("--audience", multiple=True, help="Thôn được mời (lặp lại cho nhiều thôn).")
@click.option("--content", multiple=True, help="Một nội dung chính (lặp lại cho nhiều nội dung).")
@click.option("--contact", help="Nơi liên hệ.")
@click.option("--station", help="Tên đài, ví dụ 'Đài truyền thanh xã Bình Thanh'.")
@click.option("--slot", multiple=True, help="Giờ phát, ví dụ 06:00 (lặp lại cho nhiều giờ).")
@click.option("--broadcast-date", multiple=True, help="Ngày phát cụ thể (lặp lại); không có thì tự động.")
@click.option("--days-before", type=click.IntRange(1, 60), help="Lịch tự động: phát hằng ngày từ N ngày trước sự kiện.")
def command(event: Path | None, output: Path | None, dry_run: bool, engine: str | None, fallback: str | None, speed: float | None,
            repeat: int | None, lead_days: int | None, force: bool, check: bool, script_file: Path | None,
            script_out: Path | None, spoken_out: Path | None, text: str | None, text_file: Path | None,
            ics: Path | None, cache_dir: Path | None, organiser: str | None, title: str | None,
            event_date: str | None, event_time: str | None, venue: str | None, audience: tuple[str, ...],
            content: tuple[str, ...], contact: str | None, station: str | None, slot: tuple[str, ...],
            broadcast_date: tuple[str, ...], days_before: int | None) -> None:
    """Tạo thông báo truyền thanh từ tệp sự kiện EVENT.toml (hoặc các tùy chọn)."""
    flags = service.EventFlags(
        organiser=organiser, title=title, date=event_date, time=event_time, venue=venue, audience=audience,
        content=content, contact=contact, station=station, slots=slot, broadcast_dates=broadcast_date,
        days_before=days_before, lead_days=lead_days, repeat=repeat, speed=speed, engine=engine,
        fallback=_split_list(fallback),
    )
    req = service.AnnounceRequest(
        output=output, event_file=event, flags=flags, text=text, text_file=text_file, script_file=script_file,
        script_out=script_out, spoken_out=spoken_out, ics=ics, force=force, check=check, cache_dir=cache_dir,
    )
    if dry_run:
        prepared = service.preview(req)
        for warning in prepared.warnings:
            click.echo(warning, err=True)
        click.echo("\n\n".join(prepared.spoken))
        click.echo()
        click.echo(prepared.plan.describe())
        return
    result = service.announce(req, progress=lambda m: click.echo(m, err=True))
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(M.made_audio(result.mp3, result.wav, result.duration, result.loudness, result.true_peak, result.engine))
    for path, what in ((script_out, "kịch bản"), (spoken_out, "văn bản máy đọc"), (ics, "lịch phát")):
        if path:
            click.echo(M.wrote(path, what))
    click.echo(result.plan.describe())
    if result.check:
        c = result.check
        click.echo(M.check_report(c.wer, c.reference_words, c.errors, c.key_errors))
    if result.check_error:
        click.echo(M.check_failed(result.check_error), err=True)
        click.get_current_context().exit(2)
