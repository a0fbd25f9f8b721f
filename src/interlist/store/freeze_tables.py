"""Tables of the asset-freeze register: what is frozen, and the licences releasing part of it.

A freeze is a lifecycle record (``lc_record`` of kind ``freeze``, its moves in
``lc_event``); ``freeze`` keeps what is particular to it, keyed by the record id.
Amounts are kept as decimal strings (``"12500.00"``), exact on SQLite and
PostgreSQL alike, and summed with :class:`decimal.Decimal`, never as floats.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from interlist.store.tables import ID, metadata

AMOUNT = String(40)  # a decimal number as text, e.g. "12500.00"

freeze = Table(
    "freeze",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("entity_id", ID, nullable=False),  # the designated entity
    Column("state", String(2), nullable=False),  # where the asset is held
    Column("agency", String(100), nullable=False),  # the recording agency
    Column("institution", Text, nullable=False),  # the reporting institution holding it
    Column("asset_type", String(30), nullable=False),  # resources/freezes.yml
    Column("identifier", Text),  # account number, registration...: shown masked to others
    Column("amount", AMOUNT, nullable=False),  # the value when frozen
    Column("currency", String(10), nullable=False),  # ISO 4217 (or a virtual asset's code)
    Column("valued_on", Date),
    Column("frozen_on", Date, nullable=False),
    Column("reported_on", Date, nullable=False),
    Column("basis_kind", String(20), nullable=False),  # listing, recognition, notice
    Column("basis_ref", String(100), nullable=False),  # source name, recognition id, notice ref
    Column("programme", Text),  # the sanctions programme of the basis, for the totals
    Column("note", Text),
    Index(None, "entity_id"),
    Index(None, "state"),
    Index(None, "basis_kind", "basis_ref"),
)

licence = Table(
    "freeze_licence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("freeze_id", Integer, ForeignKey("freeze.record_id"), nullable=False),
    Column("ground", String(30), nullable=False),  # resources/freezes.yml licence_grounds
    Column("amount", AMOUNT, nullable=False),
    Column("currency", String(10), nullable=False),
    Column("granted_on", Date, nullable=False),
    Column("granted_by", Text),  # the authority granting it
    Column("valid_from", Date),
    Column("valid_until", Date),
    Column("committee_notified_on", Date),  # UN listings: the sanctions committee notified
    Column("note", Text),
    Column("actor", String(100), nullable=False),
    Column("agency", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "freeze_id"),
)
