"""Cases: the escalated alerts and notes about one monitored subject.

An alert escalated by a user of the agency goes into the subject's open case, or
opens one assigned to that user. A case is ``open``, then ``investigating`` (notes
added), then ``closed`` with an outcome from ``resources/alerts.yml``. The lifecycle
is declared in ``resources/lifecycles/case.yml``; notes are its events.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from interlist.alerts.raising import vocabulary
from interlist.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor, Lifecycle, Move, lifecycle
from interlist.lifecycle import records as lr
from interlist.store import alert_tables as at
from interlist.store import lifecycle_tables as lt

KIND = "case"
MOVES = ("investigating", "noted", "closed")


def declared() -> Lifecycle:
    return lifecycle(KIND)


def case_for(conn: Connection, actor: Actor, alert: Any, note: str | None) -> int:
    """The subject's open case (opened now, assigned to the actor, if there is none)."""
    c, r = at.alert_case.c, lt.lc_record.c
    query = (
        select(c.record_id)
        .join(lt.lc_record, r.id == c.record_id)
        .where(c.agency == alert.agency, c.subject == alert.subject, r.status != "closed")
        .order_by(c.record_id)
    )
    found = conn.scalar(query)
    if found is not None:
        return int(found)
    payload = {"agency": alert.agency, "subject_id": alert.subject_id, "alert": alert.id}
    rid = lr.open_records(conn, declared(), actor, [payload], note=note)[0]
    conn.execute(insert(at.alert_case).values(
        record_id=rid, agency=alert.agency, subject=alert.subject, subject_id=alert.subject_id,
        assignee=actor.name, created_at=datetime.now(UTC),
    ))  # fmt: skip
    return rid


def move(conn: Connection, actor: Actor, case_id: int, name: str, note: str | None = None,
         outcome: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Start investigating, add a note or close (with an outcome) a case of the agency."""
    if name not in MOVES:
        raise InvalidInputError(f"unknown move (known: {', '.join(MOVES)})", "move")
    row = _row(conn, case_id)
    fields: dict[str, Any] = {}
    if name == "closed":
        known = vocabulary()["case_outcomes"]
        if outcome not in known:
            raise InvalidInputError(f"unknown outcome (known: {', '.join(known)})", "outcome")
        fields["outcome"] = outcome
    parties = {"agency"} if actor.agency == row.agency else set()
    lr.transition(conn, declared(), case_id, Move(name, fields, note), actor, parties)
    if outcome:
        conn.execute(update(at.alert_case).where(at.alert_case.c.record_id == case_id)
                     .values(outcome=outcome))  # fmt: skip
    return get(conn, case_id, actor)


def assign(conn: Connection, actor: Actor, case_id: int, assignee: str) -> dict[str, Any]:
    row = _row(conn, case_id)
    if actor.agency != row.agency:
        raise PermissionDeniedError(f"case {case_id} belongs to another agency")
    conn.execute(update(at.alert_case).where(at.alert_case.c.record_id == case_id)
                 .values(assignee=assignee))  # fmt: skip
    return get(conn, case_id, actor)


def get(conn: Connection, case_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    """A case with its alerts and its history (notes are its events)."""
    from interlist.alerts.decisions import search as alerts

    row = _row(conn, case_id)
    if viewer is not None and not (viewer.system or viewer.centre or viewer.agency == row.agency):
        raise PermissionDeniedError(f"case {case_id} belongs to another agency")
    found = case_dict(row)
    found["history"] = lr.history(conn, case_id)
    found["alerts"] = alerts(conn, None, agency=row.agency, case_id=case_id, limit=1000)
    return found


def search(conn: Connection, viewer: Actor | None, status: str | None = None,
           assignee: str | None = None, subject: str | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    c, r = at.alert_case.c, lt.lc_record.c
    query = _query()
    for column, value in ((r.status, status), (c.assignee, assignee), (c.subject_id, subject)):
        if value:
            query = query.where(column == value)
    if viewer is not None and not (viewer.system or viewer.centre):
        query = query.where(c.agency == viewer.agency)
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id).limit(limit).offset(offset)
    return [case_dict(row) for row in conn.execute(query)]


def _query() -> Any:
    c, r = at.alert_case.c, lt.lc_record.c
    return select(lt.lc_record, at.alert_case).join(at.alert_case, c.record_id == r.id)


def _row(conn: Connection, case_id: int) -> Any:
    row = conn.execute(_query().where(lt.lc_record.c.id == case_id)).first()
    if row is None:
        raise NotFoundError(f"no case with id {case_id}")
    return row


def case_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "status": row.status, "status_label": declared().label(row.status),
        "agency": row.agency, "subject_id": row.subject_id, "assignee": row.assignee,
        "outcome": row.outcome, "created_at": _iso(row.created_at),
        "due_at": _iso(row.due_at) if row.due_at else None,
    }  # fmt: skip


def _iso(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
