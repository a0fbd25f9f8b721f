"""What /match does with hits on the subjects of wanted notices.

A result that is the subject of a notice no longer screened (withdrawn, expired,
closed) is dropped at once, even by a server whose index predates the change. A
result that is a screened notice's subject carries ``notice`` (what to do, the
warning flags, the states not acting on it), and a match opens a hit report for
the issuing agency (:func:`interlist.notices.hits.report`). Results that cannot be
a notice's subject cost nothing: the databank is asked only when a result's member
ids include a notice's.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import Request
from sqlalchemy import Connection, func, select

from interlist.api.deps import get_engine
from interlist.notices import hits, source
from interlist.notices.records import not_acting
from interlist.notices.sweep import notice_mark
from interlist.store import lifecycle_tables as lt
from interlist.store import notice_tables as nt

MAX_AGE = 60.0  # seconds: a notice past its expiry stops within this, even with no event


def annotate(request: Request, client: Any, responses: dict[str, dict[str, Any]]) -> None:
    """Drop stopped notices' subjects, mark screened ones, report matches on them."""
    concerned = [r for resp in responses.values() for r in resp["results"] if _may(r)]
    if not concerned:
        return
    live, stopped, flags = _notice_state(request)
    found: list[tuple[dict[str, Any], hits.Found, Any]] = []
    for resp in responses.values():
        kept = [r for r in resp["results"] if not _stopped(r, live, stopped)]
        resp["results"], resp["total"]["value"] = kept, len(kept)
        for result in kept:
            row = next((live[m] for m in _members(result) if m in live), None)
            if row is None:
                continue
            result["notice"] = notice_mark(row, flags.get(row.id, []), _state(request, client))
            if result["match"]:
                record = {"id": resp["query"].get("id"), "query": _query(resp["query"])}
                hit = hits.Found(record, tuple(_members(result)), float(result["score"]),
                                 result.get("explanations") or {})  # fmt: skip
                found.append((result, hit, row))
    if found:
        _report(request, client, found, live)


def _report(request: Request, client: Any, found: list[tuple[dict[str, Any], hits.Found, Any]],
            live: dict[str, Any]) -> None:  # fmt: skip
    from interlist.cooperation.states import actor_for

    with get_engine(request).begin() as conn:
        actor = actor_for(conn, client.name, client.agency or "", client.role)
        made = hits.report(conn, actor, "api", [f for _, f, _ in found], live=live)
    for (result, _, _), summary in zip(found, made, strict=True):
        if summary is not None:
            result["notice"].update(hit_report_id=summary["hit_report_id"],
                                    new_report=summary["new"])  # fmt: skip


def _members(result: dict[str, Any]) -> list[str]:
    return [result["id"], *result.get("referents", [])]


def _may(result: dict[str, Any]) -> bool:
    return hits.may_concern(_members(result))


def _stopped(result: dict[str, Any], live: dict[str, Any], stopped: set[str]) -> bool:
    members = _members(result)
    return any(m in stopped for m in members) and not any(m in live for m in members)


def _query(query: dict[str, Any]) -> dict[str, Any]:
    return {"schema": query.get("schema"), "properties": query.get("properties", {})}


def _state(request: Request, client: Any) -> str | None:
    from interlist.cooperation.states import agency_place

    with get_engine(request).connect() as conn:
        return agency_place(conn, getattr(client, "agency", None) or "")[0]


def _notice_state(request: Request) -> tuple[dict[str, Any], set[str], dict[int, Any]]:
    """The screened notices, the stopped subjects and the flags, re-read when a
    lifecycle event or a flag was recorded (or after MAX_AGE seconds: expiries)."""
    state = request.app.state
    cached = getattr(state, "notice_state", None)
    now = time.monotonic()
    with get_engine(request).connect() as conn:
        token = _token(conn)
        if cached is not None and cached[0] == token and now - cached[1] < MAX_AGE:
            found: tuple[dict[str, Any], set[str], dict[int, Any]] = cached[2]
            return found
        live = hits.live_notices(conn)
        found = (live, source.stopped(conn), not_acting(conn, [r.id for r in live.values()]))
    state.notice_state = (token, now, found)
    return found


def _token(conn: Connection) -> tuple[int, ...]:
    f = nt.notice_flag.c
    query = select(
        select(func.max(lt.lc_event.c.id)).scalar_subquery(),
        select(func.max(f.id)).scalar_subquery(),
        select(func.count()).select_from(nt.notice_flag).scalar_subquery(),
    )
    return tuple(int(v or 0) for v in conn.execute(query).one())
