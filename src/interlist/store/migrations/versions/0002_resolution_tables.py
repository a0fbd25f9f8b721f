"""resolution tables: judgements, suggestions, canonical ids, cluster members

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(length=255)
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("left_id", ID, nullable=False),
        sa.Column("right_id", ID, nullable=False),
        sa.Column("judgement", sa.String(length=14), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("deleted_at", WHEN, nullable=True),
        sa.Column("deleted_by", sa.String(length=255), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement")),
    )
    op.create_index(op.f("ix_judgement_left_id"), "judgement", ["left_id"])
    op.create_index(op.f("ix_judgement_right_id"), "judgement", ["right_id"])
    op.create_index(
        "uq_judgement_open_pair",
        "judgement",
        ["left_id", "right_id"],
        unique=True,
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.create_table(
        "suggestion",
        sa.Column("left_id", ID, nullable=False),
        sa.Column("right_id", ID, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("left_id", "right_id", name=op.f("pk_suggestion")),
    )
    op.create_index(op.f("ix_suggestion_score"), "suggestion", ["score"])
    op.create_table(
        "canonical",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("retired_at", WHEN, nullable=True),
        sa.Column("replaced_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canonical")),
    )
    op.create_table(
        "cluster_member",
        sa.Column("entity_id", ID, nullable=False),
        sa.Column("canonical_id", sa.String(length=64), nullable=False),
        sa.Column("since", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_cluster_member")),
    )
    op.create_index(op.f("ix_cluster_member_canonical_id"), "cluster_member", ["canonical_id"])


def downgrade() -> None:
    op.drop_table("cluster_member")
    op.drop_table("canonical")
    op.drop_index(op.f("ix_suggestion_score"), table_name="suggestion")
    op.drop_table("suggestion")
    op.drop_index("uq_judgement_open_pair", table_name="judgement")
    op.drop_index(op.f("ix_judgement_right_id"), table_name="judgement")
    op.drop_index(op.f("ix_judgement_left_id"), table_name="judgement")
    op.drop_table("judgement")
