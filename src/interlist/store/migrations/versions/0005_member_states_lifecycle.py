"""member states, agencies and sources of a state, lifecycle records and their events

The inter-state layer: ``member_state``; ``agency.state`` / ``agency.centre`` and
``source.state``; ``lc_record`` (one row per workflow record, its current status and
next deadline), ``lc_event`` (append-only: refused UPDATE and DELETE through
triggers, as the audit log) and ``recognition`` (what a recognition request asks).
The agency named ``coordination`` (the first admin's) becomes the coordinating centre.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)

SQLITE_TRIGGERS = [
    "CREATE TRIGGER lc_event_no_update BEFORE UPDATE ON lc_event "
    "BEGIN SELECT RAISE(ABORT, 'lc_event is append-only'); END",
    "CREATE TRIGGER lc_event_no_delete BEFORE DELETE ON lc_event "
    "BEGIN SELECT RAISE(ABORT, 'lc_event is append-only'); END",
]
POSTGRES_TRIGGERS = [
    "CREATE FUNCTION lc_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'lc_event is append-only'; END $$",
    "CREATE TRIGGER lc_event_append_only BEFORE UPDATE OR DELETE ON lc_event "
    "FOR EACH ROW EXECUTE FUNCTION lc_event_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "member_state",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("review_months", sa.Integer(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_member_state")),
    )
    op.add_column("agency", sa.Column("state", sa.String(length=2), nullable=True))
    op.add_column(
        "agency", sa.Column("centre", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("source", sa.Column("state", sa.String(length=2), nullable=True))
    op.execute("UPDATE agency SET centre = TRUE WHERE name = 'coordination'")
    op.create_table(
        "lc_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("updated_at", NOW, nullable=False),
        sa.Column("due_at", NOW, nullable=True),
        sa.Column("due_kind", sa.String(length=30), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lc_record")),
    )
    op.create_index("ix_lc_record_kind_status", "lc_record", ["kind", "status"])
    op.create_index("ix_lc_record_due_at", "lc_record", ["due_at"])
    op.create_table(
        "lc_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("transition", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("at", NOW, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["lc_record.id"], name=op.f("fk_lc_event_record_id_lc_record")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lc_event")),
        sa.UniqueConstraint("record_id", "seq", name=op.f("uq_lc_event_record_id_seq")),
    )
    op.create_table(
        "recognition",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("from_state", sa.String(length=2), nullable=False),
        sa.Column("to_state", sa.String(length=2), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=True),
        sa.Column("legal_act", sa.Text(), nullable=True),
        sa.Column("ground", sa.String(length=40), nullable=True),
        sa.Column("decided_at", NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"], ["lc_record.id"], name=op.f("fk_recognition_record_id_lc_record")
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_recognition")),
    )
    op.create_index("ix_recognition_entity_id", "recognition", ["entity_id"])
    op.create_index("ix_recognition_to_state_from_state", "recognition", ["to_state", "from_state"])
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS lc_event_append_only ON lc_event")
        op.execute("DROP FUNCTION IF EXISTS lc_event_append_only()")
    for table in ("recognition", "lc_event", "lc_record", "member_state"):
        op.drop_table(table)
    op.drop_column("source", "state")
    op.drop_column("agency", "centre")
    op.drop_column("agency", "state")
