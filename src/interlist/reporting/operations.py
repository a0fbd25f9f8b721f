"""Coordinated operations and the results the states report, entered one by one, from
a file validated as a whole, or through the API.

A result that stands for a wanted notice's transition (detained, located, extradited,
deported) is linked to that transition's event when the notice already has it, so
that a figure never counts the same event twice.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, select

from interlist.access import audit
from interlist.cooperation.states import check_code, get_state
from interlist.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor
from interlist.reporting.vocabulary import check, vocabulary
from interlist.store import lifecycle_tables as lt
from interlist.store import operation_tables as ot

PERMISSION = "operations"
CURRENCY_LENGTH = 3


@dataclass
class OperationIn:
    name: str
    kind: str
    start: date
    end: date
    lead: str | None = None  # a state's code or "centre"; default: the actor's
    states: list[str] | None = None
    description: str = ""


@dataclass
class ResultIn:
    kind: str
    state: str
    date: date
    place: str | None = None
    notice_id: int | None = None
    entity_id: str | None = None
    category: str | None = None
    quantity: Decimal | str | int | None = None
    unit: str | None = None
    note: str | None = None


def _require(actor: Actor) -> None:
    if not actor.system and PERMISSION not in actor.permissions:
        raise PermissionDeniedError(f"{actor.name}'s role may not record operations")


def add_operation(conn: Connection, actor: Actor, given: OperationIn) -> dict[str, Any]:
    """Register an operation (by the centre, or by an agency of its lead state)."""
    _require(actor)
    if not given.name.strip():
        raise InvalidInputError("an operation needs a name", "name")
    check("operation_kinds", given.kind, "kind")
    if given.end < given.start:
        raise InvalidInputError("ends before it starts", "end")
    lead = given.lead or ("centre" if actor.centre or not actor.state else actor.state)
    if lead != "centre":
        lead = get_state(conn, lead).code
    if not (actor.centre or actor.system or actor.state == lead):
        raise PermissionDeniedError("an operation is registered by the centre or its lead state")
    states = sorted({get_state(conn, s).code for s in (given.states or [])} | (
        {lead} if lead != "centre" else set()))  # fmt: skip
    row = {"name": given.name.strip(), "kind": given.kind, "start": given.start,
           "end": given.end, "lead": lead, "states": states,
           "description": given.description or "", "created_at": datetime.now(UTC),
           "created_by": actor.name, "agency": actor.agency}  # fmt: skip
    inserted = conn.execute(ot.operation.insert().values(**row)).inserted_primary_key
    assert inserted is not None
    new_id = int(inserted[0])
    audit.append(conn, actor.name, actor.agency, "operation_add", {"id": new_id, **row})
    return get_operation(conn, new_id)


def get_operation(conn: Connection, operation_id: int) -> dict[str, Any]:
    row = conn.execute(select(ot.operation).where(ot.operation.c.id == operation_id)).first()
    if row is None:
        raise NotFoundError(f"no operation with id {operation_id}")
    found = {str(k): v for k, v in row._mapping.items()}
    for key in ("start", "end"):
        found[key] = found[key].isoformat()
    found["created_at"] = found["created_at"].isoformat()
    found["results"] = results_of(conn, operation_id)
    return found


def operations(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    o = ot.operation.c
    query = select(ot.operation).order_by(o.start, o.id)
    if year:
        query = query.where(o.start <= date(year, 12, 31), o.end >= date(year, 1, 1))
    return [
        {**{str(k): v for k, v in r._mapping.items()}, "start": r.start.isoformat(),
         "end": r.end.isoformat(), "created_at": r.created_at.isoformat()}
        for r in conn.execute(query)
    ]  # fmt: skip


def add_results(conn: Connection, actor: Actor, operation_id: int | None,
                results: list[ResultIn]) -> list[dict[str, Any]]:  # fmt: skip
    """Record results (all or none: the first bad one is refused naming its row)."""
    _require(actor)
    if operation_id is not None:
        get_operation(conn, operation_id)
    rows = []
    for number, given in enumerate(results, start=1):
        try:
            rows.append(_result_row(conn, actor, operation_id, given))
        except InvalidInputError as exc:
            raise InvalidInputError(str(exc), f"result {number}") from exc
    ids = [_insert(conn, row) for row in rows]
    audit.append(conn, actor.name, actor.agency, "operation_results",
                 {"operation": operation_id, "results": ids}, len(ids))  # fmt: skip
    return [result(conn, rid) for rid in ids]


def _insert(conn: Connection, row: dict[str, Any]) -> int:
    inserted = conn.execute(ot.operation_result.insert().values(**row)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def _result_row(conn: Connection, actor: Actor, operation_id: int | None,
                given: ResultIn) -> dict[str, Any]:  # fmt: skip
    check("result_kinds", given.kind, "kind")
    state = check_code(given.state, "state")
    if not (actor.system or actor.centre or actor.state == state):
        raise PermissionDeniedError(f"{actor.name} reports for {actor.state}, not for {state}")
    check("places", given.place, "place", required=False)
    quantity, unit, category = _seizure(given) if given.kind == "seizure" else (None, None, None)
    return {
        "operation_id": operation_id, "kind": given.kind, "state": state, "date": given.date,
        "place": given.place or None, "notice_id": given.notice_id,
        "entity_id": given.entity_id or None, "category": category, "quantity": quantity,
        "unit": unit, "event_id": _notice_event(conn, actor, given), "note": given.note or None,
        "created_at": datetime.now(UTC), "created_by": actor.name, "agency": actor.agency,
    }  # fmt: skip


def _seizure(given: ResultIn) -> tuple[Decimal, str, str]:
    category = check("seizure_categories", given.category, "category")
    assert category is not None
    try:
        quantity = Decimal(str(given.quantity))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInputError(f"{given.quantity!r} is not a number", "quantity") from exc
    if not quantity.is_finite() or quantity <= 0:
        raise InvalidInputError("a seizure's quantity is a positive number", "quantity")
    unit = str(vocabulary()["seizure_categories"][category]["unit"])
    if unit == "currency":
        unit = (given.unit or "").upper()
        if len(unit) != CURRENCY_LENGTH or not unit.isalpha():
            raise InvalidInputError("cash needs its currency (ISO 4217, e.g. KZT)", "unit")
    elif given.unit and given.unit != unit:
        raise InvalidInputError(f"{category} is counted in {unit}, not {given.unit}", "unit")
    return quantity, unit, category


def _notice_event(conn: Connection, actor: Actor, given: ResultIn) -> int | None:
    """The notice's event this result stands for: the one the notice has already, or
    the transition recording the result performs now (403/409 as the notice decides)."""
    status = vocabulary()["result_kinds"][given.kind].get("notice_status")
    if given.notice_id is None or not status:
        return None
    found = _existing_event(conn, given.notice_id, status)
    if found is None:
        from interlist.notices.records import move

        move(conn, actor, given.notice_id, status, note=given.note, state=given.state,
             day=given.date, where=given.place)  # fmt: skip
        found = _existing_event(conn, given.notice_id, status)
    return found


def _existing_event(conn: Connection, notice_id: int, status: str) -> int | None:
    e, r = lt.lc_event.c, lt.lc_record.c
    query = (
        select(e.id)
        .join(lt.lc_record, r.id == e.record_id)
        .where(r.id == notice_id, r.kind == "notice", e.to_status == status)
        .order_by(e.seq.desc())
    )
    found = conn.scalar(query)
    return int(found) if found is not None else None


def result(conn: Connection, result_id: int) -> dict[str, Any]:
    row = conn.execute(
        select(ot.operation_result).where(ot.operation_result.c.id == result_id)
    ).one()
    return _result_dict(row)


def results_of(conn: Connection, operation_id: int) -> list[dict[str, Any]]:
    r = ot.operation_result.c
    query = select(ot.operation_result).where(r.operation_id == operation_id).order_by(r.date, r.id)
    return [_result_dict(row) for row in conn.execute(query)]


def _result_dict(row: Any) -> dict[str, Any]:
    found = {str(k): v for k, v in row._mapping.items()}
    found["date"] = row.date.isoformat()
    found["created_at"] = row.created_at.isoformat()
    found["quantity"] = _number(row.quantity)
    return found


def _number(value: Any) -> str | None:
    """A decimal as text without trailing zeros (JSON keeps it exact)."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text


def result_from_mapping(raw: dict[str, Any]) -> ResultIn:
    """A result from a file row or a JSON object (422 naming the field that is wrong)."""
    known = set(ResultIn.__dataclass_fields__)
    unknown = set(raw) - known - {"operation"}
    if unknown:
        raise InvalidInputError(f"unknown fields {sorted(unknown)}", "result")
    values: dict[str, Any] = {k: (None if v == "" else v) for k, v in raw.items() if k in known}
    try:
        values["date"] = date.fromisoformat(str(values.get("date") or ""))
    except ValueError as exc:
        raise InvalidInputError(f"{raw.get('date')!r} is not a date (YYYY-MM-DD)", "date") from exc
    if values.get("notice_id") is not None:
        try:
            values["notice_id"] = int(values["notice_id"])
        except ValueError as exc:
            raise InvalidInputError("is not a number", "notice_id") from exc
    for name in ("kind", "state"):
        if not values.get(name):
            raise InvalidInputError("is required", name)
    return ResultIn(**values)


__all__ = [
    "OperationIn", "ResultIn", "add_operation", "add_results", "asdict", "get_operation",
    "operations", "result", "result_from_mapping", "results_of",
]  # fmt: skip
