"""Tables of monitoring: subjects under watch, their keys, alerts, cases, webhooks.

An agency's monitored subjects are kept in ``monitor_subject`` (one row per subject id
the agency gave, its newest revision) and every registration, update and removal in
``monitor_subject_event`` (never deleted). ``monitor_key`` holds each watched subject's
blocking keys, so that a list change is screened against the subjects sharing a key
with the changed entities, not against every subject. Alerts and cases are lifecycle
records (``lc_record``); what is particular to them lives in ``alert`` and
``alert_case``. Webhooks, and every attempt to deliver to one, in ``webhook`` and
``webhook_delivery``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from interlist.store.tables import ID, metadata

monitor_subject = Table(
    "monitor_subject",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(100), nullable=False),
    Column("subject_id", String(255), nullable=False),  # the agency's own id
    Column("dataset", String(100)),  # the collection screened against (NULL: everything)
    Column("schema", String(50), nullable=False),
    Column("name", Text, nullable=False),
    Column("query", JSON, nullable=False),  # the screening query mapping
    Column("digest", String(40), nullable=False),  # of the query: changes when it does
    Column("revision", Integer, nullable=False),  # 1, then +1 at each update
    Column("active", Boolean, nullable=False),  # under watch (false: removed)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("agency", "subject_id"),
)

monitor_subject_event = Table(
    "monitor_subject_event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", Integer, ForeignKey("monitor_subject.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("action", String(20), nullable=False),  # registered / updated / removed
    Column("query", JSON, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index(None, "subject"),
)

monitor_key = Table(
    "monitor_key",
    metadata,
    Column("key", String(120), nullable=False),
    Column("subject", Integer, nullable=False),  # monitor_subject.id (no FK: bulk speed)
    Index(None, "key"),
    Index(None, "subject"),
)

monitor_agency = Table(
    "monitor_agency",
    metadata,
    Column("agency", String(100), primary_key=True),
    Column("threshold", Float, nullable=False),  # the score from which a pair alerts
    Column("decision_hours", Integer),  # own deadline for a decision (NULL: declared)
)

alert = Table(
    "alert",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("agency", String(100), nullable=False),
    Column("subject", Integer, ForeignKey("monitor_subject.id"), nullable=False),
    Column("subject_id", String(255), nullable=False),
    Column("subject_revision", Integer, nullable=False),
    Column("subject_digest", String(40), nullable=False),
    Column("entity_id", ID, nullable=False),
    Column("entity_version", Integer),  # the newest list version stating the entity
    Column("entity_digest", String(40), nullable=False),  # of its matched data
    Column("entity_data", JSON, nullable=False),  # the matched data, as compared
    Column("caption", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("cause", JSON, nullable=False),  # the change that caused it
    Column("changes", JSON, nullable=False),  # what changed since the pair was cleared
    Column("measures", JSON, nullable=False),  # e.g. asset_freeze: for the freeze register
    Column("freeze", Boolean, nullable=False),  # a confirmed match on an asset freeze
    Column("decision", String(30)),
    Column("reason", String(40)),
    Column("decided_by", String(100)),
    Column("case_id", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "agency", "subject", "entity_id"),
    Index(None, "entity_id"),
)

alert_case = Table(
    "alert_case",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("agency", String(100), nullable=False),
    Column("subject", Integer, ForeignKey("monitor_subject.id"), nullable=False),
    Column("subject_id", String(255), nullable=False),
    Column("assignee", String(100)),
    Column("outcome", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "agency", "subject"),
)

webhook = Table(
    "webhook",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(100), nullable=False),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

webhook_delivery = Table(
    "webhook_delivery",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("webhook", Integer, ForeignKey("webhook.id"), nullable=False),
    Column("event", String(40), nullable=False),  # alert.opened, alert.decided...
    Column("body", Text, nullable=False),  # the JSON sent, exactly
    Column("status", String(20), nullable=False),  # pending / delivered / failed
    Column("attempts", Integer, nullable=False),
    Column("next_at", DateTime(timezone=True)),  # when to try next (pending)
    Column("last_code", Integer),  # the receiver's HTTP status
    Column("last_error", Text),
    Column("log", JSON, nullable=False),  # every attempt: at, code or error
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Index(None, "status", "next_at"),
)
