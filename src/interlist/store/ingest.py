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
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from followthemoney.statement import StatementEntity
from followthemoney.statement.util import BASE_ID
from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from interlist.errors import StoreError
from interlist.model import is_target
from interlist.sources.base import ParsedSource, SourceInfo
from interlist.store import tables as t
from interlist.store.db import driver_value, in_batches, insert_tuples, placeholder


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


# (id, entity_id, schema, prop, value, original_value, lang) of one statement: a row of
# the statement table as a load inserts it (STATEMENT_COLUMNS), built where the file is
# parsed
StatementTuple = tuple[str, str, str, str, str, str | None, str | None]


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
    statements: dict[str, StatementTuple]  # statement id -> its row
    entities: dict[str, tuple[str, str]]  # entity id -> (schema, caption)


def snapshot(parsed: ParsedSource, file_hash: str, fmt: str) -> Snapshot:
    """The statements and entities of a parsed file, ready to load. An entity that
    states nothing (no property survived cleaning) is not stored."""
    statements: dict[str, StatementTuple] = {}
    entities: dict[str, tuple[str, str]] = {}
    for entity in parsed.entities:
        rows = _statement_rows(entity)
        if entity.id is None or not rows:
            continue
        entities[entity.id] = (entity.schema.name, entity.caption)
        for row in rows:
            statements[row[0]] = row
    counts = dict(Counter(schema for schema, _ in entities.values()))
    rejected = [{"location": r.location, "reason": r.reason} for r in parsed.rejected]
    return Snapshot(
        parsed.source, parsed.path, parsed.publisher_date, file_hash, fmt,
        counts, rejected, statements, entities,
    )  # fmt: skip


def _statement_rows(entity: StatementEntity) -> list[StatementTuple]:
    """The rows of an entity's statements (_iter_stmt, not .statements: the latter also
    hashes every statement id into a checksum statement, "id", that is not stored)."""
    rows: list[StatementTuple] = []
    for st in entity._iter_stmt():
        sid, value, original = st.id, st.value, st.original_value
        if sid is None or st.prop == BASE_ID:
            continue
        rows.append((sid, st.entity_id, st.schema, st.prop, value,
                     original if original != value else None, st.lang))  # fmt: skip
    return rows


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


# Each source's statements as the loads of one transaction left them (id -> still made)
Known = dict[str, dict[str, bool]]


def load_in(conn: Connection, snap: Snapshot, known: Known | None = None) -> LoadResult:
    """Store a snapshot as a new version within the caller's transaction. `known`, kept by
    a caller that loads several versions of a source in one transaction, remembers the
    source's statements as this load leaves them, so that the next version's load does
    not read them back."""
    return _load(conn, snap, datetime.now(UTC), known)


def _load(conn: Connection, snap: Snapshot, now: datetime, known: Known | None) -> LoadResult:
    _upsert_source(conn, snap.source)
    version = _insert_version(conn, snap, now)
    diff = _apply_statements(conn, snap, version, now, known)
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
Fact = tuple[str, str, str]  # (entity_id, prop, value) of a statement
Detail = dict[str, dict[str, list[str]]]  # {"added": {prop: [values]}, "removed": {...}}


@dataclass
class StatementDiff:
    """The statements a version inserted (as the snapshot holds them), reopened and
    closed."""

    inserted: list[StatementTuple] = field(default_factory=list)
    reopened: list[Fact] = field(default_factory=list)
    closed: list[Fact] = field(default_factory=list)

    def entities(self) -> set[str]:
        """The ids of the entities whose statements changed."""
        touched = {row[1] for row in self.inserted}
        touched.update(fact[0] for fact in self.reopened)
        touched.update(fact[0] for fact in self.closed)
        return touched

    def details(self, entity_ids: set[str]) -> dict[str, Detail]:
        """What changed for each of `entity_ids`, sorted: the same change gives the same
        detail whatever order the database returned the old statements in."""
        added = [(r[1], r[3], r[4]) for r in self.inserted if r[1] in entity_ids]
        added += [fact for fact in self.reopened if fact[0] in entity_ids]
        removed = [fact for fact in self.closed if fact[0] in entity_ids]
        details: dict[str, Detail] = {eid: {"added": {}, "removed": {}} for eid in entity_ids}
        for key, facts in (("added", added), ("removed", removed)):
            for eid, prop, value in sorted(facts):
                details[eid][key].setdefault(prop, []).append(value)
        return details


def _apply_statements(
    conn: Connection, snap: Snapshot, version: int, now: datetime, known: Known | None
) -> StatementDiff:
    new, source = snap.statements, snap.source.name
    old = _statements_before(conn, source, known)
    if known is not None:  # every statement of the source, those of this version made
        known[source] = dict.fromkeys(old, False) | dict.fromkeys(new, True)
    if old:
        inserted = [sid for sid in new if sid not in old]
        reopened = [sid for sid in new if sid in old and not old[sid]]
        closed = [sid for sid, active in old.items() if active and sid not in new]
    else:  # the first version of this source: everything is new
        inserted, reopened, closed = list(new), [], []
    constants = {"source": source, "first_version": version, "last_version": version}
    constants.update(first_seen=now, last_seen=now, active=True)
    rows = list(new.values()) if not old else [new[sid] for sid in inserted]
    insert_tuples(conn, t.statement, STATEMENT_COLUMNS, rows, constants)
    _set_active(conn, reopened, True, version, now)
    _set_active(conn, closed, False, None, None)
    if any(old.values()):
        touch = update(t.statement).where(t.statement.c.source == source)
        conn.execute(touch.where(t.statement.c.active.is_(True)).values(
            last_version=version, last_seen=now))  # fmt: skip
    return StatementDiff(rows, _facts(conn, reopened), _facts(conn, closed))


def _statements_before(conn: Connection, source: str, known: Known | None) -> dict[str, bool]:
    """The statements `source` made before this load: as an earlier load of the same
    transaction left them, if it kept them in `known`, else read from the database."""
    if known is not None and source in known:
        return known[source]
    return _statements_open(conn, source)


def _statements_open(conn: Connection, source: str) -> dict[str, bool]:
    """Whether each statement that `source` made before is still made, by id (read
    through the driver: a version's diff reads back hundreds of thousands)."""
    mark = placeholder(conn)
    sql = f"SELECT id, active FROM statement WHERE source = {mark}"
    rows = conn.exec_driver_sql(sql, (source,)).fetchall()
    return {sid: bool(active) for sid, active in rows}


def _facts(conn: Connection, ids: list[str]) -> list[Fact]:
    """(entity_id, prop, value) of the stored statements `ids`."""
    sql = "SELECT entity_id, prop, value FROM statement WHERE id IN ({ids})"
    return [(row[0], row[1], row[2]) for row in in_batches(conn, sql, ids)]


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
    mark = placeholder(conn)
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
    touched = diff.entities()
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
    mark = placeholder(conn)
    sql = f"SELECT id FROM entity WHERE target = {mark} AND id IN ({{ids}})"
    return {row[0] for row in in_batches(conn, sql, entity_ids, (True,))}


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
    mark = placeholder(conn)
    sql = (
        f"UPDATE listing SET delisted_on = {mark}, delisted_version = {mark} "
        f"WHERE source = {mark} AND entity_id IN ({{ids}})"
    )
    for ids, delisted_on, delisted_version in (
        (result.relisted, None, None),
        (result.delisted, driver_value(conn, t.listing, "delisted_on", when), version),
    ):
        for _ in in_batches(conn, sql, ids, (delisted_on, delisted_version, source)):
            pass  # an UPDATE: each batch runs as the generator advances
    still = update(t.listing).where(c.source == source, c.delisted_on.is_(None))
    conn.execute(still.values(last_version=version))


def _refresh_listed(conn: Connection, entity_ids: set[str]) -> None:
    """Recompute entity.listed (on any list now) for the entities whose listings moved."""
    mark = placeholder(conn)
    listed = "SELECT entity_id FROM listing WHERE delisted_on IS NULL AND entity_id IN ({ids})"
    ids = sorted(entity_ids)
    on_list = {row[0] for row in in_batches(conn, listed, ids)}
    mark_listed = f"UPDATE entity SET listed = {mark} WHERE id IN ({{ids}})"
    for flag, batch in ((True, sorted(on_list)), (False, [e for e in ids if e not in on_list])):
        for _ in in_batches(conn, mark_listed, batch, (flag,)):
            pass  # an UPDATE: each batch runs as the generator advances


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
    details = diff.details(set(result.changed))
    changed = [(eid, "changed", details[eid]) for eid in result.changed]
    insert_tuples(conn, t.change, [*columns, "detail"], changed, {"version_id": version})
    insert_tuples(conn, t.change, columns, [(eid, "delisted") for eid in result.delisted], fixed)


def _finish_version(conn: Connection, version: int, result: LoadResult) -> None:
    values = {
        "statements": result.statements,
        "added": len(result.added) + len(result.relisted),
        "changed": len(result.changed),
        "delisted": len(result.delisted),
        "rejected": result.rejected,
    }
    conn.execute(update(t.source_version).where(t.source_version.c.id == version).values(**values))
