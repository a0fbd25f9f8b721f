"""coordinated operations and their results (statistics are queries over these and
over the lifecycle events)

Revision ID: 0009
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "operation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("lead", sa.String(length=10), nullable=False),
        sa.Column("states", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation")),
    )
    op.create_table(
        "operation_result",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=20), nullable=True),
        sa.Column("notice_id", sa.Integer(), nullable=True),
        sa.Column("entity_id", sa.String(length=255), nullable=True),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column("quantity", sa.Numeric(20, 3), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operation.id"],
            name=op.f("fk_operation_result_operation_id_operation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_result")),
    )
    op.create_index("ix_operation_result_date", "operation_result", ["date"])
    op.create_index("ix_operation_result_operation_id", "operation_result", ["operation_id"])


def downgrade() -> None:
    op.drop_table("operation_result")
    op.drop_table("operation")
