"""The tables of entity resolution: analysts' judgements, xref suggestions, clusters.

Judgements are rows, clusters are derived (as in nomenklatura's resolver): a
``judgement`` row says that two entity ids are the *same* (positive), *not
the same* (negative) or that the analyst is *unsure*. A row is never deleted:
undoing it sets ``deleted_at``, so the history of every decision is kept. The
connected components of the open positive judgements are the clusters;
``cluster_member`` only remembers which stable canonical id (``NK-...``) each
cluster was given, so that the id survives re-ingests and later merges, and
``canonical`` records every canonical id ever minted and what replaced it.
``suggestion`` holds xref's ranked candidate pairs awaiting review.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Float, Index, Integer, String, Table, Text, text

from interlist.store.tables import ID, metadata

judgement = Table(
    "judgement",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", ID, nullable=False),  # left_id < right_id
    Column("right_id", ID, nullable=False),
    Column("judgement", String(14), nullable=False),  # positive / negative / unsure
    Column("origin", String(20), nullable=False),  # analyst / auto / explicit / import
    Column("score", Float),
    Column("user", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True)),
    Column("deleted_by", String(255)),
    Column("reason", Text),  # the explanation or the explicit cross-reference
    Index(None, "left_id"),
    Index(None, "right_id"),
    Index(
        "uq_judgement_open_pair",
        "left_id",
        "right_id",
        unique=True,
        sqlite_where=text("deleted_at IS NULL"),
        postgresql_where=text("deleted_at IS NULL"),
    ),
)

suggestion = Table(
    "suggestion",
    metadata,
    Column("left_id", ID, primary_key=True),
    Column("right_id", ID, primary_key=True),
    Column("score", Float, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index(None, "score"),
)

canonical = Table(
    "canonical",
    metadata,
    Column("id", String(64), primary_key=True),  # NK-<hex>
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("retired_at", DateTime(timezone=True)),
    Column("replaced_by", String(64)),
)

cluster_member = Table(
    "cluster_member",
    metadata,
    Column("entity_id", ID, primary_key=True),
    Column("canonical_id", String(64), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Index(None, "canonical_id"),
)
