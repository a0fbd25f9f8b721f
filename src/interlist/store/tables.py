"""The databank's tables, declared once with SQLAlchemy Core.

Facts are *statements*: one row per (source, entity, property, value, language).
A statement is never deleted: when the next version of its list no longer
states it, it is closed (``active`` false, ``last_version`` kept). Entities
are assembled from their statements; ``listing`` says, per source, whether an
entity is still on the list or since when it is delisted; ``change`` records
what each version added, changed and delisted.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(255)

source = Table(
    "source",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("url", Text),
    Column("restricted_to", JSON),  # agency names allowed to see it; NULL: everyone
    Column("state", String(2)),  # the member state whose national list it is (NULL: none)
)

source_version = Table(
    "source_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), ForeignKey("source.name"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("format", String(50), nullable=False),
    Column("publisher_date", Date),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("entities", Integer, nullable=False),
    Column("targets", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("delisted", Integer, nullable=False),
    Column("counts", JSON, nullable=False),  # entities by schema
    Column("rejected", JSON, nullable=False),  # [{"location", "reason"}]
    Index(None, "source", "file_hash"),
)

entity = Table(
    "entity",
    metadata,
    Column("id", ID, primary_key=True),
    Column("schema", String(50), nullable=False),
    Column("caption", Text, nullable=False),
    Column("target", Boolean, nullable=False),  # a designated party, not a sanction/document
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_change", DateTime(timezone=True), nullable=False),
    Column("listed", Boolean, nullable=False),  # on at least one list now
)

listing = Table(
    "listing",
    metadata,
    Column("entity_id", ID, ForeignKey("entity.id"), primary_key=True),
    Column("source", String(100), ForeignKey("source.name"), primary_key=True),
    Column("first_version", Integer, ForeignKey("source_version.id"), nullable=False),
    Column("last_version", Integer, ForeignKey("source_version.id"), nullable=False),
    Column("delisted_on", Date),  # NULL while listed
    Column("delisted_version", Integer, ForeignKey("source_version.id")),
)

statement = Table(
    "statement",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", ID, nullable=False),
    Column("schema", String(50), nullable=False),
    Column("prop", String(50), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text),
    Column("lang", String(10)),
    Column("source", String(100), ForeignKey("source.name"), nullable=False),
    Column("first_version", Integer, ForeignKey("source_version.id"), nullable=False),
    Column("last_version", Integer, ForeignKey("source_version.id"), nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
    Index(None, "entity_id"),
    Index(None, "source", "active"),
)

change = Table(
    "change",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("source_version.id"), nullable=False),
    Column("entity_id", ID, nullable=False),
    Column("kind", String(20), nullable=False),  # added / changed / delisted / relisted
    Column("detail", JSON, nullable=False),  # {"added": {prop: [values]}, "removed": {...}}
    Index(None, "entity_id"),
    Index(None, "version_id"),
)
