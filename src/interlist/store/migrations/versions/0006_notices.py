"""wanted notices, the states not acting on them, their photographs, hit reports

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)


def _record(name: str, table: str, column: str = "record_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["lc_record.id"], name=op.f(f"fk_{table}_{column}_lc_record")
    )


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("issuing_state", sa.String(length=2), nullable=False),
        sa.Column("issuing_agency", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("law", sa.Text(), nullable=False),
        sa.Column("max_penalty_years", sa.Integer(), nullable=False),
        sa.Column("offence_date", sa.String(length=10), nullable=True),
        sa.Column("offence_place", sa.Text(), nullable=True),
        sa.Column("warrant_authority", sa.Text(), nullable=False),
        sa.Column("warrant_reference", sa.Text(), nullable=False),
        sa.Column("warrant_date", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("marks", sa.Text(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=True),
        sa.Column("published_at", NOW, nullable=True),
        _record("notice", "notice"),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_notice")),
        sa.UniqueConstraint("entity_id", name=op.f("uq_notice_entity_id")),
    )
    op.create_index("ix_notice_issuing_state", "notice", ["issuing_state"])
    op.create_table(
        "notice_flag",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("at", NOW, nullable=False),
        _record("notice_flag", "notice_flag"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_flag")),
        sa.UniqueConstraint("record_id", "state", name=op.f("uq_notice_flag_record_id_state")),
    )
    op.create_table(
        "notice_photo",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("at", NOW, nullable=False),
        _record("notice_photo", "notice_photo"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_photo")),
    )
    op.create_index("ix_notice_photo_record_id", "notice_photo", ["record_id"])
    op.create_table(
        "hit_report",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("issuing_state", sa.String(length=2), nullable=False),
        sa.Column("issuing_agency", sa.String(length=100), nullable=False),
        sa.Column("screened_by", sa.String(length=100), nullable=False),
        sa.Column("screened_agency", sa.String(length=100), nullable=False),
        sa.Column("screened_state", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("record_key", sa.String(length=64), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("score", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        _record("hit_report", "hit_report"),
        _record("hit_report", "hit_report", "notice_id"),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_hit_report")),
        sa.UniqueConstraint(
            "notice_id", "record_key", name=op.f("uq_hit_report_notice_id_record_key")
        ),
    )
    op.create_index("ix_hit_report_issuing_state", "hit_report", ["issuing_state"])


def downgrade() -> None:
    for table in ("hit_report", "notice_photo", "notice_flag", "notice"):
        op.drop_table(table)
