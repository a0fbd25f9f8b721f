"""The asset-freeze register's pages: the register of the visitor's state (those awaiting a
review first, with the totals still frozen today), and one freeze with its timeline, its
licences and the forms to grant a licence or record a seizure, confiscation or release.
Every change goes through :mod:`interlist.freezes`, the same functions as the API and
the CLI; a refused one (403, 409, 422) is shown with its reason and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from interlist.access import audit
from interlist.cooperation import actor_for
from interlist.errors import InterlistError
from interlist.freezes import licences, register, returns
from interlist.freezes.terms import declared, vocabulary
from interlist.lifecycle import Actor
from interlist.web import PREFIX, render, session

router = APIRouter()
PAGE = 100


def actor_of(conn: Connection, who: session.Visitor) -> Actor:
    user = who.user
    return actor_for(conn, user.name, user.agency, user.role)


def _today() -> Any:
    return datetime.now(UTC).date()


@router.get("/freezes")
def register_page(
    request: Request,
    status: str | None = Query(None),
    needs_review: bool = Query(False),
    entity: str | None = Query(None),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    """The freezes of the visitor's state (the centre: all), those to review first."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = actor_of(conn, who)
        found = register.search(conn, actor, entity or None, None, status or None,
                                True if needs_review else None, PAGE, offset)  # fmt: skip
        reviews = register.count_reviews(conn, actor)
        totals = returns.summary(conn, actor, None, _today()) if actor.state or actor.centre else {}
    filters = {"status": status, "needs_review": needs_review, "entity": entity}
    return render(request, who, "freezes.html", found=found, actor=actor, filters=filters,
                  reviews=reviews, totals=totals.get("totals", []), offset=offset, page=PAGE,
                  statuses=declared().statuses, vocab=vocabulary())  # fmt: skip


@router.get("/freezes/{record_id}")
def freeze_page(request: Request, record_id: int) -> Response:
    """One freeze: its fields, basis, licences, timeline and the moves open to the visitor."""
    who = session.permitted(request, "search")
    engine = request.app.state.engine
    with engine.connect() as conn:
        try:
            current = register.get(conn, record_id, actor_of(conn, who))
        except InterlistError as exc:
            return _error(request, who, exc)
    audit.record(engine, who.user.name, who.user.agency, "freeze", {"id": record_id}, 1)
    return render(request, who, "freeze.html", f=current, statuses=declared().statuses,
                  vocab=vocabulary(), today=_today().isoformat())  # fmt: skip


@router.post("/freezes/{record_id}/licence")
async def grant(
    request: Request,
    record_id: int,
    ground: str = Form(...),
    amount: str = Form(...),
    currency: str = Form(...),
    granted_on: str = Form(...),
    committee_notified_on: str = Form(""),
    granted_by: str = Form(""),
    note: str = Form(""),
) -> Response:
    """Grant a licence; one above the balance is refused with the balance named."""
    who = await session.checked(request, "freeze")
    asked = licences.Licence(ground, amount, currency, granted_on, committee_notified_on or None,
                             granted_by or None, note=note or None)  # fmt: skip
    try:
        with request.app.state.engine.begin() as conn:
            licences.grant(conn, actor_of(conn, who), record_id, asked)
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(f"{PREFIX}/freezes/{record_id}", status_code=303)


@router.post("/freezes/{record_id}/move")
async def move(
    request: Request,
    record_id: int,
    to: str = Form(...),
    act: str = Form(""),
    date: str = Form(""),
    note: str = Form(""),
) -> Response:
    """Seize, confiscate, unfreeze, or keep frozen after a review."""
    who = await session.checked(request, "freeze")
    try:
        with request.app.state.engine.begin() as conn:
            register.move(conn, actor_of(conn, who), record_id, to, act, date, note or None)
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(f"{PREFIX}/freezes/{record_id}", status_code=303)


def _error(request: Request, who: session.Visitor, exc: InterlistError) -> Response:
    status = exc.status_code if exc.status_code < 500 else 400
    return render(request, who, "error.html", status=status, message=str(exc))


def entity_totals(conn: Connection, who: session.Visitor, entity_id: str) -> list[dict[str, Any]]:
    """For the profile: the frozen total of an entity by state, as far as the visitor is
    entitled to see it (their own state's; the centre every state's)."""
    actor = actor_of(conn, who)
    if not (actor.state or actor.centre):
        return []
    return returns.entity_totals(conn, actor, entity_id, _today())
