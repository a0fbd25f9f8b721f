"""The entity profile page; each view is written to the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

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
    found = 0 if view is None else 1
    audit.record(engine, who.user.name, who.user.agency, "profile", {"id": entity_id[:255]}, found)
    if view is None:
        return render(request, who, "error.html", status=404, message_key="not_found")
    return render(request, who, "entity.html", p=view, frozen=frozen)
