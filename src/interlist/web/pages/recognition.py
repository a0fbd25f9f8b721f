"""Recognition pages: a queue per state with the designation's profile beside the
request and keyboard decisions, one page per request with its timeline, and the
centre's matrix of requesting x recognising states. Decisions go through
:mod:`interlist.cooperation.recognition`, the same functions as the API and the CLI.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from followthemoney import model as ftm_model
from sqlalchemy import Connection

from interlist import i18n
from interlist.access.restrict import hidden_sources
from interlist.cooperation import actor_for, recognition
from interlist.cooperation.states import vocabulary
from interlist.errors import InterlistError
from interlist.lifecycle import Actor
from interlist.web import PREFIX, profile, render, session

router = APIRouter()
PAGE = 50
KEYS = {"recognised": "r", "refused": "f", "info_requested": "i", "answered": "a",
        "reviewed": "v", "revoked": "x"}  # fmt: skip


def _actor(conn: Connection, who: session.Visitor) -> Actor:
    user = who.user
    return actor_for(conn, user.name, user.agency, user.role)


def _designation(conn: Connection, entity_id: str, who: session.Visitor) -> dict[str, list[str]]:
    """The designation's facts, each property by its label and each value in words."""
    hidden = hidden_sources(conn, who.user.agency or None)
    values: dict[str, list[str]] = defaultdict(list)
    order: dict[str, int] = {}
    for row in profile._rows(conn, [entity_id], hidden):
        schema = ftm_model.get(row.schema)
        prop = schema.get(row.prop) if schema is not None else None
        if not row.active or prop is None or row.prop == "id":
            continue
        shown = i18n.value_text(row.value, row.prop, who.lang)
        label = i18n.prop_label(row.prop, who.lang, row.schema)
        if shown not in values[label]:
            values[label].append(shown)
        order.setdefault(label, 0 if row.prop in ("name", "alias") else 1)
    return dict(sorted(values.items(), key=lambda kv: (order[kv[0]], kv[0])))


@router.get("/recognition")
def queue_page(
    request: Request,
    to_state: str | None = Query(None),
    from_state: str | None = Query(None),
    status: str | None = Query(None),
    overdue: bool = Query(False),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    """The requests the visitor's state made or received; the first one open with the
    designation's profile and the decisions the visitor may make."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        if not any((to_state, from_state, status, overdue)) and actor.state:
            to_state, status = actor.state, "requested"
        found = recognition.search(conn, actor, to_state, from_state, status, overdue,
                                   limit=PAGE, offset=offset)  # fmt: skip
        current = recognition.get(conn, found[0]["id"], actor) if found else None
        side = _designation(conn, current["entity_id"], who) if current else {}
    filters = {"to_state": to_state, "from_state": from_state, "status": status,
               "overdue": overdue}  # fmt: skip
    return render(request, who, "recognition.html", found=found, current=current, side=side,
                  actor=actor, filters=filters, offset=offset, page=PAGE, keys=KEYS,
                  vocab=vocabulary(), statuses=recognition.declared().statuses)  # fmt: skip


@router.get("/recognition/matrix")
def matrix_page(request: Request) -> Response:
    """Requests by requesting x recognising state, each count a link to its requests."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        cells = recognition.matrix(conn)
    if not (actor.centre or who.user.can("admin")):
        cells = {k: v for k, v in cells.items() if actor.state in k}
    requesting = sorted({a for a, _ in cells})
    recognising = sorted({b for _, b in cells})
    return render(request, who, "recognition_matrix.html", cells=cells,
                  requesting=requesting, recognising=recognising)  # fmt: skip


@router.get("/recognition/{record_id}")
def record_page(request: Request, record_id: int) -> Response:
    """One request: its designation, fields, timeline and the decisions open to the visitor."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        try:
            current = recognition.get(conn, record_id, actor)
        except InterlistError as exc:
            return _error(request, who, exc)
        side = _designation(conn, current["entity_id"], who)
    return render(request, who, "recognition.html", found=[], current=current, side=side,
                  actor=actor, filters={}, offset=0, page=PAGE, keys=KEYS,
                  vocab=vocabulary(), statuses=recognition.declared().statuses)  # fmt: skip


@router.post("/recognition/{record_id}/decide")
async def decide(
    request: Request,
    record_id: int,
    decision: str = Form(...),
    ground: str = Form(""),
    legal_act: str = Form(""),
    note: str = Form(""),
    back: str = Form(""),
) -> Response:
    """Record a decision; a refused one (403, 409, 422) shows why and changes nothing."""
    who = await session.checked(request, "recognise")
    try:
        with request.app.state.engine.begin() as conn:
            recognition.decide(conn, _actor(conn, who), record_id, decision, ground or None,
                               legal_act or None, note or None)  # fmt: skip
    except InterlistError as exc:
        return _error(request, who, exc)
    target = back if back.startswith(f"{PREFIX}/recognition") else f"{PREFIX}/recognition"
    return RedirectResponse(target, status_code=303)


def _error(request: Request, who: session.Visitor, exc: InterlistError) -> Response:
    status = exc.status_code if exc.status_code < 500 else 400
    return render(request, who, "error.html", status=status, message=str(exc))


def counts_for(conn: Connection, actor: Actor) -> dict[str, Any]:
    """The visitor's open recognition work: requests awaiting their state, overdue ones."""
    if not actor.state:
        return {}
    waiting = recognition.search(conn, actor, to_state=actor.state, status="requested", limit=1000)
    late = recognition.search(conn, actor, overdue=True, limit=1000)
    return {"waiting": len(waiting), "overdue": len(late)}
