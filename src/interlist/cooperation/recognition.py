"""Mutual recognition of designations: requests, decisions, reviews and lapses.

A state asks another to recognise a designation of its national list
(:func:`request`, or :func:`request_list` for a whole list); the state asked
decides (:func:`decide`: recognised, refused with a ground, information
requested, revoked, confirmed on review). When the requesting state's next list
version no longer holds the designation, every recognition of it lapses in the
same ingest (:func:`lapse_delisted`). The statuses, parties and deadlines are
declared in ``resources/lifecycles/recognition.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, false, select, update

from interlist.cooperation import states as st
from interlist.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.freezes.basis import basis_ended
from interlist.lifecycle import SYSTEM, Actor, Duration, Lifecycle, Move, lifecycle
from interlist.lifecycle import records as lr
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t
from interlist.store.db import aware, chunked

KIND = "recognition"
DECISIONS = ("recognised", "refused", "info_requested", "revoked", "reviewed", "answered",
             "lapsed")  # fmt: skip
LIVE = ("requested", "info_requested", "recognised")  # a new request for the pair is refused
OVERDUE_KINDS = {"response": "responses", "review": "reviews"}


def declared() -> Lifecycle:
    return lifecycle(KIND)


@dataclass
class Request:
    """What a requesting state asks of another about one designation."""

    entity_id: str
    to_state: str
    legal_basis: str
    reasons: str
    measures: list[str] = field(default_factory=lambda: ["asset_freeze"])
    respond_by: date | None = None


def request(conn: Connection, actor: Actor, asked: Request) -> dict[str, Any]:
    """Open one recognition request (by a user of the designation's own state)."""
    source, from_state = _designation(conn, asked.entity_id, actor)
    to_state = _recipient(conn, asked.to_state, from_state)
    lr.authorise(declared(), declared().transition("requested"), actor, _opener(actor, from_state))
    _check_request(asked)
    live = _live_pairs(conn, [asked.entity_id], to_state, LIVE)
    if live:
        raise ConflictError(
            f"{asked.entity_id} is already {live[asked.entity_id][1]} in {to_state} "
            f"(recognition {live[asked.entity_id][0]})"
        )
    ids = _open(conn, actor, source, from_state, to_state, [asked.entity_id], asked)
    return get(conn, ids[0], actor)


def request_list(conn: Connection, actor: Actor, source: str, to_states: Sequence[str],
                 asked: Request) -> dict[str, Any]:  # fmt: skip
    """One request per designation of `source` (its listed targets) to each state in
    `to_states` that has not decided it yet (nor has it pending)."""
    from_state = st.source_state(conn, source)
    if from_state is None:
        raise InvalidInputError(f"{source} is no member state's national list", "source")
    lr.authorise(declared(), declared().transition("requested"), actor, _opener(actor, from_state))
    _check_request(asked)
    entities = _listed_targets(conn, source)
    opened: dict[str, list[int]] = {}
    skipped: dict[str, int] = {}
    for code in to_states:
        to_state = _recipient(conn, code, from_state)
        decided = _live_pairs(conn, entities, to_state, (*LIVE, "refused", "revoked"))
        todo = [e for e in entities if e not in decided]
        opened[to_state] = _open(conn, actor, source, from_state, to_state, todo, asked)
        skipped[to_state] = len(entities) - len(todo)
    total = sum(len(ids) for ids in opened.values())
    return {"source": source, "from_state": from_state, "designations": len(entities),
            "opened": total, "by_state": {k: len(v) for k, v in opened.items()},
            "skipped": skipped}  # fmt: skip


def decide(conn: Connection, actor: Actor, record_id: int, decision: str,
           ground: str | None = None, legal_act: str | None = None,
           note: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a decision on a request (403 if the actor is no party to it, 409 if the
    decision is not allowed from its current status)."""
    if decision not in DECISIONS:
        raise InvalidInputError(f"unknown decision (known: {', '.join(DECISIONS)})", "decision")
    row = _row(conn, record_id)
    if ground is not None:
        st.check_terms("refusal_grounds", [ground], "ground")
        if ground == "other" and not note:
            raise InvalidInputError("the ground 'other' needs a note saying what it is", "note")
    fields = {k: v for k, v in (("ground", ground), ("legal_act", legal_act)) if v}
    review = st.get_state(conn, row.to_state).review_months
    lr.transition(
        conn, declared(), record_id, Move(decision, fields, note), actor, _parties(actor, row),
        durations={"review": Duration(review, "month")},
    )  # fmt: skip
    _remember(conn, record_id, decision, fields)
    if decision in ("revoked", "lapsed"):  # the freezes resting on it are reviewed
        basis_ended(conn, KIND, str(record_id), f"recognition {decision}: {note or legal_act}")
    screen_decision(conn, row, decision)
    return get(conn, record_id, actor)


def screen_decision(conn: Connection, row: Any, decision: str) -> None:
    """A designation recognised is in force in a new state: its monitored subjects are
    screened against it (interlist.alerts; imported here, as alerts reads collections)."""
    from interlist.alerts.monitor import screen_recognised

    screen_recognised(conn, row, decision)


def lapse_delisted(conn: Connection, source: str, entity_ids: Iterable[str],
                   version_id: int) -> list[int]:  # fmt: skip
    """Every live recognition of these designations of `source` lapses (at an ingest
    of a version of `source` that no longer lists them); returns the records lapsed."""
    wanted = list(entity_ids)
    if not wanted:
        return []
    r, g = lt.lc_record.c, lt.recognition.c
    lapsed = []
    for chunk in chunked(wanted, 900):
        query = (
            select(r.id, g.entity_id)
            .join(lt.recognition, g.record_id == r.id)
            .where(g.source == source, g.entity_id.in_(chunk), r.status.in_(LIVE))
        )
        for record_id, entity_id in conn.execute(query).all():
            note = f"{entity_id} is no longer on {source} (list version {version_id})"
            move = Move("lapsed", {"version": version_id}, note)
            lr.transition(conn, declared(), record_id, move, SYSTEM, ())
            basis_ended(conn, KIND, str(record_id), f"recognition lapsed: {note}")
            lapsed.append(record_id)
    return lapsed


def get(conn: Connection, record_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    """One request with its history (403 for a state that is no party to it)."""
    row = _row(conn, record_id)
    if viewer is not None and not visible_to(viewer, row.from_state, row.to_state):
        raise PermissionDeniedError(f"recognition {record_id} is between other states")
    found = _dict(row, conn)
    found["history"] = lr.history(conn, record_id)
    found["allowed"] = _allowed(row, viewer)
    return found


def search(conn: Connection, viewer: Actor | None, to_state: str | None = None,
           from_state: str | None = None, status: str | None = None,
           overdue: bool = False, entity_id: str | None = None,
           limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Requests the viewer may see, filtered; oldest deadline first."""
    query = _query()
    r, g = lt.lc_record.c, lt.recognition.c
    for column, value in ((g.to_state, to_state), (g.from_state, from_state),
                          (r.status, status), (g.entity_id, entity_id)):  # fmt: skip
        if value:
            query = query.where(column == value)
    if overdue:
        query = query.where(r.id.in_(lr.overdue_query(KIND)))
    if viewer is not None and not viewer.centre:
        mine = viewer.state  # no state: nothing (PostgreSQL refuses a NUL sentinel)
        query = query.where((g.to_state == mine) | (g.from_state == mine) if mine else false())
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id).limit(limit).offset(offset)
    return [_dict(row, conn) for row in conn.execute(query)]


def visible_to(viewer: Actor, from_state: str, to_state: str) -> bool:
    return viewer.system or viewer.centre or viewer.state in (from_state, to_state)


def matrix(conn: Connection) -> dict[tuple[str, str], dict[str, int]]:
    """Requests by requesting x recognising state: counts by status, and overdue."""
    r, g = lt.lc_record.c, lt.recognition.c
    late = set(conn.scalars(lr.overdue_query(KIND)))
    cells: dict[tuple[str, str], dict[str, int]] = {}
    query = select(r.id, r.status, g.from_state, g.to_state).join(
        lt.recognition, g.record_id == r.id
    )
    for rid, status, from_state, to_state in conn.execute(query):
        cell = cells.setdefault((from_state, to_state), {})
        group = "pending" if status in ("requested", "info_requested") else status
        cell[group] = cell.get(group, 0) + 1
        cell["overdue"] = cell.get("overdue", 0) + (rid in late)
    return cells


def in_force(conn: Connection, to_state: str) -> dict[str, list[dict[str, Any]]]:
    """The designations recognised by a state and the decision behind each."""
    r, g = lt.lc_record.c, lt.recognition.c
    query = _query().where(g.to_state == to_state, r.status == "recognised")
    found: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(query):
        found.setdefault(row.entity_id, []).append(decision_summary(row))
    return found


def decision_summary(row: Any) -> dict[str, Any]:
    """What put a designation in force in a state, in a sentence and as fields."""
    day = aware(row.decided_at).date().isoformat() if row.decided_at else None
    act = f", decision {row.legal_act}" if row.legal_act else ""
    return {
        "recognition_id": row.id, "from_state": row.from_state, "state": row.to_state,
        "date": day, "legal_act": row.legal_act, "measures": list(row.measures or []),
        "text": f"recognised by {row.to_state} on {day}{act}",
    }  # fmt: skip


def _designation(conn: Connection, entity_id: str, actor: Actor) -> tuple[str, str]:
    """The national list of the actor's state that lists the entity, and that state."""
    c, s = t.listing.c, t.source.c
    query = (
        select(c.source, s.state)
        .join(t.source, s.name == c.source)
        .where(c.entity_id == entity_id, c.delisted_on.is_(None), s.state.is_not(None))
    )
    rows = conn.execute(query).all()
    if not rows:
        raise NotFoundError(f"{entity_id} is on no member state's national list")
    own = [row for row in rows if row.state == actor.state] or rows
    return own[0].source, own[0].state


def _recipient(conn: Connection, code: str, from_state: str) -> str:
    to_state = st.get_state(conn, code).code
    if to_state == from_state:
        raise InvalidInputError(f"{to_state} cannot be asked to recognise its own list", "to_state")
    return to_state


def _check_request(asked: Request) -> None:
    for name in ("legal_basis", "reasons"):
        if not str(getattr(asked, name) or "").strip():
            raise InvalidInputError("a request needs it", name)
    if not asked.measures:
        raise InvalidInputError("a request asks for at least one measure", "measures")
    st.check_terms("measures", asked.measures, "measures")


def _opener(actor: Actor, from_state: str) -> set[str]:
    return {"requester"} if actor.system or actor.state == from_state else set()


def _parties(actor: Actor, row: Any) -> set[str]:
    parties = set()
    if actor.state == row.from_state:
        parties.add("requester")
    if actor.state == row.to_state:
        parties.add("recipient")
    return parties


def _allowed(row: Any, viewer: Actor | None) -> list[str]:
    """The decisions the viewer may make now."""
    if viewer is None:
        return []
    parties = _parties(viewer, row)
    return [
        move.name
        for move in declared().allowed_from(row.status)
        if move.permission in viewer.permissions and parties & set(move.parties)
    ]


def _open(conn: Connection, actor: Actor, source: str, from_state: str, to_state: str,
          entity_ids: Sequence[str], asked: Request) -> list[int]:  # fmt: skip
    payloads = [
        {"entity_id": eid, "from_state": from_state, "to_state": to_state,
         "legal_basis": asked.legal_basis, "reasons": asked.reasons,
         "measures": list(asked.measures),
         "respond_by": asked.respond_by.isoformat() if asked.respond_by else None}
        for eid in entity_ids
    ]  # fmt: skip
    ids = lr.open_records(conn, declared(), actor, payloads)
    rows = [
        {"record_id": rid, "entity_id": p["entity_id"], "source": source,
         "from_state": from_state, "to_state": to_state, "legal_basis": asked.legal_basis,
         "reasons": asked.reasons, "measures": list(asked.measures),
         "respond_by": asked.respond_by}
        for rid, p in zip(ids, payloads, strict=True)
    ]  # fmt: skip
    if rows:
        conn.execute(lt.recognition.insert(), rows)
    return ids


def _remember(conn: Connection, record_id: int, decision: str, fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {}
    if decision in ("recognised", "refused", "revoked"):
        values = {"decided_at": datetime.now(UTC), **fields}
    if values:
        g = lt.recognition.c
        conn.execute(update(lt.recognition).where(g.record_id == record_id).values(**values))


def _live_pairs(conn: Connection, entity_ids: Sequence[str], to_state: str,
                statuses: Sequence[str]) -> dict[str, tuple[int, str]]:  # fmt: skip
    r, g = lt.lc_record.c, lt.recognition.c
    found: dict[str, tuple[int, str]] = {}
    query = select(g.entity_id, r.id, r.status).join(lt.lc_record, r.id == g.record_id)
    query = query.where(g.to_state == to_state, r.status.in_(statuses))
    if len(entity_ids) > 900:
        rows = conn.execute(query).all()
        wanted = set(entity_ids)
        return {e: (i, s) for e, i, s in rows if e in wanted}
    for entity_id, rid, status in conn.execute(query.where(g.entity_id.in_(list(entity_ids)))):
        found[entity_id] = (rid, status)
    return found


def _listed_targets(conn: Connection, source: str) -> list[str]:
    c, e = t.listing.c, t.entity.c
    query = (
        select(c.entity_id)
        .join(t.entity, e.id == c.entity_id)
        .where(c.source == source, c.delisted_on.is_(None), e.target.is_(True))
        .order_by(c.entity_id)
    )
    return list(conn.scalars(query))


def _query() -> Any:
    r, g, e = lt.lc_record.c, lt.recognition.c, t.entity.c
    return (
        select(lt.lc_record, lt.recognition, e.caption, e.schema)
        .join(lt.recognition, g.record_id == r.id)
        .outerjoin(t.entity, e.id == g.entity_id)
    )


def _row(conn: Connection, record_id: int) -> Any:
    row = conn.execute(_query().where(lt.lc_record.c.id == record_id)).first()
    if row is None:
        raise NotFoundError(f"no recognition with id {record_id}")
    return row


def _dict(row: Any, conn: Connection) -> dict[str, Any]:
    due = aware(row.due_at) if row.due_at else None
    return {
        "id": row.id, "status": row.status, "status_label": declared().label(row.status),
        "entity_id": row.entity_id, "caption": row.caption, "schema": row.schema,
        "source": row.source, "from_state": row.from_state, "to_state": row.to_state,
        "legal_basis": row.legal_basis, "reasons": row.reasons,
        "measures": list(row.measures or []),
        "respond_by": row.respond_by.isoformat() if row.respond_by else None,
        "legal_act": row.legal_act, "ground": row.ground,
        "decided_at": _iso(row.decided_at), "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at), "due_at": due.isoformat() if due else None,
        "due_kind": row.due_kind, "overdue": bool(due and due < datetime.now(UTC)),
    }  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value else None


__all__ = ["DECISIONS", "KIND", "Request", "decide", "get", "in_force",
           "lapse_delisted", "matrix", "request", "request_list", "search"]  # fmt: skip
