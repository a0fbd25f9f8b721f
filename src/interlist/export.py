"""Writing the databank out: FtM entities one JSON object per line, with provenance.

Delisted entities are exported too, marked ``"listed": false`` with the date
of their delisting per source, so that nothing leaves the databank silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import orjson
from followthemoney.statement import StatementEntity
from sqlalchemy import Connection, Engine

from interlist.store import read


def entity_record(entity: StatementEntity, rows: list[Any]) -> dict[str, Any]:
    """The FtM dict of an entity plus its listing status per source (`rows`)."""
    data = entity.to_dict()
    data["properties"] = {
        prop: sorted(values) for prop, values in sorted(data.get("properties", {}).items())
    }
    for key in ("datasets", "referents"):
        if key in data:
            data[key] = sorted(data[key])
    data["listed"] = any(r.delisted_on is None for r in rows) if rows else True
    data["listings"] = [
        {
            "source": r.source,
            "delisted_on": r.delisted_on.isoformat() if r.delisted_on else None,
        }
        for r in rows
    ]
    return data


def entity_with_provenance(conn: Connection, entity_id: str) -> dict[str, Any] | None:
    """An entity as FtM JSON, each statement with its source, version and dates."""
    entity = read.get_entity(conn, entity_id) or read.last_known(conn, entity_id)
    if entity is None:
        return None
    data = entity_record(entity, read.listings(conn, entity_id))
    data["statements"] = [_statement_dict(r) for r in read.statements_of(conn, entity_id)]
    return data


def _statement_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "prop": row.prop,
        "value": row.value,
        "original_value": row.original_value,
        "lang": row.lang,
        "source": row.source,
        "first_version": row.first_version,
        "last_version": row.last_version,
        "first_seen": row.first_seen.isoformat(),
        "last_seen": row.last_seen.isoformat(),
        "active": row.active,
    }


def iter_export(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every entity ever stored, listed or not, as FtM dicts with listing status.

    Members of a cluster are written once, merged under the cluster's canonical
    id with ``referents`` (the member ids) and ``datasets`` (their sources).
    """
    from interlist.resolution.clusters import cluster_map
    from interlist.resolution.profiles import merge

    with engine.connect() as conn:
        listings = read.all_listings(conn)
        clusters = cluster_map(conn)
        pending: dict[str, list[StatementEntity]] = {}
        for entity in _every_entity(engine, conn):
            cid = clusters.get(entity.id or "")
            if cid is None:
                yield entity_record(entity, listings.get(entity.id or "", []))
            else:
                pending.setdefault(cid, []).append(entity)
    for cid, members in pending.items():
        rows = [row for m in members for row in listings.get(m.id or "", [])]
        yield entity_record(merge(cid, members), rows)


def _every_entity(engine: Engine, conn: Connection) -> Iterator[StatementEntity]:
    yield from read.iter_entities(engine, targets_only=False, listed_only=False)
    for entity_id in read.without_open_statements(conn):
        last = read.last_known(conn, entity_id)
        if last is not None:
            yield last


def write_jsonl(records: Iterator[dict[str, Any]], fh: IO[bytes]) -> int:
    """Write records one JSON object per line, keys sorted, so that the same data
    gives the same bytes; returns how many."""
    count = 0
    for record in records:
        fh.write(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
        count += 1
    return count
