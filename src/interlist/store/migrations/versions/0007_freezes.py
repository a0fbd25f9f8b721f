"""the asset-freeze register: freezes and their licences

``freeze`` (one row per lifecycle record of kind ``freeze``: the entity, the state and
institution holding the asset, its type, identifier, amount and currency as a decimal
string, the dates and the legal basis) and ``freeze_licence`` (releases of part of it).

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "freeze",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("institution", sa.Text(), nullable=False),
        sa.Column("asset_type", sa.String(length=30), nullable=False),
        sa.Column("identifier", sa.Text(), nullable=True),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=10), nullable=False),
        sa.Column("valued_on", sa.Date(), nullable=True),
        sa.Column("frozen_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("basis_kind", sa.String(length=20), nullable=False),
        sa.Column("basis_ref", sa.String(length=100), nullable=False),
        sa.Column("programme", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"], ["lc_record.id"], name=op.f("fk_freeze_record_id_lc_record")
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_freeze")),
    )
    op.create_index("ix_freeze_entity_id", "freeze", ["entity_id"])
    op.create_index("ix_freeze_state", "freeze", ["state"])
    op.create_index("ix_freeze_basis_kind_basis_ref", "freeze", ["basis_kind", "basis_ref"])
    op.create_table(
        "freeze_licence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("freeze_id", sa.Integer(), nullable=False),
        sa.Column("ground", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=10), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("granted_by", sa.Text(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("committee_notified_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["freeze_id"], ["freeze.record_id"], name=op.f("fk_freeze_licence_freeze_id_freeze")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freeze_licence")),
    )
    op.create_index("ix_freeze_licence_freeze_id", "freeze_licence", ["freeze_id"])


def downgrade() -> None:
    op.drop_table("freeze_licence")
    op.drop_table("freeze")
