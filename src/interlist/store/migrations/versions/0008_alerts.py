"""monitored subjects, their keys, alerts, cases, webhooks and their deliveries

Monitoring (issue 18): ``monitor_subject`` (an agency's subjects, newest revision) and
``monitor_subject_event`` (every registration, update, removal), ``monitor_key`` (the
blocking keys of watched subjects), ``monitor_agency`` (an agency's alert threshold),
``alert`` and ``alert_case`` (what is particular to those lifecycle records),
``webhook`` and ``webhook_delivery`` (every attempt logged).

Revision ID: 0008
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)
TABLES = ("webhook_delivery", "webhook", "alert_case", "alert", "monitor_agency",
          "monitor_key", "monitor_subject_event", "monitor_subject")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "monitor_subject",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("dataset", sa.String(length=100), nullable=True),
        sa.Column("schema", sa.String(length=50), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("updated_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_subject")),
        sa.UniqueConstraint(
            "agency", "subject_id", name=op.f("uq_monitor_subject_agency_subject_id")
        ),
    )
    op.create_table(
        "monitor_subject_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["subject"],
            ["monitor_subject.id"],
            name=op.f("fk_monitor_subject_event_subject_monitor_subject"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitor_subject_event")),
    )
    op.create_index("ix_monitor_subject_event_subject", "monitor_subject_event", ["subject"])
    op.create_table(
        "monitor_key",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("subject", sa.Integer(), nullable=False),
    )
    op.create_index("ix_monitor_key_key", "monitor_key", ["key"])
    op.create_index("ix_monitor_key_subject", "monitor_key", ["subject"])
    op.create_table(
        "monitor_agency",
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("decision_hours", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("agency", name=op.f("pk_monitor_agency")),
    )
    op.create_table(
        "alert",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("subject_revision", sa.Integer(), nullable=False),
        sa.Column("subject_digest", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("entity_version", sa.Integer(), nullable=True),
        sa.Column("entity_digest", sa.String(length=40), nullable=False),
        sa.Column("entity_data", sa.JSON(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("cause", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("freeze", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["lc_record.id"],
            name=op.f("fk_alert_record_id_lc_record"),
        ),
        sa.ForeignKeyConstraint(
            ["subject"],
            ["monitor_subject.id"],
            name=op.f("fk_alert_subject_monitor_subject"),
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_alert")),
    )
    op.create_index(
        "ix_alert_agency_subject_entity_id", "alert", ["agency", "subject", "entity_id"]
    )
    op.create_index("ix_alert_entity_id", "alert", ["entity_id"])
    op.create_table(
        "alert_case",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(length=255), nullable=False),
        sa.Column("assignee", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("created_at", NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["lc_record.id"],
            name=op.f("fk_alert_case_record_id_lc_record"),
        ),
        sa.ForeignKeyConstraint(
            ["subject"],
            ["monitor_subject.id"],
            name=op.f("fk_alert_case_subject_monitor_subject"),
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_alert_case")),
    )
    op.create_index("ix_alert_case_agency_subject", "alert_case", ["agency", "subject"])
    op.create_table(
        "webhook",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook")),
    )
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("webhook", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", NOW, nullable=True),
        sa.Column("last_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("log", sa.JSON(), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("delivered_at", NOW, nullable=True),
        sa.ForeignKeyConstraint(
            ["webhook"],
            ["webhook.id"],
            name=op.f("fk_webhook_delivery_webhook_webhook"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    op.create_index("ix_webhook_delivery_status_next_at", "webhook_delivery", ["status", "next_at"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
