"""`doithoai speakers`: name the speakers of a diarized transcript."""

from __future__ import annotations

import click

from pipeline.errors import BadInputError, UserError
from pipeline.speakers import best_names, propose_names, rename_speakers, speaker_labels
from pipeline.transcript import load_transcript

EXAMPLE = 'doithoai speakers rename bien-ban.json SPK1="Chủ tịch UBND xã Nguyễn Hồng Phước"'


def parse_assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    """LABEL=NAME arguments → {label: name}; clear errors for malformed ones."""
    if not pairs:
        raise UserError(f"Chưa có tên nào để đặt. Ví dụ: {EXAMPLE} / Give at least one LABEL=NAME.")
    mapping: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"'{pair}' thiếu dấu '='. Viết NHÃN=\"Tên\", ví dụ: {EXAMPLE} / Expected LABEL=NAME.")
        label, name = (x.strip() for x in pair.split("=", 1))
        if not label:
            raise UserError(f"'{pair}' thiếu nhãn người nói trước dấu '=' (ví dụ SPK1). / Missing label.")
        if not name.strip("\"'“” "):
            raise UserError(f"Tên cho '{label}' đang để trống. Ví dụ: {EXAMPLE} / Empty name.")
        if label in mapping:
            raise UserError(f"Nhãn '{label}' được đặt tên hai lần. / Label given twice.")
        mapping[label] = name.strip("\"'“” ")
    return mapping


@click.group("speakers")
def command() -> None:
    """Đặt tên người nói trong bản ghi đã phân biệt người nói (--speakers)."""


@command.command("rename")
@click.argument("transcript", type=click.Path(path_type=str))
@click.argument("names", nargs=-1)
def rename_cmd(transcript: str, names: tuple[str, ...]) -> None:
    """Đặt tên hiển thị: NHÃN="Tên" (ví dụ SPK1="Chủ tịch Nguyễn Hồng Phước").

    Tệp bản ghi được ghi lại an toàn (không bao giờ bị ghi dở); các tệp SRT,
    VTT, TXT, biên bản tạo sau đó sẽ dùng tên mới.
    """
    mapping = parse_assignments(names)
    doc = load_transcript(transcript)
    renamed = rename_speakers(doc, mapping)
    renamed.save(transcript)
    for label, name in mapping.items():
        click.echo(f"{label} → {renamed.speakers[label]}")
    click.echo(f"Đã lưu {transcript}.")


@command.command("propose")
@click.argument("transcript", type=click.Path(path_type=str))
@click.option("--meeting", "-m", type=click.Path(path_type=str),
              help="Tệp cuộc họp (.toml): nhận ra chủ trì và cán bộ theo danh sách.")
@click.option("--apply", "apply_", is_flag=True, help="Đặt luôn tên đề xuất tốt nhất cho mỗi người nói.")
def propose_cmd(transcript: str, meeting: str | None, apply_: bool) -> None:
    """Đề xuất tên người nói từ lời nói: "tôi tên là …", "xin mời …", danh sách cán bộ."""
    doc = load_transcript(transcript)
    if not speaker_labels(doc):
        raise BadInputError("Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / No speaker labels.")
    meet = None
    if meeting:
        from minutes.meeting import load_meeting

        meet = load_meeting(meeting)
    proposals = propose_names(doc, meet)
    if not proposals:
        click.echo("Không tìm thấy tên nào trong lời nói. Đặt tên bằng tay: " + EXAMPLE)
        return
    for p in proposals:
        current = doc.speakers.get(p.label, p.label)
        click.echo(f"{p.label} ({current}) → {p.name}   [{p.reason}; {'; '.join(p.evidence)}]")
    best = best_names(proposals)
    if apply_:
        rename_speakers(doc, best).save(transcript)
        click.echo(f"Đã đặt {len(best)} tên và lưu {transcript}.")
    else:
        args = " ".join(f'{label}="{name}"' for label, name in best.items())
        click.echo(f"Để dùng các tên này: doithoai speakers rename {transcript} {args}")
