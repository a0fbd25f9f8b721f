"""What is frozen at a date: balances, totals, and the annual return a state sends.

A freeze's status at a date is the status its history had then: each move counts from
the date its act took effect (the ``date`` it records; the day it was made otherwise).
Its balance at that date is its amount less the licences granted by then. Totals are
per currency (nothing is converted), grouped by state, institution, asset type or
programme on demand; the annual return lists the assets held at the reference date,
and its totals are computed from its own rows, so that they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from interlist.errors import InvalidInputError, PermissionDeniedError
from interlist.freezes import register
from interlist.freezes.terms import ALIVE, HELD, text
from interlist.lifecycle import Actor
from interlist.lifecycle import records as lr
from interlist.store import freeze_tables as ft

GROUPS = ("state", "institution", "asset_type", "programme")
COLUMNS = ("id", "state", "institution", "asset_type", "entity_id", "name", "programme",
           "basis_kind", "basis_ref", "frozen_on", "status", "currency", "amount",
           "released", "balance")  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One freeze as it stood at a date."""

    values: dict[str, Any]
    status: str
    currency: str
    released: Decimal
    balance: Decimal


def scope(viewer: Actor, state: str | None) -> str | None:
    """The state whose freezes the viewer asks about (None: every state, for the centre);
    403 for another state's."""
    if viewer.centre or viewer.system:
        return state or None
    if state and state != viewer.state:
        raise PermissionDeniedError(f"the freezes of {state} are for {state} and the centre")
    if not viewer.state:
        raise PermissionDeniedError(f"{viewer.name} acts for no member state")
    return viewer.state


def lines(conn: Connection, state: str | None, at: date,
          entity_id: str | None = None) -> list[Line]:  # fmt: skip
    """Every freeze of `state` (all states: None; one entity's only, if given) still held
    at `at`, oldest first."""
    f = ft.freeze.c
    query = register.freeze_query().order_by(f.record_id)
    if state:
        query = query.where(f.state == state)
    if entity_id:
        query = query.where(f.entity_id == entity_id)
    rows = [row for row in conn.execute(query) if row.frozen_on <= at]
    ids = [row.record_id for row in rows]
    events = lr.histories(conn, ids)
    out = register.released_many(conn, ids, at)
    found = []
    for row in rows:
        status = status_at(events[row.record_id], at)
        if status in ALIVE:
            released = out.get(row.record_id, Decimal(0))
            found.append(_line(row, status, released))
    return found


def status_at(events: Sequence[dict[str, Any]], at: date) -> str | None:
    """The status a history had at the end of day `at` (None: not yet recorded)."""
    status = None
    for event in events:
        if effective(event) <= at:
            status = event["to_status"]
    return status


def effective(event: dict[str, Any]) -> date:
    """The day a move took effect: the date of its act, or the day it was recorded."""
    when = (event.get("payload") or {}).get("date") or event["at"]
    return date.fromisoformat(str(when)[:10])


def _line(row: Any, status: str, released: Decimal) -> Line:
    balance = Decimal(row.amount) - released
    values = {
        "id": row.record_id, "state": row.state, "institution": row.institution,
        "asset_type": row.asset_type, "entity_id": row.entity_id, "name": row.caption,
        "programme": row.programme, "basis_kind": row.basis_kind, "basis_ref": row.basis_ref,
        "frozen_on": row.frozen_on.isoformat(), "status": status, "currency": row.currency,
        "amount": row.amount, "released": text(released), "balance": text(balance),
    }  # fmt: skip
    return Line(values, status, row.currency, released, balance)


def totals(found: Sequence[Line], by: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Per currency (and per value of each `by` column): the balance still frozen and the
    number of freezes, what is seized, and what the licences released."""
    for name in by:
        if name not in GROUPS:
            raise InvalidInputError(f"unknown {name!r} (known: {', '.join(GROUPS)})", "by")
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line in found:
        key = (*(line.values[name] for name in by), line.currency)
        cell = sums.setdefault(key, _cell(by, key))
        part = "frozen" if line.status in HELD else "seized"
        cell[part] += line.balance
        cell[f"{part}_count"] += 1
        cell["released"] += line.released
    return [_text(cell) for _, cell in sorted(sums.items(), key=lambda kv: str(kv[0]))]


def _cell(by: Sequence[str], key: tuple[Any, ...]) -> dict[str, Any]:
    zero = Decimal(0)
    return {**dict(zip(by, key, strict=False)), "currency": key[-1], "frozen": zero,
            "frozen_count": 0, "seized": zero, "seized_count": 0, "released": zero}  # fmt: skip


def _text(cell: dict[str, Any]) -> dict[str, Any]:
    cell = {k: text(v) if isinstance(v, Decimal) else v for k, v in cell.items()}
    cell["count"] = cell.pop("frozen_count")
    return cell


def summary(conn: Connection, viewer: Actor, state: str | None, at: date,
            by: Sequence[str] = ()) -> dict[str, Any]:  # fmt: skip
    """`GET /freezes/summary`: the balance still frozen at `at`, per currency."""
    code = scope(viewer, state)
    return {"state": code, "at": at.isoformat(), "by": list(by),
            "totals": totals(lines(conn, code, at), by)}  # fmt: skip


def entity_totals(conn: Connection, viewer: Actor, entity_id: str,
                  at: date) -> list[dict[str, Any]]:  # fmt: skip
    """The frozen total of one entity by state and currency, for the states the viewer
    may see (the centre: every state; a state's users: their own)."""
    if viewer.centre or viewer.system:
        return totals(lines(conn, None, at, entity_id), ("state",))
    if not viewer.state:
        return []
    return totals(lines(conn, viewer.state, at, entity_id), ("state",))


__all__ = ["COLUMNS", "GROUPS", "Line", "entity_totals", "lines", "scope", "status_at",
           "summary", "totals"]  # fmt: skip
