"""index statement.value, so that entities pointing at an entity are found without a scan

A profile shows the sanctions, documents, addresses and relationships that point at
an entity (Sanction.entity, Identification.holder, Family.relative, ...): a lookup of
statements by value. Without an index that scans every statement (about 300 ms on
the shared lists). SQLite gets a plain index; PostgreSQL a hash index, which has no
size limit on long values (a B-tree entry must stay under about 2.7 kB).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_statement_value", "statement", ["value"], postgresql_using="hash")


def downgrade() -> None:
    op.drop_index("ix_statement_value", table_name="statement")
