"""Reading the databank: entities assembled from statements, sources, histories.

An entity is what its *open* statements say, from every source that states
something about it. Closed statements (facts a newer list version no longer
states) are kept and shown by ``history``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from followthemoney.statement import Statement, StatementEntity
from sqlalchemy import Connection, Engine, Select, and_, func, select

from interlist.model import dataset
from interlist.store import tables as t


def _statement(row: Any) -> Statement:
    return Statement(
        id=row.id,
        entity_id=row.entity_id,
        prop=row.prop,
        schema=row.schema,
        value=row.value,
        dataset=row.source,
        lang=row.lang,
        original_value=row.original_value,
        first_seen=row.first_seen.isoformat() if row.first_seen else None,
        last_seen=row.last_seen.isoformat() if row.last_seen else None,
    )


def _assemble(entity_id: str, rows: list[Any]) -> StatementEntity | None:
    if not rows:
        return None
    statements = [_statement(r) for r in rows]
    entity = StatementEntity.from_statements(dataset(rows[0].source), statements)
    entity.id = entity_id
    return entity


def get_entity(conn: Connection, entity_id: str, closed: bool = False) -> StatementEntity | None:
    """The entity with its open statements (and closed ones too if `closed`)."""
    s = t.statement.c
    query = select(t.statement).where(s.entity_id == entity_id)
    if not closed:
        query = query.where(s.active.is_(True))
    return _assemble(entity_id, list(conn.execute(query.order_by(s.prop, s.value))))


def statements_of(conn: Connection, entity_id: str) -> list[Any]:
    """Every statement ever made about an entity, open and closed, with provenance."""
    s = t.statement.c
    query = select(t.statement).where(s.entity_id == entity_id).order_by(s.prop, s.first_version)
    return list(conn.execute(query))


def iter_entities(
    engine: Engine,
    targets_only: bool = True,
    listed_only: bool = True,
    sources: list[str] | None = None,
) -> Iterator[StatementEntity]:
    """Every entity of the databank, assembled, in id order (streamed)."""
    s, e = t.statement.c, t.entity.c
    query = select(t.statement).join(t.entity, e.id == s.entity_id).where(s.active.is_(True))
    if targets_only:
        query = query.where(e.target.is_(True))
    if listed_only:
        query = query.where(e.listed.is_(True))
    if sources:
        query = query.where(s.source.in_(sources))
    query = query.order_by(s.entity_id)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=5000).execute(query)
        yield from _group(result)


def _group(rows: Any) -> Iterator[StatementEntity]:
    current: str | None = None
    batch: list[Any] = []
    for row in rows:
        if row.entity_id != current and batch:
            entity = _assemble(batch[0].entity_id, batch)
            if entity is not None:
                yield entity
            batch = []
        current = row.entity_id
        batch.append(row)
    entity = _assemble(batch[0].entity_id, batch) if batch else None
    if entity is not None:
        yield entity


def related(conn: Connection, entity_id: str) -> list[StatementEntity]:
    """Entities that point at this one (its sanctions, documents, addresses, links)."""
    s = t.statement.c
    ids = select(s.entity_id).where(
        s.value == entity_id, s.active.is_(True), s.entity_id != entity_id
    )
    found = [get_entity(conn, eid) for eid in sorted(set(conn.scalars(ids)))]
    return [e for e in found if e is not None]


@dataclass(frozen=True)
class HistoryEvent:
    """One thing that happened to an entity: listed, changed, delisted..."""

    when: datetime
    publisher_date: date | None
    source: str
    version_id: int
    file_name: str
    kind: str
    detail: dict[str, Any]


def history(conn: Connection, entity_id: str) -> list[HistoryEvent]:
    """The timeline of an entity across every version of every source, oldest first."""
    c, v = t.change.c, t.source_version.c
    query = (
        select(c.kind, c.detail, v.id, v.source, v.loaded_at, v.publisher_date, v.file_name)
        .join(t.source_version, v.id == c.version_id)
        .where(c.entity_id == entity_id)
        .order_by(v.id)
    )
    return [
        HistoryEvent(r.loaded_at, r.publisher_date, r.source, r.id, r.file_name, r.kind, r.detail)
        for r in conn.execute(query)
    ]


def listings(conn: Connection, entity_id: str) -> list[Any]:
    """Per source: since which version an entity is listed, and when it was delisted."""
    c = t.listing.c
    return list(conn.execute(select(t.listing).where(c.entity_id == entity_id)))


def newest_versions() -> Select[Any]:
    """Each source's newest version beside the source: its name and title, and the
    version's id, publication date, load time and count of designated parties."""
    v, src = t.source_version.c, t.source.c
    newest = select(v.source, func.max(v.id).label("id")).group_by(v.source).subquery()
    return (
        select(src.name, src.title, v.id, v.publisher_date, v.loaded_at, v.targets)
        .join(newest, newest.c.source == src.name)
        .join(t.source_version, v.id == newest.c.id)
    )


def versions(conn: Connection, source: str | None = None) -> list[Any]:
    """Every loaded version, newest first."""
    v = t.source_version.c
    query = select(t.source_version).order_by(v.id.desc())
    if source:
        query = query.where(v.source == source)
    return list(conn.execute(query))


def source_summaries(conn: Connection) -> list[dict[str, Any]]:
    """Each source with its newest version and the count of listed targets by schema."""
    out = []
    for src in conn.execute(select(t.source).order_by(t.source.c.name)):
        loaded = versions(conn, src.name)
        out.append(
            {
                "name": src.name,
                "title": src.title,
                "publisher": src.publisher,
                "url": src.url,
                "versions": len(loaded),
                "latest": version_dict(loaded[0]) if loaded else None,
                "listed": _listed_counts(conn, src.name),
            }
        )
    return out


def version_dict(row: Any) -> dict[str, Any]:
    """A loaded version as plain JSON-friendly data."""
    return {
        "id": row.id,
        "file_name": row.file_name,
        "file_hash": row.file_hash,
        "format": row.format,
        "publisher_date": row.publisher_date.isoformat() if row.publisher_date else None,
        "loaded_at": row.loaded_at.isoformat(),
        "entities": row.entities,
        "targets": row.targets,
        "statements": row.statements,
        "added": row.added,
        "changed": row.changed,
        "delisted": row.delisted,
        "counts": row.counts,
        "rejected": len(row.rejected or []),
    }


def _listed_counts(conn: Connection, source: str) -> dict[str, int]:
    lc, ec = t.listing.c, t.entity.c
    query = (
        select(ec.schema, func.count())
        .select_from(t.listing.join(t.entity, and_(ec.id == lc.entity_id)))
        .where(lc.source == source, lc.delisted_on.is_(None), ec.target.is_(True))
        .group_by(ec.schema)
    )
    return {schema: int(n) for schema, n in conn.execute(query)}


def last_known(conn: Connection, entity_id: str) -> StatementEntity | None:
    """A delisted entity as its list last stated it (statements of its newest version)."""
    s = t.statement.c
    newest = select(func.max(s.last_version)).where(s.entity_id == entity_id).scalar_subquery()
    query = select(t.statement).where(s.entity_id == entity_id, s.last_version == newest)
    return _assemble(entity_id, list(conn.execute(query.order_by(s.prop, s.value))))


def without_open_statements(conn: Connection) -> list[str]:
    """Ids of entities no list states anything about any more (delisted everywhere)."""
    return list(conn.scalars(without_open_statements_query()))


def without_open_statements_query() -> Select[tuple[str]]:
    """NOT EXISTS, an anti-join on the statements' entity index: PostgreSQL runs a
    ``NOT IN (SELECT ...)`` as a subplan that, when the ids do not fit in work_mem,
    scans the open statements again for every entity (300 s and more on the shared
    lists)."""
    s, e = t.statement.c, t.entity.c
    open_ = select(s.entity_id).where(s.entity_id == e.id, s.active.is_(True))
    return select(e.id).where(~open_.exists()).order_by(e.id)


def all_listings(conn: Connection) -> dict[str, list[Any]]:
    """Every listing row, grouped by entity id."""
    grouped: dict[str, list[Any]] = {}
    for row in conn.execute(select(t.listing)):
        grouped.setdefault(row.entity_id, []).append(row)
    return grouped
