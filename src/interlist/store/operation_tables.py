"""Tables of coordinated operations and their results.

An operation is a search, financial, border or other operation of several member
states in a period. A result (``operation_result``) is one fact a state reports: a
person detained or identified, a financier identified, a surrender, a seizure with
its quantity and unit. A result that performed a lifecycle transition (a notice's
``located``, ``detained``...) keeps that event's id, so that statistics count the
event once, whether it was recorded as a transition or as a result.
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
    Numeric,
    String,
    Table,
    Text,
)

from interlist.store.tables import ID, metadata

operation = Table(
    "operation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),  # search, financial, border, exercise, other
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("lead", String(10), nullable=False),  # a state's code, or "centre"
    Column("states", JSON, nullable=False),  # the participating states' codes
    Column("description", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("agency", String(100), nullable=False),
)

operation_result = Table(
    "operation_result",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("operation_id", Integer, ForeignKey("operation.id")),  # NULL: outside any operation
    Column("kind", String(30), nullable=False),  # detained, wanted_identified, seizure...
    Column("state", String(2), nullable=False),  # the state reporting it
    Column("date", Date, nullable=False),
    Column("place", String(20)),  # prison, border, residence, other
    Column("notice_id", Integer),  # the wanted notice it concerns
    Column("entity_id", ID),  # the designated person or organisation it concerns
    Column("category", String(30)),  # of a seizure: firearms, ammunition, explosives...
    Column("quantity", Numeric(20, 3)),
    Column("unit", String(10)),  # count, rounds, kg; a currency code for cash
    Column("event_id", Integer),  # the lifecycle event it is (counted once with it)
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("agency", String(100), nullable=False),
    Index(None, "date"),
    Index(None, "operation_id"),
)
