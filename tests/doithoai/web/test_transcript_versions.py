"""Transcripts are versioned per recording (issue 13): a second upload never
discards an edited transcript; the secretary chooses which one the pages
and documents use; the jobs table names the file; the migration turns an
existing transcript into the meeting's first version."""

from __future__ import annotations

import datetime as dt
import re

from alembic import command
from sqlalchemy import select, text
from webbuild import SAMPLE_MEETING

from doithoai.jobs import lifecycle
from doithoai.services import transcript_import
from doithoai.services.segments import transcript_of
from doithoai.store.db import alembic_config, get_engine, migrate, session_scope
from doithoai.store.tables import AuditRow, MeetingRow, RecordingRow, SegmentRow, TranscriptRow
from pipeline.transcript import ModelInfo, Source, Transcript
from pipeline.transcript import Segment as TSeg

ASKED = (
    "Tôi là Nguyễn Văn Ba ở thôn Phước Hòa, đề nghị xã sớm sửa con đường liên thôn bị sạt lở, "
    "mùa mưa bà con đi lại rất khó khăn."
)


def _transcript(n: int, sha: str, model: str) -> Transcript:
    segs = [
        TSeg(i, 10.0 * i, 10.0 * i + 8, ASKED if i == 1 else f"Đoạn số {i} của bản {model}", speaker="SPK1")
        for i in range(n)
    ]
    return Transcript(Source("ghi-am.wav", sha, 10.0 * n), ModelInfo(model), segs)


def _meeting_with_recordings(settings, names: list[str]) -> tuple[int, list[int]]:
    migrate(settings.database_url)  # idempotent: with or without the app fixture
    with session_scope(settings.database_url) as db:
        m = MeetingRow(title="Đối thoại", date=dt.date(2024, 9, 20), config=SAMPLE_MEETING.read_text(encoding="utf-8"))
        db.add(m)
        db.flush()
        recs = [
            RecordingRow(
                meeting_id=m.id,
                original_name=name,
                path=f"recordings/{m.id}/{n}.wav",
                size=10,
                sha256=f"{n:064d}",
                duration=70.0,
            )
            for n, name in enumerate(names, 1)
        ]
        db.add_all(recs)
        db.flush()
        return m.id, [r.id for r in recs]


def _in_use(settings, meeting_id: int) -> list[str]:
    with session_scope(settings.database_url) as db:
        t = transcript_of(db, meeting_id)
        return [s.text for s in t.segments] if t else []


def test_a_second_upload_keeps_the_edited_transcript(clients, web_settings):
    mid, (first_rec, second_rec) = _meeting_with_recordings(web_settings, ["buoi-sang.wav", "ban-thu-hai.wav"])
    with session_scope(web_settings.database_url) as db:
        transcript_import.import_transcript(db, mid, _transcript(7, "", "mo-hinh-a"), first_rec)
        first_id = db.scalar(select(MeetingRow.transcript_id).where(MeetingRow.id == mid))
        seg = db.scalars(
            select(SegmentRow).where(SegmentRow.transcript_id == first_id).order_by(SegmentRow.idx)
        ).first()
    r = clients["thu_ky"].form(f"/meetings/{mid}/segments/{seg.id}", {"text": "Lời chủ tịch đã sửa tay"})
    assert r.status_code == 303

    with session_scope(web_settings.database_url) as db:
        second = transcript_import.import_transcript(db, mid, _transcript(4, "", "mo-hinh-b"), second_rec)
    assert not second.used
    texts = _in_use(web_settings, mid)
    assert len(texts) == 7 and texts[0] == "Lời chủ tịch đã sửa tay"  # 7 segments and the correction stay

    page = clients["thu_ky"].get(f"/meetings/{mid}").text
    rows = re.findall(r'<tr data-transcript="(\d+)">(.*?)</tr>', page, re.S)
    assert [int(t) for t, _ in rows] == [second.transcript_id, first_id]
    assert "ban-thu-hai.wav" in rows[0][1] and "Dùng bản này" in rows[0][1]
    assert "buoi-sang.wav" in rows[1][1] and "Đang dùng" in rows[1][1]

    # The secretary chooses the new one: the pages and documents use it, the old one is kept.
    r = clients["thu_ky"].form(f"/meetings/{mid}/transcripts/{second.transcript_id}/use")
    assert r.status_code == 303 and "ban-thu-hai.wav" in r.headers["location"]
    texts = _in_use(web_settings, mid)
    assert len(texts) == 4 and texts[0] == "Đoạn số 0 của bản mo-hinh-b"
    assert "mo-hinh-b" in clients["thu_ky"].get(f"/meetings/{mid}/transcript").text
    # and back: the edited one is still there, with its correction
    assert clients["thu_ky"].form(f"/meetings/{mid}/transcripts/{first_id}/use").status_code == 303
    assert _in_use(web_settings, mid)[0] == "Lời chủ tịch đã sửa tay"
    with session_scope(web_settings.database_url) as db:
        actions = [a.action for a in db.scalars(select(AuditRow).where(AuditRow.meeting_id == mid))]
    assert actions.count("use_transcript") == 2


def test_a_new_transcript_is_used_when_the_current_one_is_unedited(web_settings):
    mid, (rec,) = _meeting_with_recordings(web_settings, ["mot.wav"])
    with session_scope(web_settings.database_url) as db:
        first = transcript_import.import_transcript(db, mid, _transcript(7, "", "a"), rec)
        second = transcript_import.import_transcript(db, mid, _transcript(4, f"{1:064d}", "b"))  # matched by hash
        assert first.used and second.used
        versions = db.scalars(select(TranscriptRow).where(TranscriptRow.meeting_id == mid)).all()
        assert [(v.recording_id, v.source, v.model) for v in versions] == [(rec, "mot.wav", "a"), (rec, "mot.wav", "b")]
    assert len(_in_use(web_settings, mid)) == 4


def test_choosing_refuses_another_meetings_transcript_and_other_roles(clients, web_settings):
    mid, (rec,) = _meeting_with_recordings(web_settings, ["mot.wav"])
    other, _ = _meeting_with_recordings(web_settings, [])
    with session_scope(web_settings.database_url) as db:
        tid = transcript_import.import_transcript(db, mid, _transcript(3, "", "a"), rec).transcript_id
    assert clients["thu_ky"].form(f"/meetings/{other}/transcripts/{tid}/use").status_code == 404
    r = clients["thu_ky"].form(f"/meetings/{mid}/transcripts/{tid}/use")
    assert r.status_code == 400 and "đang được dùng" in r.text
    assert clients["can_bo"].form(f"/meetings/{mid}/transcripts/{tid}/use").status_code == 403


def test_the_jobs_table_names_the_file(clients, web_settings, sent):
    mid, (first, second) = _meeting_with_recordings(web_settings, ["sang.wav", "chieu.wav"])
    with session_scope(web_settings.database_url) as db:
        for rec in (first, second):
            lifecycle.enqueue_transcription(db, web_settings, mid, rec, None)
    page = clients["thu_ky"].get(f"/meetings/{mid}").text
    files = re.findall(r'<td data-role="file">([^<]*)</td>', page)
    assert files == ["chieu.wav", "sang.wav"]  # newest job first


def test_the_migration_keeps_an_existing_transcript(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    command.upgrade(alembic_config(url), "0003")
    with get_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO meetings (id, title, date, config, transcript_model, created_at, updated_at) "
                "VALUES (1, 'Đối thoại', '2024-09-20', '', 'pho-whisper', '2024-09-20', '2024-09-20')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO meetings (id, title, date, config, transcript_model, created_at, updated_at) "
                "VALUES (2, 'Chưa gỡ băng', '2024-09-21', '', '', '2024-09-21', '2024-09-21')"
            )
        )
        for rid in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO recordings (id, meeting_id, original_name, path, size, sha256, duration, "
                    f"uploaded_at) VALUES ({rid}, 1, 'ban-{rid}.wav', 'r', 1, '', 1.0, '2024-09-20')"
                )
            )
        for idx, (t, asr) in enumerate([("đã sửa", "asr một"), ("hai", "hai")]):
            conn.execute(
                text(
                    'INSERT INTO segments (meeting_id, idx, start, "end", speaker, text, asr_text, words) '
                    f"VALUES (1, {idx}, {idx}, {idx + 1}, 'S1', '{t}', '{asr}', '[]')"
                )
            )
        conn.execute(text("INSERT INTO speakers (meeting_id, label, name) VALUES (1, 'S1', 'Chủ tịch')"))
    migrate(url)
    with session_scope(url) as db:
        (version,) = db.scalars(select(TranscriptRow)).all()
        assert (version.meeting_id, version.recording_id, version.source, version.model) == (
            1,
            2,
            "ban-2.wav",
            "pho-whisper",
        )
        assert version.edited_at is not None  # a corrected segment: a new upload will not push it aside
        assert db.get(MeetingRow, 1).transcript_id == version.id and db.get(MeetingRow, 2).transcript_id is None
        t = transcript_of(db, 1)
        assert [s.text for s in t.segments] == ["đã sửa", "hai"] and t.speakers == {"S1": "Chủ tịch"}
