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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from interlist.errors import StoreError
from interlist.model import is_target
from interlist.sources.base import ParsedSource, SourceInfo
from interlist.store import tables as t
from interlist.store.db import chunked, driver_value, in_batches, insert_tuples


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
    targets: set[str] = field(default_factory=set)  # ids of designated parties among these
    lapsed: list[int] = field(default_factory=list)  # recognitions that lapsed with it

    def target_counts(self) -> dict[str, int]:
        """Added / changed / delisted designated parties (not their sanctions, documents...)."""
        added = [*self.added, *self.relisted]
        groups = {"added": added, "changed": self.changed, "delisted": self.delisted}
        return {k: sum(1 for i in ids if i in self.targets) for k, ids in groups.items()}


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


# (entity_id, schema, prop, value, original_value, lang) of one statement
StatementTuple = tuple[str, str, str, str, str | None, str | None]


@dataclass
class Snapshot:
    """A parsed list file reduced to what the store keeps: compact, picklable, so
    that files can be parsed in worker processes."""

    source: SourceInfo
    path: Path
    publisher_date: date | None
    file_hash: str
    fmt: str
    counts: dict[str, int]
    rejected: list[dict[str, str]]
    statements: dict[str, StatementTuple]  # statement id -> fields
    entities: dict[str, tuple[str, str]]  # entity id -> (schema, caption)


def snapshot(parsed: ParsedSource, file_hash: str, fmt: str) -> Snapshot:
    """The statements and entities of a parsed file, ready to load. An entity that
    states nothing (no property survived cleaning) is not stored."""
    statements: dict[str, StatementTuple] = {}
    entities: dict[str, tuple[str, str]] = {}
    for entity in parsed.entities:
        # _iter_stmt, not .statements: the latter also hashes every entity's statement
        # ids into a checksum statement ("id") that is not stored
        facts = [st for st in entity._iter_stmt() if st.id is not None and st.prop != "id"]
        if entity.id is None or not facts:
            continue
        entities[entity.id] = (entity.schema.name, entity.caption)
        for st in facts:
            value, original = st.value, st.original_value
            statements[str(st.id)] = (
                st.entity_id, st.schema, st.prop, value,
                original if original != value else None, st.lang,
            )  # fmt: skip
    counts = dict(Counter(schema for schema, _ in entities.values()))
    rejected = [{"location": r.location, "reason": r.reason} for r in parsed.rejected]
    return Snapshot(
        parsed.source, parsed.path, parsed.publisher_date, file_hash, fmt,
        counts, rejected, statements, entities,
    )  # fmt: skip


def load(
    engine: Engine, source: Snapshot | ParsedSource, file_hash: str = "", fmt: str = ""
) -> LoadResult:
    """Store a parsed file as a new version of its source; all or nothing."""
    snap = source if isinstance(source, Snapshot) else snapshot(source, file_hash, fmt)
    try:
        with engine.begin() as conn:
            return load_in(conn, snap)
    except SQLAlchemyError as exc:
        raise StoreError(f"{snap.path}: loading failed, nothing was stored: {exc}") from exc


def load_in(conn: Connection, snap: Snapshot) -> LoadResult:
    """Store a snapshot as a new version within the caller's transaction."""
    return _load(conn, snap, datetime.now(UTC))


def _load(conn: Connection, snap: Snapshot, now: datetime) -> LoadResult:
    _upsert_source(conn, snap.source)
    version = _insert_version(conn, snap, now)
    diff = _apply_statements(conn, snap, version, now)
    result = LoadResult(snap.source.name, snap.path, version, counts=snap.counts)
    result.rejected = snap.rejected
    result.statements = len(snap.statements)
    when = snap.publisher_date or now.date()
    _apply_entities(conn, snap, version, now, when, diff, result)
    _finish_version(conn, version, result)
    if conn.dialect.name == "postgresql" and len(snap.statements) >= ANALYZE_AFTER:
        # the planner's statistics, for the next files of the same transaction: without
        # them it plans for the tables as they were (empty at a first load), and the
        # lookups of the next versions scan whole tables (all lists took about 350 s)
        conn.exec_driver_sql("ANALYZE statement, entity, listing, change")
    return result


def _upsert_source(conn: Connection, info: SourceInfo) -> None:
    values: dict[str, Any] = {"title": info.title, "publisher": info.publisher, "url": info.url}
    exists = conn.execute(select(t.source.c.state).where(t.source.c.name == info.name)).first()
    if exists:
        if exists.state is None and info.country:
            values["state"] = info.country
        conn.execute(update(t.source).where(t.source.c.name == info.name).values(**values))
    else:
        conn.execute(t.source.insert().values(name=info.name, state=info.country, **values))


def _insert_version(conn: Connection, snap: Snapshot, now: datetime) -> int:
    targets = sum(1 for schema, _ in snap.entities.values() if is_target(schema))
    row: dict[str, Any] = {
        "source": snap.source.name,
        "file_name": snap.path.name,
        "file_hash": snap.file_hash,
        "format": snap.fmt,
        "publisher_date": snap.publisher_date,
        "loaded_at": now,
        "entities": len(snap.entities),
        "targets": targets,
        "statements": 0,
        "added": 0,
        "changed": 0,
        "delisted": 0,
        "counts": snap.counts,
        "rejected": [],
    }
    inserted = conn.execute(t.source_version.insert().values(**row)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


ANALYZE_AFTER = 20_000  # statements in a file, above which PostgreSQL's statistics are renewed
STATEMENT_COLUMNS = ["id", "entity_id", "schema", "prop", "value", "original_value", "lang"]


@dataclass
class StatementDiff:
    """Statements a version opened and closed, grouped by entity id."""

    opened: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    closed: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))


def _apply_statements(
    conn: Connection, snap: Snapshot, version: int, now: datetime
) -> StatementDiff:
    s, new, source = t.statement.c, snap.statements, snap.source.name
    query = select(s.id, s.entity_id, s.prop, s.value, s.active).where(s.source == source)
    old = {row[0]: tuple(row) for row in conn.execute(query)}
    kept_open = any(row[4] for row in old.values())
    diff = StatementDiff()
    opened, closed_by = diff.opened, diff.closed
    if old:
        inserted = [sid for sid in new if sid not in old]
        reopened = [sid for sid in new if sid in old and not old[sid][4]]
        closed = [sid for sid, row in old.items() if row[4] and sid not in new]
    else:  # the first version of this source: everything is new
        inserted, reopened, closed = list(new), [], []
    rows = [(sid, *new[sid]) for sid in inserted]
    constants = {"source": source, "first_version": version, "last_version": version}
    constants.update(first_seen=now, last_seen=now, active=True)
    insert_tuples(conn, t.statement, STATEMENT_COLUMNS, rows, constants)
    _set_active(conn, reopened, True, version, now)
    _set_active(conn, closed, False, None, None)
    if kept_open:
        touch = update(t.statement).where(s.source == source, s.active.is_(True))
        conn.execute(touch.values(last_version=version, last_seen=now))
    for row in rows:
        opened[row[1]].append((row[3], row[4]))
    for sid in reopened:
        opened[old[sid][1]].append((old[sid][2], old[sid][3]))
    for sid in closed:
        closed_by[old[sid][1]].append((old[sid][2], old[sid][3]))
    return diff


def _set_active(
    conn: Connection, ids: list[str], active: bool, version: int | None, now: datetime | None
) -> None:
    if not ids:
        return
    params: tuple[Any, ...]
    if version is None:
        sql, params = "UPDATE statement SET active = {mark} WHERE id IN ({{ids}})", (active,)
    else:
        seen = driver_value(conn, t.statement, "last_seen", now)
        sql = (
            "UPDATE statement SET active = {mark}, last_version = {mark}, "
            "last_seen = {mark} WHERE id IN ({{ids}})"
        )
        params = (active, version, seen)
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    for _ in in_batches(conn, sql.format(mark=mark), ids, params):
        pass  # an UPDATE: no rows, each batch runs as the generator advances


def _apply_entities(
    conn: Connection,
    snap: Snapshot,
    version: int,
    now: datetime,
    when: date,
    diff: StatementDiff,
    result: LoadResult,
) -> None:
    source = snap.source.name
    current = snap.entities
    listings = _listings(conn, source)
    listed_before = {eid for eid, delisted in listings.items() if delisted is None}
    result.added = sorted(eid for eid in current if eid not in listings)
    result.relisted = sorted(eid for eid in current if eid in listings and eid not in listed_before)
    result.delisted = sorted(listed_before - current.keys())
    touched = set(diff.opened) | set(diff.closed)
    result.changed = sorted((touched & listed_before) & current.keys())
    result.targets = {eid for eid, (schema, _) in current.items() if is_target(schema)}
    result.targets.update(_target_ids(conn, result.delisted))
    known = _upsert_entities(conn, current, now, touched | set(result.added) | set(result.relisted))
    _update_listings(conn, source, version, when, result)
    # entities inserted just now are listed already; the others may have moved
    moved = set(result.delisted) | set(result.relisted) | (set(result.added) & known)
    _refresh_listed(conn, moved)
    _record_changes(conn, version, diff, result)


def _target_ids(conn: Connection, entity_ids: list[str]) -> set[str]:
    found: set[str] = set()
    e = t.entity.c
    for batch in chunked(entity_ids, 900):
        found.update(conn.scalars(select(e.id).where(e.id.in_(batch), e.target.is_(True))))
    return found


def _listings(conn: Connection, source: str) -> dict[str, date | None]:
    c = t.listing.c
    rows = conn.execute(select(c.entity_id, c.delisted_on).where(c.source == source))
    return {row.entity_id: row.delisted_on for row in rows}


def _upsert_entities(
    conn: Connection, current: dict[str, tuple[str, str]], now: datetime, touched: set[str]
) -> set[str]:
    """Insert new entities, update touched ones; returns the ids that existed before."""
    sql = "SELECT id FROM entity WHERE id IN ({ids})"
    known = {row[0] for row in in_batches(conn, sql, list(current))}
    columns = ["id", "schema", "caption", "target"]
    rows = [
        (eid, schema, caption, is_target(schema))
        for eid, (schema, caption) in current.items()
        if eid not in known
    ]
    insert_tuples(
        conn, t.entity, columns, rows, {"first_seen": now, "last_change": now, "listed": True}
    )
    changed = [
        {"eid": eid, "schema": current[eid][0], "caption": current[eid][1]}
        for eid in sorted(touched & known)
    ]
    if changed:
        e = t.entity.c
        stmt = update(t.entity).where(e.id == bindparam("eid"))
        stmt = stmt.values(schema=bindparam("schema"), caption=bindparam("caption"))
        conn.execute(stmt.values(last_change=now), changed)
    return known


def _update_listings(
    conn: Connection, source: str, version: int, when: date, result: LoadResult
) -> None:
    c = t.listing.c
    insert_tuples(
        conn, t.listing, ["entity_id"], [(eid,) for eid in result.added],
        {"source": source, "first_version": version, "last_version": version},
    )  # fmt: skip
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
    """One row per entity and kind, in the order added, relisted, changed, delisted; only
    a change carries a detail (the others' empty detail is converted once)."""
    fixed = {"version_id": version, "detail": {}}
    columns = ["entity_id", "kind"]
    plain = [(eid, kind) for kind, ids in (("added", result.added),
             ("relisted", result.relisted)) for eid in ids]  # fmt: skip
    insert_tuples(conn, t.change, columns, plain, fixed)
    changed = [(eid, "changed", _detail(diff, eid)) for eid in result.changed]
    insert_tuples(conn, t.change, [*columns, "detail"], changed, {"version_id": version})
    insert_tuples(conn, t.change, columns, [(eid, "delisted") for eid in result.delisted], fixed)


def _detail(diff: StatementDiff, entity_id: str) -> dict[str, dict[str, list[str]]]:
    """What changed, sorted: the same change gives the same detail whatever order the
    database returned the old statements in."""
    detail: dict[str, dict[str, list[str]]] = {"added": {}, "removed": {}}
    for key, pairs in (("added", diff.opened), ("removed", diff.closed)):
        for prop, value in sorted(pairs.get(entity_id, [])):
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
