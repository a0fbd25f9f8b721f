"""Moving records through their lifecycle: open, check, transition, remember, audit.

One mechanism for every workflow. A transition is refused with
:class:`PermissionDeniedError` (403) when the actor's role lacks its permission or
the actor is not one of the parties it names, and with :class:`ConflictError`
(409) when it may not leave the record's current status (or the record moved
meanwhile). Otherwise the record's status and next deadline change, an event is
appended to ``lc_event`` and an entry to the audit log, all in the caller's
transaction: the move is whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select, update

from interlist.access import audit
from interlist.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle.declaration import Duration, Lifecycle, Transition, due_date
from interlist.store import lifecycle_tables as lt
from interlist.store.db import aware

SYSTEM_PARTY = "system"


@dataclass(frozen=True)
class Actor:
    """Who makes a transition: a user (with their agency, its state, and their role's
    permissions) or interlist itself (:data:`SYSTEM`)."""

    name: str
    agency: str
    state: str | None = None
    centre: bool = False
    permissions: frozenset[str] = frozenset()
    system: bool = False


SYSTEM = Actor("interlist", "-", system=True)


@dataclass(frozen=True)
class Move:
    """A transition asked for: its name, the fields it records and a note."""

    transition: str
    fields: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


def now_utc() -> datetime:
    return datetime.now(UTC)


def authorise(lc: Lifecycle, move: Transition, actor: Actor, parties: Iterable[str]) -> None:
    """Refuse (403) unless the actor may make this transition on this record."""
    if actor.system:
        if SYSTEM_PARTY not in move.parties:
            raise PermissionDeniedError(f"{lc.name}: {move.name} is not made by interlist")
        return
    if move.permission not in actor.permissions:
        raise PermissionDeniedError(
            f"{lc.name}: {move.name} needs the permission {move.permission!r}, "
            f"which the role of {actor.name} does not have"
        )
    if not set(move.parties) & set(parties):
        who = " or ".join(p for p in move.parties if p != SYSTEM_PARTY)
        raise PermissionDeniedError(
            f"{lc.name}: {move.name} is made by the {who}; {actor.name} "
            f"({actor.agency}{', ' + actor.state if actor.state else ''}) is not"
        )


def require_fields(move: Transition, asked: Move) -> None:
    """Refuse (422) a transition that lacks a field its declaration requires."""
    for name in move.requires:
        value = asked.note if name == "note" else asked.fields.get(name)
        if value in (None, "", [], ()):
            raise InvalidInputError(f"{move.name} needs {name}", field=name)


def open_records(
    conn: Connection,
    lc: Lifecycle,
    actor: Actor,
    payloads: Sequence[dict[str, Any]],
    note: str | None = None,
    durations: dict[str, Duration] | None = None,
    when: datetime | None = None,
) -> list[int]:
    """Open one record per payload in the initial status (the caller has authorised
    the opening); returns their ids, in order."""
    if not payloads:
        return []
    at = when or now_utc()
    opening = _opening(lc)
    deadline = lc.deadline_for(lc.initial)
    rows = []
    for payload in payloads:
        due = _due(deadline, at, payload, durations)
        rows.append({
            "kind": lc.name, "status": lc.initial, "seq": 1, "created_at": at, "updated_at": at,
            "due_at": due, "due_kind": deadline.name if due and deadline else None,
        })  # fmt: skip
    query = insert(lt.lc_record).returning(lt.lc_record.c.id, sort_by_parameter_order=True)
    ids = [int(row.id) for row in conn.execute(query, rows)]
    events = [
        _event(rid, 1, opening.name, None, lc.initial, actor, at, note, payload)
        for rid, payload in zip(ids, payloads, strict=True)
    ]
    conn.execute(insert(lt.lc_event), events)
    audit.append_many(conn, [_audit_entry(lc, e, actor) for e in events])
    return ids


def transition(
    conn: Connection,
    lc: Lifecycle,
    record_id: int,
    asked: Move,
    actor: Actor,
    parties: Iterable[str],
    durations: dict[str, Duration] | None = None,
    when: datetime | None = None,
) -> dict[str, Any]:
    """Make one transition on a record; returns the event appended."""
    move = lc.transition(asked.transition)
    record = _record(conn, lc, record_id)
    authorise(lc, move, actor, parties)
    if record.status not in move.sources:
        allowed = ", ".join(move.sources) or "no status"
        raise ConflictError(
            f"{lc.name} {record_id} is {record.status}: {move.name} is allowed only from {allowed}"
        )
    require_fields(move, asked)
    at = when or now_utc()
    due_at, due_kind = _next_due(lc, record, move, at, asked.fields, durations)
    changed = conn.execute(
        update(lt.lc_record)
        .where(lt.lc_record.c.id == record_id, lt.lc_record.c.seq == record.seq)
        .values(status=move.target, seq=record.seq + 1, updated_at=at, due_at=due_at,
                due_kind=due_kind)
    ).rowcount  # fmt: skip
    if not changed:
        raise ConflictError(f"{lc.name} {record_id} was changed meanwhile: reload and retry")
    event = _event(
        record_id, record.seq + 1, move.name, record.status, move.target, actor, at,
        asked.note, asked.fields,
    )  # fmt: skip
    conn.execute(insert(lt.lc_event), [event])
    audit.append_many(conn, [_audit_entry(lc, event, actor)])
    return event


def _opening(lc: Lifecycle) -> Transition:
    found = next((t for t in lc.transitions.values() if not t.sources), None)
    if found is None:
        raise ConflictError(f"{lc.name}: no transition opens a record")
    return found


def _record(conn: Connection, lc: Lifecycle, record_id: int) -> Any:
    r = lt.lc_record.c
    row = conn.execute(select(lt.lc_record).where(r.id == record_id, r.kind == lc.name)).first()
    if row is None:
        raise NotFoundError(f"no {lc.name} with id {record_id}")
    return row


def _next_due(
    lc: Lifecycle,
    record: Any,
    move: Transition,
    at: datetime,
    fields: dict[str, Any],
    durations: dict[str, Duration] | None,
) -> tuple[datetime | None, str | None]:
    deadline = lc.deadline_for(move.target)
    if deadline is None:
        return None, None
    if record.status in deadline.statuses and move.name not in deadline.restart:
        return record.due_at, record.due_kind
    return _due(deadline, at, fields, durations), deadline.name


def _due(
    deadline: Any, at: datetime, fields: dict[str, Any], durations: dict[str, Duration] | None
) -> datetime | None:
    if deadline is None:
        return None
    given = (durations or {}).get(deadline.name)
    if given is not None and not (deadline.field and fields.get(deadline.field)):
        return given.after(at)
    return due_date(deadline, at, fields)


def _event(record_id: int, seq: int, name: str, before: str | None, after: str, actor: Actor,
           at: datetime, note: str | None, payload: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    return {
        "record_id": record_id, "seq": seq, "transition": name, "from_status": before,
        "to_status": after, "actor": actor.name, "agency": actor.agency, "state": actor.state,
        "at": at, "note": note, "payload": _jsonable(payload),
    }  # fmt: skip


def _jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in payload.items()}


def _audit_entry(lc: Lifecycle, event: dict[str, Any], actor: Actor) -> audit.Pending:
    detail = {
        "kind": lc.name, "record": event["record_id"], "transition": event["transition"],
        "from": event["from_status"], "to": event["to_status"], "note": event["note"],
        **event["payload"],
    }  # fmt: skip
    return (actor.name, actor.agency, f"{lc.name}.{event['transition']}", detail, None, None)


def history(conn: Connection, record_id: int) -> list[dict[str, Any]]:
    """Every event of a record, oldest first."""
    e = lt.lc_event.c
    query = select(lt.lc_event).where(e.record_id == record_id).order_by(e.seq)
    return [_event_dict(row) for row in conn.execute(query)]


def histories(conn: Connection, record_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """The events of many records at once."""
    found: dict[int, list[dict[str, Any]]] = {rid: [] for rid in record_ids}
    e = lt.lc_event.c
    for start in range(0, len(record_ids), 900):
        chunk = list(record_ids[start : start + 900])
        query = select(lt.lc_event).where(e.record_id.in_(chunk)).order_by(e.record_id, e.seq)
        for row in conn.execute(query):
            found[row.record_id].append(_event_dict(row))
    return found


def _event_dict(row: Any) -> dict[str, Any]:
    data = {str(key): value for key, value in row._mapping.items()}
    data["at"] = aware(data["at"]).isoformat()
    data.pop("id", None)
    data.pop("record_id", None)
    return data


def overdue_query(kind: str | None = None, at: datetime | None = None) -> Select[Any]:
    """The ids of records past their deadline (of one kind, or all)."""
    r = lt.lc_record.c
    query = select(r.id).where(r.due_at.is_not(None), r.due_at < (at or now_utc()))
    return query.where(r.kind == kind) if kind else query


def overdue_count(conn: Connection, kind: str | None = None) -> int:
    sub = overdue_query(kind).subquery()
    return int(conn.scalar(select(func.count()).select_from(sub)) or 0)


def inconsistent(conn: Connection) -> list[str]:
    """Records whose status or event count disagrees with their newest event."""
    e, r = lt.lc_event.c, lt.lc_record.c
    newest = select(e.record_id, func.max(e.seq).label("seq")).group_by(e.record_id).subquery()
    last = (
        select(e.record_id, e.seq, e.to_status)
        .join(newest, (newest.c.record_id == e.record_id) & (newest.c.seq == e.seq))
        .subquery()
    )
    query = select(r.id, r.kind, r.status, r.seq, last.c.seq, last.c.to_status).outerjoin(
        last, last.c.record_id == r.id
    )
    problems = []
    for rid, kind, status, seq, last_seq, last_status in conn.execute(query):
        if last_seq != seq or last_status != status:
            problems.append(
                f"{kind} {rid}: status {status} after {seq} events, but its newest event "
                f"({last_seq}) says {last_status}"
            )
    return problems
