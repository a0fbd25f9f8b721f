"""Recording freezes, reading them, and moving them through their lifecycle.

A freeze is recorded by a user of the state where the asset is held (the holder,
``resources/lifecycles/freeze.yml``), on a legal basis (:mod:`interlist.freezes.basis`).
Its identifier is shown in full to the recording agency only, masked to everyone
else; users of other states neither read nor change it (403). Every move records the
act, the date it takes effect and the amount concerned (the balance then frozen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, false, func, select

from interlist.cooperation.states import get_state
from interlist.errors import (
    ConflictError,
    InterlistError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from interlist.freezes import basis as fb
from interlist.freezes.terms import (
    amount,
    check_term,
    currency,
    day,
    declared,
    mask,
    may_read,
    may_read_identifier,
    parties,
    text,
)
from interlist.lifecycle import Actor, Move
from interlist.lifecycle import records as lr
from interlist.store import freeze_tables as ft
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t
from interlist.store.db import aware

MOVES = {"seized": "seized", "confiscated": "confiscated", "unfrozen": "unfrozen",
         "review_required": "review_required", "frozen": "maintained"}  # fmt: skip


@dataclass
class FreezeInput:
    """One freeze as entered (through the API, a file or a form); checked by :func:`check`."""

    entity_id: str
    institution: str
    asset_type: str
    amount: Any
    currency: str
    frozen_on: Any
    state: str | None = None  # the actor's state when not given
    identifier: str | None = None
    valued_on: Any = None
    reported_on: Any = None
    basis_kind: str | None = None
    basis_ref: str | None = None
    note: str | None = None


def record(conn: Connection, actor: Actor, given: FreezeInput) -> dict[str, Any]:
    """Record one freeze (status ``frozen``); returns it as the actor sees it."""
    return get(conn, record_many(conn, actor, [given])[0], actor)


def record_many(conn: Connection, actor: Actor, given: Sequence[FreezeInput],
                labels: Sequence[str] | None = None) -> list[int]:  # fmt: skip
    """Record many freezes, all or none: every one is checked before any is written; a
    bad one is reported with its label (e.g. ``row 7``)."""
    rows = []
    for n, item in enumerate(given):
        try:
            rows.append(check(conn, actor, item))
        except InterlistError as exc:
            if labels is None:
                raise
            raise _labelled(exc, labels[n]) from exc
    payloads = [_payload(row) for row in rows]
    ids = lr.open_records(conn, declared(), actor, payloads)
    for record_id, row in zip(ids, rows, strict=True):
        row["record_id"] = record_id
    if rows:
        conn.execute(ft.freeze.insert(), rows)
    return ids


def check(conn: Connection, actor: Actor, given: FreezeInput) -> dict[str, Any]:
    """The row a freeze will be: every field checked, the basis resolved (403 unless the
    actor may record freezes in that state)."""
    state = get_state(conn, given.state or actor.state or "").code
    lr.authorise(declared(), declared().transition("frozen"), actor, parties(actor, state))
    entity_id = str(given.entity_id or "").strip()
    if conn.scalar(select(t.entity.c.id).where(t.entity.c.id == entity_id)) is None:
        raise NotFoundError(f"entity_id: no entity {entity_id!r} in the databank")
    institution = str(given.institution or "").strip()
    if not institution:
        raise InvalidInputError("the institution holding the asset is needed", "institution")
    frozen_on = day(given.frozen_on, "frozen_on")
    found = fb.resolve(conn, entity_id, state, given.basis_kind, given.basis_ref)
    return {
        "entity_id": entity_id, "state": state, "agency": actor.agency,
        "institution": institution, "asset_type": check_term("asset_types", given.asset_type,
                                                             "asset_type"),
        "identifier": str(given.identifier).strip() if given.identifier else None,
        "amount": text(amount(given.amount)), "currency": currency(given.currency),
        "valued_on": day(given.valued_on, "valued_on", required=False) or frozen_on,
        "frozen_on": frozen_on,
        "reported_on": day(given.reported_on, "reported_on", required=False)
        or datetime.now(UTC).date(),
        "basis_kind": found.kind, "basis_ref": found.ref, "programme": found.programme,
        "note": given.note or None,
    }  # fmt: skip


def _labelled(exc: InterlistError, label: str) -> InterlistError:
    """The same error, its message prefixed with where the bad input is."""
    if isinstance(exc, PermissionDeniedError | NotFoundError | ConflictError):
        return type(exc)(f"{label}: {exc.message}")
    return InvalidInputError(f"{label}: {exc.message}")


def _payload(row: dict[str, Any]) -> dict[str, Any]:
    """What the opening event records (the identifier stays out of the history)."""
    keep = ("entity_id", "state", "institution", "asset_type", "amount", "currency",
            "frozen_on", "basis_kind", "basis_ref")  # fmt: skip
    found = {k: row[k] for k in keep}
    found["date"] = row["frozen_on"]
    return found


def move(conn: Connection, actor: Actor, record_id: int, to: str, act: str | None,
         when: Any, note: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Move a freeze to `to` (seized, confiscated, unfrozen, frozen after a review,
    review_required) on an act taking effect at `when`: 403 for another state, 409
    when the move is not allowed from the freeze's status."""
    if to not in MOVES:
        raise InvalidInputError(f"unknown status {to!r} (known: {', '.join(MOVES)})", "to")
    row = freeze_row(conn, record_id, lock=True)
    if not may_read(actor, row.state):
        raise PermissionDeniedError(f"freeze {record_id} is held in another state ({row.state})")
    name = MOVES[to]
    if name == "maintained" and released(conn, record_id) > 0:
        name = "maintained_partially"
    fields: dict[str, Any] = {"act": (act or "").strip(), "date": day(when, "date")}
    if to in ("seized", "confiscated", "unfrozen"):
        fields.update(amount=text(balance(conn, row)), currency=row.currency)
    lr.transition(conn, declared(), record_id, Move(name, fields, note or None), actor,
                  parties(actor, row.state))  # fmt: skip
    return get(conn, record_id, actor)


def get(conn: Connection, record_id: int, viewer: Actor) -> dict[str, Any]:
    """One freeze with its balance, history and licences (403 for another state)."""
    from interlist.freezes.licences import licences_of

    row = freeze_row(conn, record_id)
    if not may_read(viewer, row.state):
        raise PermissionDeniedError(f"freeze {record_id} is held in another state ({row.state})")
    found = _dict(row, viewer, released(conn, record_id))
    found["history"] = lr.history(conn, record_id)
    found["licences"] = licences_of(conn, record_id)
    found["allowed"] = _allowed(row, viewer)
    return found


def search(conn: Connection, viewer: Actor, entity_id: str | None = None,
           state: str | None = None, status: str | None = None,
           needs_review: bool | None = None, limit: int = 500,
           offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """The freezes the viewer may read, filtered; those needing review first, soonest
    deadline first."""
    r, f = lt.lc_record.c, ft.freeze.c
    query = freeze_query()
    for column, value in ((f.entity_id, entity_id), (f.state, state), (r.status, status)):
        if value:
            query = query.where(column == value)
    if needs_review is not None:
        query = query.where((r.status == "review_required") == needs_review)
    if not (viewer.centre or viewer.system):
        query = query.where(f.state == viewer.state if viewer.state else false())
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id.desc()).limit(limit).offset(offset)
    rows = conn.execute(query).all()
    out = released_many(conn, [row.record_id for row in rows])
    return [_dict(row, viewer, out.get(row.record_id, Decimal(0))) for row in rows]


def released(conn: Connection, record_id: int, on: date | None = None) -> Decimal:
    """What the licences of a freeze released (granted on or before `on`, if given)."""
    return released_many(conn, [record_id], on).get(record_id, Decimal(0))


def released_many(conn: Connection, record_ids: Sequence[int],
                  on: date | None = None) -> dict[int, Decimal]:  # fmt: skip
    c = ft.licence.c
    found: dict[int, Decimal] = {}
    for start in range(0, len(record_ids), 900):
        query = select(c.freeze_id, c.amount, c.granted_on).where(
            c.freeze_id.in_(list(record_ids[start : start + 900]))
        )
        for freeze_id, value, granted_on in conn.execute(query):
            if on is None or granted_on <= on:
                found[freeze_id] = found.get(freeze_id, Decimal(0)) + Decimal(value)
    return found


def balance(conn: Connection, row: Any) -> Decimal:
    return Decimal(row.amount) - released(conn, row.record_id)


def _allowed(row: Any, viewer: Actor) -> list[str]:
    """The statuses the viewer may move the freeze to now (and `licence`)."""
    mine = parties(viewer, row.state)
    names = {
        m.name for m in declared().allowed_from(row.status)
        if m.permission in viewer.permissions and mine & set(m.parties)
    }  # fmt: skip
    found = [to for to, name in MOVES.items() if name in names]
    return [*found, "licence"] if "licensed" in names else found


def freeze_query() -> Any:
    r, f, e = lt.lc_record.c, ft.freeze.c, t.entity.c
    return (
        select(ft.freeze, r.status, r.due_at, r.due_kind, r.created_at, r.updated_at,
               e.caption, e.schema)
        .join(lt.lc_record, r.id == f.record_id)
        .outerjoin(t.entity, e.id == f.entity_id)
    )  # fmt: skip


def freeze_row(conn: Connection, record_id: int, lock: bool = False) -> Any:
    query = freeze_query().where(ft.freeze.c.record_id == record_id)
    row = conn.execute(query.with_for_update(of=lt.lc_record) if lock else query).first()
    if row is None:
        raise NotFoundError(f"no freeze with id {record_id}")
    return row


def _dict(row: Any, viewer: Actor, out: Decimal) -> dict[str, Any]:
    due = aware(row.due_at) if row.due_at else None
    shown = row.identifier if may_read_identifier(viewer, row.agency) else mask(row.identifier)
    return {
        "id": row.record_id, "status": row.status, "status_label": declared().label(row.status),
        "entity_id": row.entity_id, "caption": row.caption, "schema": row.schema,
        "state": row.state, "agency": row.agency, "institution": row.institution,
        "asset_type": row.asset_type, "identifier": shown,
        "identifier_masked": shown != row.identifier, "amount": row.amount,
        "currency": row.currency, "released": text(out),
        "balance": text(Decimal(row.amount) - out),
        "valued_on": _iso(row.valued_on), "frozen_on": _iso(row.frozen_on),
        "reported_on": _iso(row.reported_on),
        "basis": {"kind": row.basis_kind, "ref": row.basis_ref},
        "programme": row.programme, "note": row.note,
        "needs_review": row.status == "review_required",
        "due_at": due.isoformat() if due else None, "due_kind": row.due_kind,
        "overdue": bool(due and due < datetime.now(UTC)),
        "created_at": aware(row.created_at).isoformat(),
        "updated_at": aware(row.updated_at).isoformat(),
    }  # fmt: skip


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def count_reviews(conn: Connection, viewer: Actor) -> int:
    """The freezes of the viewer's state awaiting a decision after their basis ended."""
    r, f = lt.lc_record.c, ft.freeze.c
    query = select(func.count()).select_from(ft.freeze).join(lt.lc_record, r.id == f.record_id)
    query = query.where(r.status == "review_required")
    if not viewer.centre:
        query = query.where(f.state == viewer.state if viewer.state else false())
    return int(conn.scalar(query) or 0)


__all__ = ["MOVES", "FreezeInput", "balance", "check", "count_reviews", "freeze_query",
           "freeze_row", "get", "move", "record", "record_many", "released", "released_many",
           "search"]  # fmt: skip
