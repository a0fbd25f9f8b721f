"""Tables of wanted notices: the notice, the states that will not act on it, its
photographs, and the hit reports screening opens.

A notice and a hit report are lifecycle records (``lc_record`` / ``lc_event``); these
tables keep what is particular to them, keyed by the record id. The subject's FtM
properties are kept here while the notice is drafted; once published they are also
the statements of the ``notices`` source (see ``interlist.notices.source``).
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
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from interlist.store.tables import ID, metadata

notice = Table(
    "notice",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("entity_id", ID, nullable=False, unique=True),  # the subject in source `notices`
    Column("issuing_state", String(2), nullable=False),
    Column("issuing_agency", String(100), nullable=False),
    Column("subject", JSON, nullable=False),  # FtM Person properties: {"name": [...], ...}
    Column("category", String(40), nullable=False),  # resources/notices.yml categories
    Column("summary", Text, nullable=False),
    Column("law", Text, nullable=False),  # the article of law
    Column("max_penalty_years", Integer, nullable=False),
    Column("offence_date", String(10)),  # a date or a partial date (2019, 2019-05)
    Column("offence_place", Text),
    Column("warrant_authority", Text, nullable=False),
    Column("warrant_reference", Text, nullable=False),
    Column("warrant_date", Date, nullable=False),
    Column("action", String(10), nullable=False),  # arrest | locate | inform
    Column("warnings", JSON, nullable=False),  # armed, violent, escape_risk...
    Column("marks", Text),  # distinguishing marks
    Column("languages", JSON, nullable=False),
    Column("checklist", JSON),  # the centre's last review: item -> true/false
    Column("published_at", DateTime(timezone=True)),
    Index(None, "issuing_state"),
)

notice_flag = Table(
    "notice_flag",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("lc_record.id"), nullable=False),
    Column("state", String(2), nullable=False),  # the state that will not act
    Column("reason", Text, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("agency", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("record_id", "state"),
)

notice_photo = Table(
    "notice_photo",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", Integer, ForeignKey("lc_record.id"), nullable=False),
    Column("media_type", String(40), nullable=False),
    Column("data", LargeBinary, nullable=False),  # never sent to third parties
    Column("added_by", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index(None, "record_id"),
)

hit_report = Table(
    "hit_report",
    metadata,
    Column("record_id", Integer, ForeignKey("lc_record.id"), primary_key=True),
    Column("notice_id", Integer, ForeignKey("lc_record.id"), nullable=False),
    Column("issuing_state", String(2), nullable=False),  # addressed to
    Column("issuing_agency", String(100), nullable=False),
    Column("screened_by", String(100), nullable=False),  # the user who screened
    Column("screened_agency", String(100), nullable=False),
    Column("screened_state", String(2)),  # where
    Column("channel", String(10), nullable=False),  # api | web | batch | sweep
    Column("kind", String(20)),  # a sweep's population: prison | border | residence
    Column("record_key", String(64), nullable=False),  # digest of who screened what
    Column("record", JSON, nullable=False),  # the record screened (query and its id)
    Column("score", JSON, nullable=False),  # a float, kept exactly as reported
    Column("explanation", JSON, nullable=False),
    Column("outcome_note", Text),
    UniqueConstraint("notice_id", "record_key"),
    Index(None, "issuing_state"),
)
