"""Tables of the inter-state layer: member states, lifecycle records and their events.

Every workflow (recognition requests, wanted notices, freezes, alerts...) keeps
its records in ``lc_record`` (kind, current status, next deadline) and every
move between statuses in ``lc_event``, which is append-only: the current status
is the ``to_status`` of a record's newest event, and ``interlist check`` compares
the two. What is particular to a kind of record lives in a table of its own
keyed by the record id (``recognition``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from interlist.store.tables import ID, metadata

member_state = Table(
    "member_state",
    metadata,
    Column("code", String(2), primary_key=True),  # ISO 3166-1 alpha-2, lower case
    Column("name", Text, nullable=False),
    Column("languages", JSON, nullable=False),  # ISO 639-1 codes, e.g. ["ru", "kk"]
    Column("review_months", Integer, nullable=False),  # how often recognitions are reviewed
    Column("created_at", DateTime(timezone=True), nullable=False),
)

lc_record = Table(
    "lc_record",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(30), nullable=False),  # the lifecycle: recognition, notice...
    Column("status", String(30), nullable=False),
    Column("seq", Integer, nullable=False),  # number of events; guards concurrent moves
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True)),  # the next deadline, if any
    Column("due_kind", String(30)),  # which deadline: response, review, expiry...
    Index(None, "kind", "status"),
    Index(None, "due_at"),
)

lc_event = Table(
    "lc_event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("lc_record.id"), nullable=False),
    Column("seq", Integer, nullable=False),  # 1 for the event that opened the record
    Column("transition", String(30), nullable=False),
    Column("from_status", String(30)),  # NULL for the opening event
    Column("to_status", String(30), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("agency", String(100), nullable=False),
    Column("state", String(2)),  # the actor's member state (NULL: the centre or the system)
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Column("payload", JSON, nullable=False),  # the fields the transition recorded
    UniqueConstraint("record_id", "seq"),
)

recognition = Table(
    "recognition",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("entity_id", ID, nullable=False),
    Column("source", String(100), nullable=False),  # the requesting state's national list
    Column("from_state", String(2), nullable=False),
    Column("to_state", String(2), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("measures", JSON, nullable=False),
    Column("respond_by", Date),
    Column("legal_act", Text),  # the recognising state's act (decision, order...)
    Column("ground", String(40)),  # why it was refused (resources/cooperation.yml)
    Column("decided_at", DateTime(timezone=True)),
    Index(None, "entity_id"),
    Index(None, "to_state", "from_state"),
)
