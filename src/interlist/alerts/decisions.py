"""Deciding alerts: false positive, escalation into a case, confirmation with four eyes.

A user of the subject's agency decides an open alert with a reason from
``resources/alerts.yml`` (and a note). ``false_positive`` ends it and is remembered
(:mod:`interlist.alerts.raising`); ``escalated`` puts it in the subject's case
(:mod:`interlist.alerts.cases`); ``confirmed`` leaves it ``confirmed_pending`` until a
SECOND user of the same agency approves (``confirmed``, marked for the freeze register
when the measure is an asset freeze) or refuses it (back to ``open``). The one who
confirmed cannot approve (403). Statuses, parties and the 24-hour deadline are
declared in ``resources/lifecycles/alert.yml``; every move is in ``lc_event`` and the
audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from interlist.alerts import cases, webhooks
from interlist.alerts.raising import declared, vocabulary
from interlist.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import Actor, Move
from interlist.lifecycle import records as lr
from interlist.store import alert_tables as at
from interlist.store import lifecycle_tables as lt
from interlist.store.db import aware

DECISIONS = ("false_positive", "confirmed", "escalated")
OPEN = ("open", "confirmed_pending")  # waiting for someone of the agency
UNDECIDED = (*OPEN, "escalated")  # withdrawn when the subject or the listing goes


def check_reason(reason: str | None, note: str | None) -> str:
    """A reason of the vocabulary (422 otherwise); `other` needs a note."""
    known = vocabulary()["reasons"]
    if not reason or reason not in known:
        raise InvalidInputError(f"unknown reason {reason!r} (known: {', '.join(known)})", "reason")
    if reason == "other" and not (note or "").strip():
        raise InvalidInputError("the reason 'other' needs a note saying what it is", "note")
    return reason


def decide(conn: Connection, actor: Actor, alert_id: int, decision: str, reason: str,
           note: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a decision on an alert (403: not of its agency; 409: not open now)."""
    if decision not in DECISIONS:
        raise InvalidInputError(f"unknown decision (known: {', '.join(DECISIONS)})", "decision")
    row = _row(conn, alert_id)
    check_reason(reason, note)
    move = Move(decision, {"reason": reason}, note)
    lr.transition(conn, declared(), alert_id, move, actor, _parties(actor, row))
    values: dict[str, Any] = {"decision": decision, "reason": reason, "decided_by": actor.name}
    if decision == "escalated":
        values["case_id"] = cases.case_for(conn, actor, row, note)
    conn.execute(update(at.alert).where(at.alert.c.record_id == alert_id).values(**values))
    return _announce(conn, alert_id, actor)


def approve(conn: Connection, actor: Actor, alert_id: int, approved: bool,
            note: str | None = None) -> dict[str, Any]:  # fmt: skip
    """A second user of the agency approves a confirmation (or refuses it: back to
    open). The user who confirmed may not (403)."""
    row = _row(conn, alert_id)
    if row.status == "confirmed_pending" and row.decided_by == actor.name and not actor.system:
        raise PermissionDeniedError(
            f"four eyes: {actor.name} confirmed alert {alert_id} and cannot also approve it; "
            "another user of the agency must"
        )
    name = "approved" if approved else "refused"
    lr.transition(conn, declared(), alert_id, Move(name, {}, note), actor, _parties(actor, row))
    values: dict[str, Any] = {"freeze": "asset_freeze" in (row.measures or [])} if approved else {
        "decision": None, "reason": None, "decided_by": None}  # fmt: skip
    conn.execute(update(at.alert).where(at.alert.c.record_id == alert_id).values(**values))
    return _announce(conn, alert_id, actor)


def clear(conn: Connection, actor: Actor, alert_ids: Sequence[int], reason: str,
          note: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Clear many obvious false positives with one reason (all or nothing)."""
    check_reason(reason, note)
    return [decide(conn, actor, aid, "false_positive", reason, note) for aid in alert_ids]


def withdraw_for(conn: Connection, subject_pks: Sequence[int], note: str) -> list[int]:
    """The undecided alerts of removed subjects are withdrawn by interlist."""
    a, r = at.alert.c, lt.lc_record.c
    query = select(a.record_id).join(lt.lc_record, r.id == a.record_id)
    query = query.where(a.subject.in_(list(subject_pks)), r.status.in_(UNDECIDED))
    return withdraw(conn, list(conn.scalars(query)) if subject_pks else [], note)


def withdraw(conn: Connection, alert_ids: Sequence[int], note: str) -> list[int]:
    """Withdraw these undecided alerts (interlist's move, with the note saying why)."""
    for rid in alert_ids:
        lr.transition(conn, declared(), rid, Move("withdrawn", {}, note), lr.SYSTEM, ())
    return list(alert_ids)


def _announce(conn: Connection, alert_id: int, actor: Actor) -> dict[str, Any]:
    found = get(conn, alert_id, actor)
    summary = {k: found[k] for k in ("id", "status", "subject_id", "entity_id", "score",
                                     "decision", "reason", "decided_by", "freeze")}  # fmt: skip
    webhooks.enqueue(conn, found["agency"], "alert.decided", [summary])
    return found


def _parties(actor: Actor, row: Any) -> set[str]:
    return {"agency"} if actor.agency == row.agency else set()


def get(conn: Connection, alert_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    """One alert with its history (403 for another agency's)."""
    row = _row(conn, alert_id)
    if viewer is not None and not _visible(viewer, row.agency):
        raise PermissionDeniedError(f"alert {alert_id} belongs to another agency")
    found = alert_dict(row)
    found["history"] = lr.history(conn, alert_id)
    found["allowed"] = _allowed(row, viewer)
    found["subject"] = {"subject_id": row.subject_id, "name": row.subject_name,
                        "query": row.subject_query, "revision": row.subject_revision}  # fmt: skip
    return found


def search(conn: Connection, viewer: Actor | None, status: str | None = None,
           agency: str | None = None, subject: str | None = None, entity: str | None = None,
           overdue: bool = False, case_id: int | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """The alerts the viewer may see (its agency's; the centre: any), filtered; the
    soonest deadline first."""
    a, r = at.alert.c, lt.lc_record.c
    query = _query()
    for column, value in ((r.status, status), (a.agency, agency), (a.subject_id, subject),
                          (a.entity_id, entity), (a.case_id, case_id)):  # fmt: skip
        if value is not None and value != "":
            query = query.where(column == value)
    if overdue:
        query = query.where(r.id.in_(lr.overdue_query(declared().name)))
    if viewer is not None and not (viewer.system or viewer.centre):
        query = query.where(a.agency == viewer.agency)
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id).limit(limit).offset(offset)
    return [alert_dict(row) for row in conn.execute(query)]


def counts(conn: Connection, agency: str | None) -> dict[str, int]:
    """Open (undecided or awaiting approval) and overdue alerts of an agency."""
    a, r = at.alert.c, lt.lc_record.c
    base = select(func.count()).select_from(at.alert).join(lt.lc_record, r.id == a.record_id)
    if agency is not None:
        base = base.where(a.agency == agency)
    open_ = int(conn.scalar(base.where(r.status.in_(OPEN))) or 0)
    late = int(conn.scalar(base.where(r.id.in_(lr.overdue_query(declared().name)))) or 0)
    return {"open": open_, "overdue": late}


def _visible(viewer: Actor, agency: str) -> bool:
    return viewer.system or viewer.centre or viewer.agency == agency


def _allowed(row: Any, viewer: Actor | None) -> list[str]:
    if viewer is None or viewer.agency != row.agency:
        return []
    moves = [m.name for m in declared().allowed_from(row.status)
             if m.permission in viewer.permissions and "agency" in m.parties]  # fmt: skip
    if row.status == "confirmed_pending" and row.decided_by == viewer.name:
        moves = [m for m in moves if m != "approved"]
    return moves


def _query() -> Any:
    a, r, s = at.alert.c, lt.lc_record.c, at.monitor_subject.c
    return (
        select(lt.lc_record, at.alert, s.name.label("subject_name"), s.query.label("subject_query"))
        .join(at.alert, a.record_id == r.id)
        .join(at.monitor_subject, s.id == a.subject)
    )


def _row(conn: Connection, alert_id: int) -> Any:
    row = conn.execute(_query().where(lt.lc_record.c.id == alert_id)).first()
    if row is None:
        raise NotFoundError(f"no alert with id {alert_id}")
    return row


def alert_dict(row: Any) -> dict[str, Any]:
    due = aware(row.due_at) if row.due_at else None
    return {
        "id": row.id, "status": row.status, "status_label": declared().label(row.status),
        "agency": row.agency, "subject_id": row.subject_id, "subject_name": row.subject_name,
        "subject_revision": row.subject_revision, "entity_id": row.entity_id,
        "entity_version": row.entity_version, "caption": row.caption, "score": row.score,
        "explanation": row.explanation, "entity_data": row.entity_data, "cause": row.cause,
        "changes": row.changes, "measures": list(row.measures or []), "freeze": row.freeze,
        "decision": row.decision, "reason": row.reason, "decided_by": row.decided_by,
        "case_id": row.case_id, "created_at": aware(row.created_at).isoformat(),
        "due_at": due.isoformat() if due else None,
        "overdue": bool(due and due < datetime.now(UTC)),
    }  # fmt: skip
