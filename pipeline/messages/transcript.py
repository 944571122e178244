"""The transcript file (pipeline.transcript): why a transcript JSON is refused."""

from __future__ import annotations

from pathlib import Path


def bad_transcript(path: Path | None, why: str) -> str:
    where = f" {path}" if path else ""
    return f"Tệp bản ghi (transcript){where} không hợp lệ: {why}. / Invalid transcript JSON: {why}."


def schema_missing(schema: str) -> str:
    return f'thiếu "schema": "{schema}"'


def version_unsupported(version: object, newest: int) -> str:
    return f"phiên bản {version!r} không được hỗ trợ (tối đa {newest})"


def segment_ends_before_start(i: int) -> str:
    return f"đoạn {i} kết thúc trước khi bắt đầu"


def field_missing(exc: Exception) -> str:
    return f"thiếu hoặc sai trường {exc}"


def transcript_not_found(path: Path) -> str:
    return f"Không tìm thấy tệp: {path}. / File not found."


def not_json(exc: Exception) -> str:
    return f"không đọc được JSON ({exc})"
