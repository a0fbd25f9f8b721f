"""xref review: suggested pairs side by side with the matcher's explanation; same / not same /
unsure. Judgements go through interlist.resolution (recorded, then clusters rebuilt) and
into the audit log. Viewers see the pairs but cannot judge; pairs involving an entity
only a hidden source lists are not shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from interlist.access import audit
from interlist.access.restrict import hidden_entities, hidden_sources
from interlist.resolution import recluster
from interlist.resolution.judgements import Decision, parse_judgement, record
from interlist.resolution.review import pending
from interlist.web import PREFIX, profile, render, session

router = APIRouter()
SHOWN = 20


def _visible_pending(conn: Connection, hidden: frozenset[str]) -> list[Any]:
    queue = pending(conn)
    if not hidden:
        return queue
    ids = {i for r in queue for i in (r.left_id, r.right_id)}
    secret = hidden_entities(conn, ids, hidden)
    return [r for r in queue if r.left_id not in secret and r.right_id not in secret]


def _side(conn: Connection, entity_id: str, hidden: frozenset[str]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for row in profile._rows(conn, [entity_id], hidden):
        if row.active and row.value not in values[row.prop]:
            values[row.prop].append(row.value)
    return dict(values)


@router.get("/review")
def review_page(request: Request, offset: int = Query(0, ge=0, le=100_000)) -> Response:
    """The best pending pair, both records side by side, and the next ones in line."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        queue = _visible_pending(conn, hidden)
        offset = offset if offset < len(queue) else 0
        pair = queue[offset] if queue else None
        left = _side(conn, pair.left_id, hidden) if pair else {}
        right = _side(conn, pair.right_id, hidden) if pair else {}
    props = sorted(set(left) | set(right), key=lambda p: (p not in ("name", "alias"), p))
    rest = queue[offset + 1 : offset + SHOWN]
    return render(request, who, "review.html", pair=pair, left=left, right=right, props=props,
                  queue=rest, total=len(queue), offset=offset)  # fmt: skip


@router.post("/review/judge")
async def judge(
    request: Request, left: str = Form(...), right: str = Form(...), verdict: str = Form(...),
    score: float | None = Form(None),
) -> Response:  # fmt: skip
    """Record an analyst's judgement on a pair and rebuild the clusters."""
    who = await session.checked(request, "judge")
    judgement = parse_judgement(verdict)
    decision = Decision(left[:255], right[:255], judgement, who.user.name, score=score)
    with request.app.state.engine.begin() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        if hidden_entities(conn, [decision.left, decision.right], hidden):
            raise session.Forbidden("hidden")
        record(conn, [decision])
        recluster(conn)
        detail = {"left": decision.left, "right": decision.right, "judgement": judgement.value}
        audit.append(conn, who.user.name, who.user.agency, "judge", detail, 1)
    return RedirectResponse(f"{PREFIX}/review", status_code=303)
