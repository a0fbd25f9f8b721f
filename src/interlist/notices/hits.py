"""Hit reports: a screening matched the subject of a screened wanted notice.

Any screening (the API's /match, the web page, a batch, a sweep) whose match is a
screened notice's subject opens a report addressed to the issuing agency, saying
who screened, where, the record screened, the score and the explanation
(:func:`report`). The same record screened again by the same agency adds nothing.
The issuing state acknowledges a report within 12 hours (:func:`acknowledge`:
``confirmed`` or ``not_the_person``); the lifecycle is ``hit_report.yml``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, select, update

from interlist.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from interlist.lifecycle import SYSTEM, Actor, Lifecycle, Move, lifecycle
from interlist.lifecycle import records as lr
from interlist.notices import source
from interlist.store import lifecycle_tables as lt
from interlist.store import notice_tables as nt
from interlist.store.db import aware

KIND = "hit_report"
OUTCOMES = ("confirmed", "not_the_person")
NOTICE_PREFIX = "notices-"


def declared() -> Lifecycle:
    return lifecycle(KIND)


@dataclass(frozen=True)
class Found:
    """One screening match on a notice's subject: the record screened (its query
    mapping and the client's id for it), the profile's member ids, score, explanation."""

    record: dict[str, Any]
    members: tuple[str, ...]
    score: float
    explanation: Any


def may_concern(members: Sequence[str]) -> bool:
    """Whether a profile with these member ids may be a notice's subject (no query)."""
    return any(m.startswith(NOTICE_PREFIX) for m in members)


def live_notices(conn: Connection) -> dict[str, Any]:
    """The screened notices by subject id (record id, issuing state, action, flags)."""
    return {row.entity_id: row for row in source.screened_rows(conn)}


def report(conn: Connection, actor: Actor | None, channel: str, found: Sequence[Found],
           kind: str | None = None,
           live: dict[str, Any] | None = None) -> list[dict[str, Any] | None]:  # fmt: skip
    """Open a report for each match on a screened notice's subject, unless the same
    agency screened the same record before; returns one summary per match
    (``{"notice_id", "hit_report_id", "new"}``), in order (None for no notice)."""
    who = actor or SYSTEM
    live = live_notices(conn) if live is None else live
    wanted = []
    for hit in found:
        subject = next((m for m in hit.members if m in live), None)
        wanted.append((hit, live[subject] if subject else None))
    keys = [_key(who, hit.record) if row else "" for hit, row in wanted]
    pairs = [(row.id, key) for (_, row), key in zip(wanted, keys, strict=True) if row]
    known = _known(conn, pairs)
    todo = {}
    for (hit, row), key in zip(wanted, keys, strict=True):
        if row is not None and (row.id, key) not in known and (row.id, key) not in todo:
            todo[(row.id, key)] = (hit, row)
    opened = _open(conn, who, channel, kind, todo)
    known.update(opened)
    return [
        {"notice_id": row.id, "hit_report_id": known[(row.id, key)],
         "new": (row.id, key) in opened} if row else None
        for (_, row), key in zip(wanted, keys, strict=True)
    ]  # fmt: skip


def _key(actor: Actor, record: dict[str, Any]) -> str:
    """Who screened what: the agency and the record's query (not the client's id)."""
    body = {"agency": actor.agency, "query": record.get("query", record)}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _known(conn: Connection, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    if not pairs:
        return {}
    h = nt.hit_report.c
    found: dict[tuple[int, str], int] = {}
    notices = sorted({n for n, _ in pairs})
    query = select(h.notice_id, h.record_key, h.record_id).where(h.notice_id.in_(notices))
    wanted = set(pairs)
    for notice_id, key, rid in conn.execute(query.where(h.record_key.in_([k for _, k in pairs]))):
        if (notice_id, key) in wanted:
            found[(notice_id, key)] = rid
    return found


Todo = dict[tuple[int, str], tuple[Found, Any]]


def _open(conn: Connection, actor: Actor, channel: str, kind: str | None,
          todo: Todo) -> dict[tuple[int, str], int]:  # fmt: skip
    if not todo:
        return {}
    payloads = [
        {"notice_id": row.id, "issuing_state": row.issuing_state, "channel": channel,
         "kind": kind, "score": round(hit.score, 4), "screened_state": actor.state}
        for hit, row in todo.values()
    ]  # fmt: skip
    ids = lr.open_records(conn, declared(), actor, payloads)
    agencies = _issuing_agencies(conn, [row.id for _, row in todo.values()])
    rows = [
        {"record_id": rid, "notice_id": row.id, "issuing_state": row.issuing_state,
         "issuing_agency": agencies[row.id], "screened_by": actor.name,
         "screened_agency": actor.agency, "screened_state": actor.state, "channel": channel,
         "kind": kind, "record_key": key, "record": hit.record, "score": round(hit.score, 4),
         "explanation": hit.explanation}
        for rid, ((_, key), (hit, row)) in zip(ids, todo.items(), strict=True)
    ]  # fmt: skip
    conn.execute(nt.hit_report.insert(), rows)
    return {pair: rid for pair, rid in zip(todo, ids, strict=True)}


def _issuing_agencies(conn: Connection, notice_ids: list[int]) -> dict[int, str]:
    n = nt.notice.c
    query = select(n.record_id, n.issuing_agency).where(n.record_id.in_(sorted(set(notice_ids))))
    return {rid: agency for rid, agency in conn.execute(query)}


def acknowledge(conn: Connection, actor: Actor, report_id: int, outcome: str,
                note: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The issuing state says whether it is the person (403 for another state, 409 when
    acknowledged already)."""
    if outcome not in OUTCOMES:
        raise InvalidInputError(f"unknown outcome (known: {', '.join(OUTCOMES)})", "outcome")
    row = _row(conn, report_id)
    mine = {"issuer"} if actor.state == row.issuing_state else set()
    lr.transition(conn, declared(), report_id, Move(outcome, {}, note), actor, mine)
    h = nt.hit_report.c
    conn.execute(update(nt.hit_report).where(h.record_id == report_id).values(outcome_note=note))
    return get(conn, report_id, actor)


def visible_to(viewer: Actor | None, row: Any) -> bool:
    return (
        viewer is None
        or viewer.system
        or viewer.centre
        or viewer.state in (row.issuing_state, row.screened_state)
    )


def get(conn: Connection, report_id: int, viewer: Actor | None = None) -> dict[str, Any]:
    row = _row(conn, report_id)
    if not visible_to(viewer, row):
        raise PermissionDeniedError(f"hit report {report_id} concerns other states")
    found = as_dict(row)
    found["history"] = lr.history(conn, report_id)
    return found


def search(conn: Connection, viewer: Actor | None, notice: int | None = None,
           status: str | None = None, overdue: bool = False, issuing_state: str | None = None,
           limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """The reports the viewer may see (addressed to or made by its state; the centre:
    all), soonest deadline first."""
    r, h = lt.lc_record.c, nt.hit_report.c
    query = _query()
    for column, value in ((h.notice_id, notice), (r.status, status),
                          (h.issuing_state, issuing_state)):  # fmt: skip
        if value:
            query = query.where(column == value)
    if overdue:
        query = query.where(r.id.in_(lr.overdue_query(KIND)))
    if viewer is not None and not (viewer.system or viewer.centre):
        if not viewer.state:
            return []
        mine = viewer.state
        query = query.where((h.issuing_state == mine) | (h.screened_state == mine))
    query = query.order_by(r.due_at.is_(None), r.due_at, r.id).limit(limit).offset(offset)
    return [as_dict(row) for row in conn.execute(query)]


def _query() -> Any:
    n = nt.notice.c
    return (
        select(lt.lc_record, nt.hit_report, n.entity_id, nt.hit_report.c.kind.label("sweep_kind"))
        .join(nt.hit_report, nt.hit_report.c.record_id == lt.lc_record.c.id)
        .join(nt.notice, n.record_id == nt.hit_report.c.notice_id)
    )


def _row(conn: Connection, report_id: int) -> Any:
    row = conn.execute(_query().where(lt.lc_record.c.id == report_id)).first()
    if row is None:
        raise NotFoundError(f"no hit report with id {report_id}")
    return row


def as_dict(row: Any) -> dict[str, Any]:
    due = aware(row.due_at) if row.due_at else None
    return {
        "id": row.id, "notice_id": row.notice_id, "status": row.status,
        "status_label": declared().label(row.status), "entity_id": row.entity_id,
        "issuing_state": row.issuing_state, "issuing_agency": row.issuing_agency,
        "screened_by": row.screened_by, "screened_agency": row.screened_agency,
        "screened_state": row.screened_state, "channel": row.channel, "kind": row.sweep_kind,
        "record": row.record, "score": row.score, "explanation": row.explanation,
        "note": row.outcome_note, "created_at": aware(row.created_at).isoformat(),
        "due_at": due.isoformat() if due else None,
        "overdue": bool(due and due < datetime.now(UTC)),
    }  # fmt: skip
