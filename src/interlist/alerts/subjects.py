"""Monitored subjects: the people and organisations an agency keeps under watch.

An agency registers subjects with the screening columns (``id, name, schema,
birth_date, nationality, id_number, country``), its own ``id`` kept. Registering an
``id`` again replaces the subject when something changed (a new revision); removing
it ends its watch. Every registration, update and removal is kept in
``monitor_subject_event``. Each watched subject's blocking keys are kept in
``monitor_key`` so that a list change is screened only against the subjects sharing
a key with what changed. Each agency sees only its own subjects.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, delete, func, insert, select, update

from interlist.errors import NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor
from interlist.matching import analyze, index_keys
from interlist.screening.readers import RawRow
from interlist.screening.records import BadRow, Query, column_map, to_query
from interlist.store import alert_tables as at
from interlist.store.db import chunked, insert_tuples

MAX_KEY = 120  # longer keys (a very long joined name) are cut to the column's size


@dataclass
class Registered:
    """What a registration did: subjects registered, updated, unchanged, bad rows."""

    agency: str
    registered: list[int] = field(default_factory=list)  # monitor_subject ids
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)  # alerts opened by their screening

    @property
    def screened(self) -> list[int]:
        return [*self.registered, *self.updated]

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency, "registered": len(self.registered),
            "updated": len(self.updated), "unchanged": self.unchanged, "bad": self.bad,
            "alerts": len(self.alerts), "alert_ids": self.alerts,
        }  # fmt: skip


def check_agency(actor: Actor, agency: str, permission: str = "monitor") -> str:
    """403 unless the actor acts for `agency` with the permission (interlist itself may)."""
    if actor.system:
        return agency
    if permission not in actor.permissions:
        raise PermissionDeniedError(f"{actor.name}'s role lacks the permission {permission!r}")
    if actor.agency != agency:
        raise PermissionDeniedError(f"{actor.name} ({actor.agency}) does not act for {agency}")
    return agency


def queries_of(rows: Iterable[tuple[int, RawRow]]) -> tuple[list[Query], list[BadRow]]:
    """The readable subjects among input rows, and the bad ones (with why)."""
    columns = column_map()
    good: list[Query] = []
    bad: list[BadRow] = []
    for number, raw in rows:
        if isinstance(raw, str):
            bad.append(BadRow(number, str(number), raw))
            continue
        found = to_query(number, raw, columns)
        if isinstance(found, BadRow):
            bad.append(found)
        elif not str(raw.get("id") or "").strip():
            bad.append(BadRow(number, str(number), "no id: a subject keeps the agency's own id"))
        else:
            good.append(found)
    return good, bad


def digest(query: dict[str, Any]) -> str:
    return hashlib.sha1(orjson.dumps(query, option=orjson.OPT_SORT_KEYS)).hexdigest()


def keys_of(query: dict[str, Any]) -> set[str]:
    """A subject's blocking keys: the matcher's, which a pair scoring at the threshold
    shares (identifiers included), its birth dates (:func:`date_keys`), and each folded
    name part as a "d:" key: a listed name part one letter longer has it among its
    one-deletion keys (screening.keys.deletions), so that "Camcho" finds "Camacho"."""
    keys = index_keys(analyze(query)) | date_keys(query.get("properties", {}))
    keys |= {"d:" + k[2:] for k in keys if k.startswith("f:")}  # see own_deletion_keys
    return {k[:MAX_KEY] for k in keys}


def date_keys(props: dict[str, Any]) -> set[str]:
    """ "b:" keys of full birth dates: among namesakes, the one born the same day ranks
    first (the matcher's keys are names and identifiers only)."""
    return {"b:" + d for d in props.get("birthDate", []) if len(d) == 10}


def register(conn: Connection, actor: Actor, agency: str, queries: Sequence[Query],
             dataset: str | None = None, bad: Sequence[BadRow] = ()) -> Registered:  # fmt: skip
    """Register or update an agency's subjects (same id: replaced when it changed)."""
    check_agency(actor, agency)
    done = Registered(agency, bad=[{"row": b.row, "id": b.id, "error": b.error} for b in bad])
    known = _known(conn, agency, [q.id for q in queries])
    now = datetime.now(UTC)
    fresh, changed = [], []
    for query in {q.id: q for q in queries}.values():  # the last row of an id wins
        row = known.get(query.id)
        mapped = dict(query.mapping)
        if row is None:
            fresh.append(query)
        elif row.digest != digest(mapped) or not row.active or row.dataset != dataset:
            changed.append((row, query))
        else:
            done.unchanged += 1
    done.registered = _insert(conn, actor, agency, fresh, dataset, now)
    done.updated = _update(conn, actor, changed, dataset, now)
    _write_keys(conn, [*done.registered, *done.updated], {
        **{pk: dict(q.mapping) for pk, q in zip(done.registered, fresh, strict=True)},
        **{row.id: dict(q.mapping) for row, q in changed},
    })  # fmt: skip
    return done


def _known(conn: Connection, agency: str, ids: list[str]) -> dict[str, Any]:
    s = at.monitor_subject.c
    found: dict[str, Any] = {}
    for batch in chunked(sorted(set(ids)), 900):
        query = select(at.monitor_subject).where(s.agency == agency, s.subject_id.in_(batch))
        found.update({row.subject_id: row for row in conn.execute(query)})
    return found


def _insert(conn: Connection, actor: Actor, agency: str, queries: list[Query],
            dataset: str | None, now: datetime) -> list[int]:  # fmt: skip
    if not queries:
        return []
    rows = [
        {"agency": agency, "subject_id": q.id, "dataset": dataset,
         "schema": q.mapping["schema"], "name": q.mapping["properties"]["name"][0],
         "query": dict(q.mapping), "digest": digest(dict(q.mapping)), "revision": 1,
         "active": True, "created_at": now, "updated_at": now}
        for q in queries
    ]  # fmt: skip
    stmt = insert(at.monitor_subject).returning(
        at.monitor_subject.c.id, sort_by_parameter_order=True
    )
    ids = [int(r.id) for r in conn.execute(stmt, rows)]
    made = [(pk, 1, "registered", r["query"]) for pk, r in zip(ids, rows, strict=True)]
    _events(conn, actor, made, now)
    return ids


def _update(conn: Connection, actor: Actor, changed: list[tuple[Any, Query]],
            dataset: str | None, now: datetime) -> list[int]:  # fmt: skip
    s = at.monitor_subject.c
    for row, query in changed:
        mapped = dict(query.mapping)
        conn.execute(update(at.monitor_subject).where(s.id == row.id).values(
            schema=mapped["schema"], name=mapped["properties"]["name"][0], query=mapped,
            digest=digest(mapped), revision=row.revision + 1, active=True, dataset=dataset,
            updated_at=now,
        ))  # fmt: skip
    _events(conn, actor, [(row.id, row.revision + 1, "updated", dict(q.mapping))
                          for row, q in changed], now)  # fmt: skip
    return [row.id for row, _ in changed]


def _events(conn: Connection, actor: Actor, items: list[tuple[int, int, str, Any]],
            now: datetime) -> None:  # fmt: skip
    rows = [{"subject": pk, "revision": rev, "action": action, "query": query,
             "actor": actor.name, "at": now} for pk, rev, action, query in items]  # fmt: skip
    if rows:
        conn.execute(insert(at.monitor_subject_event), rows)


def _write_keys(conn: Connection, pks: list[int], queries: dict[int, dict[str, Any]]) -> None:
    """Replace the blocking keys of these subjects."""
    k = at.monitor_key.c
    for batch in chunked(pks, 900):
        conn.execute(delete(at.monitor_key).where(k.subject.in_(batch)))
    rows = [(key, pk) for pk in pks for key in sorted(keys_of(queries[pk]))]
    insert_tuples(conn, at.monitor_key, ["key", "subject"], rows)


def remove(conn: Connection, actor: Actor, agency: str, subject_ids: Sequence[str]) -> list[int]:
    """End the watch of these subjects (their history and alerts stay); returns the ids
    of the subjects removed (404 for an id the agency never registered)."""
    check_agency(actor, agency)
    known = _known(conn, agency, list(subject_ids))
    missing = [sid for sid in subject_ids if sid not in known]
    if missing:
        raise NotFoundError(f"{agency} monitors no subject {missing[0]!r}")
    rows = [row for row in known.values() if row.active]
    now = datetime.now(UTC)
    s, k = at.monitor_subject.c, at.monitor_key.c
    for batch in chunked([r.id for r in rows], 900):
        conn.execute(update(at.monitor_subject).where(s.id.in_(batch))
                     .values(active=False, updated_at=now))  # fmt: skip
        conn.execute(delete(at.monitor_key).where(k.subject.in_(batch)))
    _events(conn, actor, [(r.id, r.revision, "removed", r.query) for r in rows], now)
    return [r.id for r in rows]


def get(conn: Connection, viewer: Actor, agency: str, subject_id: str) -> dict[str, Any]:
    """One subject of the viewer's agency, with its history."""
    check_agency(viewer, agency, "screen")
    row = _known(conn, agency, [subject_id]).get(subject_id)
    if row is None:
        raise NotFoundError(f"{agency} monitors no subject {subject_id!r}")
    e = at.monitor_subject_event.c
    events = conn.execute(select(at.monitor_subject_event).where(e.subject == row.id)
                          .order_by(e.id))  # fmt: skip
    found = subject_dict(row)
    found["history"] = [
        {"revision": ev.revision, "action": ev.action, "query": ev.query, "actor": ev.actor,
         "at": _iso(ev.at)} for ev in events
    ]  # fmt: skip
    return found


def search(conn: Connection, viewer: Actor, agency: str, active: bool | None = True,
           limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    check_agency(viewer, agency, "screen")
    s = at.monitor_subject.c
    query = select(at.monitor_subject).where(s.agency == agency)
    if active is not None:
        query = query.where(s.active.is_(active))
    query = query.order_by(s.subject_id).limit(limit).offset(offset)
    return [subject_dict(row) for row in conn.execute(query)]


def count(conn: Connection, agency: str | None = None) -> int:
    s = at.monitor_subject.c
    query = select(func.count()).select_from(at.monitor_subject).where(s.active.is_(True))
    if agency:
        query = query.where(s.agency == agency)
    return int(conn.scalar(query) or 0)


def subject_dict(row: Any) -> dict[str, Any]:
    return {
        "subject_id": row.subject_id, "agency": row.agency, "dataset": row.dataset,
        "schema": row.schema, "name": row.name, "query": row.query, "revision": row.revision,
        "active": row.active, "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }  # fmt: skip


def _iso(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
