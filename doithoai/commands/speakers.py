"""`doithoai speakers`: name the speakers of a diarized transcript."""

from __future__ import annotations

import click

from doithoai.messages import cli as help_msg
from doithoai.messages import speakers as msg
from minutes.meeting import load_meeting
from pipeline.errors import BadInputError, UserError
from pipeline.messages import speakers as speakers_msg
from pipeline.speakers import best_names, propose_names, rename_speakers, speaker_labels
from pipeline.transcript import load_transcript


def parse_assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    """LABEL=NAME arguments → {label: name}; clear errors for malformed ones."""
    if not pairs:
        raise UserError(msg.NO_NAMES_GIVEN)
    mapping: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(msg.assignment_without_equals(pair))
        label, name = (x.strip() for x in pair.split("=", 1))
        if not label:
            raise UserError(msg.assignment_without_label(pair))
        if not name.strip("\"'“” "):
            raise UserError(msg.assignment_empty_name(label))
        if label in mapping:
            raise UserError(msg.label_given_twice(label))
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
    for label in mapping:
        click.echo(f"{label} → {renamed.speakers[label]}")
    click.echo(msg.transcript_saved(transcript))


@command.command("propose")
@click.argument("transcript", type=click.Path(path_type=str))
@click.option("--meeting", "-m", type=click.Path(path_type=str), help=help_msg.SPEAKERS_MEETING_HELP)
@click.option("--apply", "apply_", is_flag=True, help=help_msg.SPEAKERS_APPLY_HELP)
def propose_cmd(transcript: str, meeting: str | None, apply_: bool) -> None:
    """Đề xuất tên người nói từ lời nói: "tôi tên là …", "xin mời …", danh sách cán bộ."""
    doc = load_transcript(transcript)
    if not speaker_labels(doc):
        raise BadInputError(speakers_msg.NO_SPEAKERS)
    meet = None
    if meeting:
        meet = load_meeting(meeting)
    proposals = propose_names(doc, meet)
    if not proposals:
        click.echo(msg.NO_NAMES_FOUND)
        return
    for p in proposals:
        current = doc.speakers.get(p.label, p.label)
        click.echo(f"{p.label} ({current}) → {p.name}   [{p.reason}; {'; '.join(p.evidence)}]")
    best = best_names(proposals)
    if apply_:
        rename_speakers(doc, best).save(transcript)
        click.echo(msg.names_applied(len(best), transcript))
    else:
        args = " ".join(f'{label}="{name}"' for label, name in best.items())
        click.echo(msg.how_to_apply_names(transcript, args))
