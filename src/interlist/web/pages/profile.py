"""The entity profile page; each view is written to the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Connection

from interlist.access import audit
from interlist.access.restrict import hidden_sources
from interlist.web import profile, render, session
from interlist.web.pages import freezes

router = APIRouter()


@router.get("/entity/{entity_id}")
def entity_page(request: Request, entity_id: str) -> Response:
    """Everything the visitor may see about an entity, with the provenance of each fact."""
    who = session.permitted(request, "search")
    engine = request.app.state.engine
    with engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        view = profile.build(conn, entity_id[:255], hidden)
        frozen = freezes.entity_totals(conn, who, entity_id[:255]) if view else []
        wanted = _wanted(conn, who, view.members) if view else []
    found = 0 if view is None else 1
    audit.record(engine, who.user.name, who.user.agency, "profile", {"id": entity_id[:255]}, found)
    if view is None:
        return render(request, who, "error.html", status=404, message_key="not_found")
    return render(request, who, "entity.html", p=view, frozen=frozen, wanted=wanted)


def _wanted(conn: Connection, who: session.Visitor, members: list[str]) -> list[dict[str, Any]]:
    """The wanted notices of which this profile is the subject, as far as the visitor
    is entitled to see them."""
    from interlist.cooperation import actor_for
    from interlist.notices.records import for_subjects

    if not any(m.startswith("notices-") for m in members):
        return []
    actor = actor_for(conn, who.user.name, who.user.agency or "", who.user.role)
    return for_subjects(conn, members, actor)
