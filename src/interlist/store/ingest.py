"""Loading a parsed list file as a new version of its source, in one transaction.

A load compares the statements of the new file with what the source stated
before: new statements are inserted, statements no longer made are closed
(never deleted), and entities that vanished from the list are marked
delisted with the date. What was added, changed and delisted is recorded per
version in the ``change`` table. A file already loaded (same SHA-256) changes
nothing. Any error rolls the whole version back.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from followthemoney.statement import Statement
from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import SQLAlchemyError

from interlist.errors import StoreError
from interlist.model import is_target
from interlist.sources.base import ParsedSource
from interlist.store import tables as t
from interlist.store.db import chunked, insert_many


@dataclass
class LoadResult:
    """What one load did, for the CLI and the API to report."""

    source: str
    file: Path
    version_id: int
    unchanged: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    delisted: list[str] = field(default_factory=list)
    relisted: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rejected: list[dict[str, str]] = field(default_factory=list)
    statements: int = 0


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file and, for OFAC-style sets, of its companion files."""
    digest = hashlib.sha256()
    for part in [path, *companions(path)]:
        with part.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def companions(path: Path) -> list[Path]:
    """Files read together with `path` (OFAC sdn.csv's alt/add/comments beside it)."""
    if path.name.lower() != "sdn.csv":
        return []
    names = ("alt.csv", "add.csv", "sdn_comments.csv")
    return [path.parent / n for n in names if (path.parent / n).exists()]


def find_loaded(engine: Engine, file_hash: str) -> tuple[str, int] | None:
    """(source, version id) of an earlier load of the same file, if any."""
    query = select(t.source_version.c.source, t.source_version.c.id)
    query = query.where(t.source_version.c.file_hash == file_hash).limit(1)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row[0], row[1]) if row else None


def load(engine: Engine, parsed: ParsedSource, file_hash: str, fmt: str) -> LoadResult:
    """Store `parsed` as a new version of its source; all or nothing."""
    try:
        with engine.begin() as conn:
            return _load(conn, parsed, file_hash, fmt, datetime.now(UTC))
    except SQLAlchemyError as exc:
        raise StoreError(f"{parsed.path}: loading failed, nothing was stored: {exc}") from exc


def _load(
    conn: Connection, parsed: ParsedSource, file_hash: str, fmt: str, now: datetime
) -> LoadResult:
    _upsert_source(conn, parsed)
    version = _insert_version(conn, parsed, file_hash, fmt, now)
    new = _statement_rows(parsed, version, now)
    diff = _apply_statements(conn, parsed.source.name, version, now, new)
    result = LoadResult(parsed.source.name, parsed.path, version, counts=parsed.counts())
    result.rejected = [{"location": r.location, "reason": r.reason} for r in parsed.rejected]
    result.statements = len(new)
    when = parsed.publisher_date or now.date()
    _apply_entities(conn, parsed, version, now, when, diff, result)
    _finish_version(conn, version, result)
    return result


def _upsert_source(conn: Connection, parsed: ParsedSource) -> None:
    info = parsed.source
    values = {"title": info.title, "publisher": info.publisher, "url": info.url}
    exists = conn.execute(select(t.source.c.name).where(t.source.c.name == info.name)).first()
    if exists:
        conn.execute(update(t.source).where(t.source.c.name == info.name).values(**values))
    else:
        conn.execute(t.source.insert().values(name=info.name, **values))


def _insert_version(
    conn: Connection, parsed: ParsedSource, file_hash: str, fmt: str, now: datetime
) -> int:
    row: dict[str, Any] = {
        "source": parsed.source.name,
        "file_name": parsed.path.name,
        "file_hash": file_hash,
        "format": fmt,
        "publisher_date": parsed.publisher_date,
        "loaded_at": now,
        "entities": len(parsed.entities),
        "targets": len(parsed.targets()),
        "statements": 0,
        "added": 0,
        "changed": 0,
        "delisted": 0,
        "counts": parsed.counts(),
        "rejected": [],
    }
    inserted = conn.execute(t.source_version.insert().values(**row)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def _statement_rows(parsed: ParsedSource, version: int, now: datetime) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for entity in parsed.entities:
        for stmt in entity.statements:
            if stmt.id is not None and stmt.prop != "id":
                rows[stmt.id] = _row(stmt, parsed.source.name, version, now)
    return rows


def _row(stmt: Statement, source: str, version: int, now: datetime) -> dict[str, Any]:
    original = stmt.original_value if stmt.original_value != stmt.value else None
    return {
        "id": stmt.id,
        "entity_id": stmt.entity_id,
        "schema": stmt.schema,
        "prop": stmt.prop,
        "value": stmt.value,
        "original_value": original,
        "lang": stmt.lang,
        "source": source,
        "first_version": version,
        "last_version": version,
        "first_seen": now,
        "last_seen": now,
        "active": True,
    }


@dataclass
class StatementDiff:
    """Statements a version opened and closed, grouped by entity id."""

    opened: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    closed: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))


def _apply_statements(
    conn: Connection, source: str, version: int, now: datetime, new: dict[str, dict[str, Any]]
) -> StatementDiff:
    s = t.statement.c
    query = select(s.id, s.entity_id, s.prop, s.value, s.active).where(s.source == source)
    old = {row.id: row for row in conn.execute(query)}
    diff = StatementDiff()
    inserted = [row for sid, row in new.items() if sid not in old]
    reopened = [sid for sid in new if sid in old and not old[sid].active]
    closed = [sid for sid, row in old.items() if row.active and sid not in new]
    insert_many(conn, t.statement, inserted)
    _set_active(conn, reopened, True, version, now)
    _set_active(conn, closed, False, None, None)
    touch = update(t.statement).where(s.source == source, s.active.is_(True))
    conn.execute(touch.values(last_version=version, last_seen=now))
    for row in inserted:
        diff.opened[row["entity_id"]].append((row["prop"], row["value"]))
    for sid in reopened:
        diff.opened[old[sid].entity_id].append((old[sid].prop, old[sid].value))
    for sid in closed:
        diff.closed[old[sid].entity_id].append((old[sid].prop, old[sid].value))
    return diff


def _set_active(
    conn: Connection, ids: list[str], active: bool, version: int | None, now: datetime | None
) -> None:
    values: dict[str, Any] = {"active": active}
    if version is not None:
        values.update(last_version=version, last_seen=now)
    for batch in chunked(ids, 900):
        conn.execute(update(t.statement).where(t.statement.c.id.in_(batch)).values(**values))


def _apply_entities(
    conn: Connection,
    parsed: ParsedSource,
    version: int,
    now: datetime,
    when: date,
    diff: StatementDiff,
    result: LoadResult,
) -> None:
    source = parsed.source.name
    current = {e.id: e for e in parsed.entities if e.id is not None}
    listings = _listings(conn, source)
    listed_before = {eid for eid, delisted in listings.items() if delisted is None}
    result.added = sorted(eid for eid in current if eid not in listings)
    result.relisted = sorted(eid for eid in current if eid in listings and eid not in listed_before)
    result.delisted = sorted(listed_before - current.keys())
    touched = set(diff.opened) | set(diff.closed)
    result.changed = sorted((touched & listed_before) & current.keys())
    _upsert_entities(conn, current, now, touched | set(result.added) | set(result.relisted))
    _update_listings(conn, source, version, when, result)
    _refresh_listed(conn, set(result.delisted) | set(result.relisted) | set(result.added))
    _record_changes(conn, version, diff, result)


def _listings(conn: Connection, source: str) -> dict[str, date | None]:
    c = t.listing.c
    rows = conn.execute(select(c.entity_id, c.delisted_on).where(c.source == source))
    return {row.entity_id: row.delisted_on for row in rows}


def _upsert_entities(
    conn: Connection, current: dict[str, Any], now: datetime, touched: set[str]
) -> None:
    known: set[str] = set()
    for batch in chunked(current, 900):
        known.update(conn.scalars(select(t.entity.c.id).where(t.entity.c.id.in_(batch))))
    rows = [_entity_row(e, now) for eid, e in current.items() if eid not in known]
    insert_many(conn, t.entity, rows)
    for eid in touched & known:
        entity = current[eid]
        values = {"schema": entity.schema.name, "caption": entity.caption, "last_change": now}
        conn.execute(update(t.entity).where(t.entity.c.id == eid).values(**values))


def _entity_row(entity: Any, now: datetime) -> dict[str, Any]:
    return {
        "id": entity.id,
        "schema": entity.schema.name,
        "caption": entity.caption,
        "target": is_target(entity.schema.name),
        "first_seen": now,
        "last_change": now,
        "listed": True,
    }


def _update_listings(
    conn: Connection, source: str, version: int, when: date, result: LoadResult
) -> None:
    c = t.listing.c
    new_rows = [
        {"entity_id": eid, "source": source, "first_version": version, "last_version": version}
        for eid in result.added
    ]
    insert_many(conn, t.listing, new_rows)
    for batch in chunked(result.relisted, 900):
        relist = update(t.listing).where(c.source == source, c.entity_id.in_(batch))
        conn.execute(relist.values(delisted_on=None, delisted_version=None))
    for batch in chunked(result.delisted, 900):
        delist = update(t.listing).where(c.source == source, c.entity_id.in_(batch))
        conn.execute(delist.values(delisted_on=when, delisted_version=version))
    still = update(t.listing).where(c.source == source, c.delisted_on.is_(None))
    conn.execute(still.values(last_version=version))


def _refresh_listed(conn: Connection, entity_ids: set[str]) -> None:
    """Recompute entity.listed (on any list now) for the entities whose listings moved."""
    c = t.listing.c
    for batch in chunked(sorted(entity_ids), 900):
        listed = select(c.entity_id).where(c.entity_id.in_(batch), c.delisted_on.is_(None))
        on_list = set(conn.scalars(listed))
        if on_list:
            ids = list(on_list)
            conn.execute(update(t.entity).where(t.entity.c.id.in_(ids)).values(listed=True))
        off = [eid for eid in batch if eid not in on_list]
        if off:
            conn.execute(update(t.entity).where(t.entity.c.id.in_(off)).values(listed=False))


def _record_changes(
    conn: Connection, version: int, diff: StatementDiff, result: LoadResult
) -> None:
    rows: list[dict[str, Any]] = []
    for kind, ids in (
        ("added", result.added),
        ("relisted", result.relisted),
        ("changed", result.changed),
        ("delisted", result.delisted),
    ):
        for eid in ids:
            detail = _detail(diff, eid) if kind == "changed" else {}
            rows.append({"version_id": version, "entity_id": eid, "kind": kind, "detail": detail})
    insert_many(conn, t.change, rows)


def _detail(diff: StatementDiff, entity_id: str) -> dict[str, dict[str, list[str]]]:
    detail: dict[str, dict[str, list[str]]] = {"added": {}, "removed": {}}
    for key, pairs in (("added", diff.opened), ("removed", diff.closed)):
        for prop, value in pairs.get(entity_id, []):
            detail[key].setdefault(prop, []).append(value)
    return detail


def _finish_version(conn: Connection, version: int, result: LoadResult) -> None:
    values = {
        "statements": result.statements,
        "added": len(result.added) + len(result.relisted),
        "changed": len(result.changed),
        "delisted": len(result.delisted),
        "rejected": result.rejected,
    }
    conn.execute(update(t.source_version).where(t.source_version.c.id == version).values(**values))


def statement_count(engine: Engine) -> int:
    """Number of statements ever stored (open and closed)."""
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(t.statement)) or 0)
