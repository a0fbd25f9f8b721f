"""The sources page (each list, its versions, counts, what changed) and the admin pages:
the audit log with its chain check and export, and the users."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from interlist.access import audit, users
from interlist.access.restrict import hidden_sources, restrictions
from interlist.store import read
from interlist.web import render, session

router = APIRouter()
AUDIT_ROWS = 200


@router.get("/sources")
def sources_page(request: Request) -> Response:
    """Each source the visitor may see, with every loaded version and its changes."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        summaries = [s for s in read.source_summaries(conn) if s["name"] not in hidden]
        versions = {s["name"]: read.versions(conn, s["name"]) for s in summaries}
        limits = restrictions(conn)
    return render(request, who, "sources.html", sources=summaries, versions=versions,
                  limits=limits)  # fmt: skip


@router.get("/admin/audit")
def audit_page(
    request: Request, actor: str = "", action: str = "", agency: str = "",
) -> Response:  # fmt: skip
    """The newest audit entries (filtered), and whether the chain is intact."""
    who = session.permitted(request, "admin")
    engine = request.app.state.engine
    items = audit.entries(engine, actor=actor or None, action=action or None,
                          agency=agency or None, limit=AUDIT_ROWS, newest_first=True)  # fmt: skip
    verdict = audit.verify(engine)
    filters = {"actor": actor, "action": action, "agency": agency}
    return render(request, who, "audit.html", items=items, verdict=verdict, filters=filters,
                  actions=audit.ACTIONS)  # fmt: skip


@router.get("/admin/audit/export")
def audit_export(
    request: Request, format: str = Query("csv", pattern="^(csv|jsonl)$"), actor: str = "",
    action: str = "", agency: str = "",
) -> Response:  # fmt: skip
    """The (filtered) audit log as a file, hashes included; the export is itself audited."""
    who = session.permitted(request, "admin")
    engine = request.app.state.engine
    items = audit.entries(engine, actor=actor or None, action=action or None, agency=agency or None)
    detail = {"format": format, "actor": actor, "action": action, "agency": agency}
    audit.record(engine, who.user.name, who.user.agency, "audit_export", detail, len(items))
    if format == "jsonl":
        body, media = audit.export_jsonl(items), "application/x-ndjson"
    else:
        body, media = audit.export_csv(items).encode("utf-8"), "text/csv"
    disposition = f'attachment; filename="interlist-audit.{format}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/admin/users")
def users_page(request: Request) -> Response:
    """Every user with agency, role and status (changes are made with `interlist users`)."""
    who = session.permitted(request, "admin")
    with request.app.state.engine.connect() as conn:
        everyone, agencies = users.list_users(conn), users.agencies(conn)
    return render(request, who, "users.html", users=everyone, agencies=agencies)
