"""transcripts: one per transcription of a recording (or imported JSON);
segments and speakers belong to one; meetings.transcript_id is the one in
use. Existing segments and speakers become the meeting's first transcript
(its latest recording's, with the model meetings.transcript_model named,
which moves to transcripts.model).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transcripts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recording_id"], ["recordings.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transcripts_meeting_id"), ["meeting_id"], unique=False)
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transcript_id", sa.Integer(), nullable=True))
    for table in ("segments", "speakers"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("transcript_id", sa.Integer(), nullable=True))

    # Each meeting with a transcript gets it as its first (and chosen) version.
    op.execute("""
        INSERT INTO transcripts (meeting_id, recording_id, source, model, created_at, edited_at)
        SELECT m.id,
               (SELECT MAX(r.id) FROM recordings r WHERE r.meeting_id = m.id),
               COALESCE((SELECT r.original_name FROM recordings r WHERE r.meeting_id = m.id
                         ORDER BY r.id DESC LIMIT 1), ''),
               m.transcript_model, CURRENT_TIMESTAMP,
               CASE WHEN EXISTS (SELECT 1 FROM segments s WHERE s.meeting_id = m.id AND s.text <> s.asr_text)
                    THEN CURRENT_TIMESTAMP END
        FROM meetings m
        WHERE EXISTS (SELECT 1 FROM segments s WHERE s.meeting_id = m.id)
           OR EXISTS (SELECT 1 FROM speakers p WHERE p.meeting_id = m.id)
    """)
    for table in ("segments", "speakers", "meetings"):
        key = "id" if table == "meetings" else "meeting_id"
        op.execute(
            f"UPDATE {table} SET transcript_id = (SELECT t.id FROM transcripts t WHERE t.meeting_id = {table}.{key})"
        )

    for table in ("segments", "speakers"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("transcript_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_transcript_id"), ["transcript_id"], unique=False)
            batch_op.create_foreign_key(
                f"fk_{table}_transcript_id", "transcripts", ["transcript_id"], ["id"], ondelete="CASCADE"
            )
    # Not a batch operation: on SQLite that copies `meetings` into a new table
    # and drops the old one, and with foreign keys on the drop cascades to
    # every meeting's rows. SQLite >= 3.35 and PostgreSQL drop a column in place.
    op.execute("ALTER TABLE meetings DROP COLUMN transcript_model")


def downgrade() -> None:
    """Back to one transcript per meeting: the chosen one is kept, the others dropped."""
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transcript_model", sa.String(length=200), nullable=False, server_default=""))
    op.execute(
        "UPDATE meetings SET transcript_model = COALESCE("
        "(SELECT t.model FROM transcripts t WHERE t.id = meetings.transcript_id), '')"
    )
    for table in ("segments", "speakers"):
        op.execute(
            f"DELETE FROM {table} WHERE transcript_id NOT IN "
            f"(SELECT m.transcript_id FROM meetings m WHERE m.transcript_id IS NOT NULL)"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_transcript_id", type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_transcript_id"))
            batch_op.drop_column("transcript_id")
    op.execute("ALTER TABLE meetings DROP COLUMN transcript_id")  # in place, as in upgrade()
    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transcripts_meeting_id"))
    op.drop_table("transcripts")
