"""The sources page (each list, its versions, counts, what changed) and the admin pages:
the audit log with its chain check and export, and the users and agencies, managed here
by admins (add and disable users, issue and revoke API tokens, add agencies and place them
in a member state or the coordinating centre), each action audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection, func, select

from interlist.access import audit, users
from interlist.access.restrict import hidden_sources, restrictions
from interlist.access.roles import ROLES
from interlist.cooperation.states import place_agency, states
from interlist.errors import ConfigError, InterlistError
from interlist.store import read
from interlist.store import tables as t
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
        moved = party_changes(conn, [v.id for vs in versions.values() for v in vs])
    return render(request, who, "sources.html", sources=summaries, versions=versions,
                  limits=limits, moved=moved)  # fmt: skip


def party_changes(conn: Connection, version_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per version, the designated parties (persons, organisations, vessels, aircraft) it
    added (relisted included), changed and delisted: what `interlist ingest` reports,
    not counting the sanctions, documents and addresses that come with them."""
    c, e = t.change.c, t.entity.c
    out: dict[int, dict[str, int]] = {v: {"added": 0, "changed": 0, "delisted": 0}
                                      for v in version_ids}  # fmt: skip
    if not version_ids:
        return out
    query = (
        select(c.version_id, c.kind, func.count())
        .select_from(t.change.join(t.entity, e.id == c.entity_id))
        .where(c.version_id.in_(version_ids), e.target.is_(True))
        .group_by(c.version_id, c.kind)
    )
    for version, kind, n in conn.execute(query):
        key = "added" if kind == "relisted" else kind
        if key in out[version]:
            out[version][key] += int(n)
    return out


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
    """Every user with agency, role and status, every agency with its place, and the forms
    that change them."""
    who = session.permitted(request, "admin")
    return _users(request, who)


def _users(request: Request, who: session.Visitor, status: int = 200, **context: Any) -> Response:
    with request.app.state.engine.connect() as conn:
        everyone, agencies = users.list_users(conn), users.agencies(conn)
        places = [s["code"] for s in states(conn)]
    return render(request, who, "users.html", status=status, users=everyone, agencies=agencies,
                  roles=ROLES, states=places, **context)  # fmt: skip


async def _act(request: Request, action: str, change: Callable[[Connection], dict[str, Any]],
               done_key: str, **shown: Any) -> Response:  # fmt: skip
    """Run one admin change and its audit entry in one transaction (nothing is changed if
    either fails); the users page again, with what was done or why it was refused."""
    who = await session.checked(request, "admin")
    try:
        with request.app.state.engine.begin() as conn:
            detail = change(conn)
            audit.append(conn, who.user.name, who.user.agency, action, detail)
    except InterlistError as exc:
        return _users(request, who, status=422, error=str(exc))
    return _users(request, who, done=(done_key, {k: v for k, v in detail.items()
                                                 if isinstance(v, str)}), **shown)  # fmt: skip


@router.post("/admin/users/add")
async def user_add(request: Request, name: str = Form(""), agency: str = Form(""),
                   role: str = Form("viewer")) -> Response:  # fmt: skip
    """Create a user; the generated password is shown once."""
    made: dict[str, str] = {}

    def change(conn: Connection) -> dict[str, Any]:
        made["password"] = users.add_user(conn, name.strip(), agency.strip(), role)
        return {"user": name.strip(), "agency": agency.strip(), "role": role}

    who = await session.checked(request, "admin")
    try:
        with request.app.state.engine.begin() as conn:
            detail = change(conn)
            audit.append(conn, who.user.name, who.user.agency, "user_add", detail)
    except InterlistError as exc:
        return _users(request, who, status=422, error=str(exc))
    return _users(request, who, done=("adm_user_added", {"user": detail["user"]}),
                  secret=("adm_password_once", made["password"]))  # fmt: skip


@router.post("/admin/users/disable")
async def user_disable(request: Request, name: str = Form("")) -> Response:
    """Disable a user: no login, sessions ended, tokens revoked."""

    def change(conn: Connection) -> dict[str, Any]:
        users.disable_user(conn, name)
        return {"user": name, "tokens": users.revoke_tokens(conn, name)}

    return await _act(request, "user_disable", change, "adm_user_disabled")


@router.post("/admin/users/token")
async def token_new(request: Request, name: str = Form("")) -> Response:
    """Issue an API token; it is shown once and only its hash is kept."""
    who = await session.checked(request, "admin")
    try:
        with request.app.state.engine.begin() as conn:
            token = users.new_token(conn, name)
            audit.append(conn, who.user.name, who.user.agency, "token_new", {"user": name})
    except InterlistError as exc:
        return _users(request, who, status=422, error=str(exc))
    return _users(request, who, done=("adm_token_issued", {"user": name}),
                  secret=("adm_token_once", token))  # fmt: skip


@router.post("/admin/users/revoke")
async def token_revoke(request: Request, name: str = Form("")) -> Response:
    """Revoke every open API token of a user."""

    def change(conn: Connection) -> dict[str, Any]:
        return {"user": name, "tokens": users.revoke_tokens(conn, name)}

    return await _act(request, "token_revoke", change, "adm_tokens_revoked")


def _place(state: str, place: str) -> tuple[str | None, bool]:
    """The form's place (a state, the centre, or none) as place_agency takes it."""
    if place == "centre":
        return None, True
    if place == "state":
        if not state:
            raise ConfigError("state: choose the member state")
        return state, False
    return None, False


@router.post("/admin/agencies/add")
async def agency_add(request: Request, name: str = Form(""), title: str = Form(""),
                     place: str = Form("none"), state: str = Form("")) -> Response:  # fmt: skip
    """Create an agency, in a member state, the coordinating centre, or neither yet."""

    def change(conn: Connection) -> dict[str, Any]:
        where, centre = _place(state, place)
        if not users.ensure_agency(conn, name.strip(), title.strip() or None):
            raise ConfigError(f"name: agency {name.strip()!r} exists already")
        if where or centre:
            place_agency(conn, name.strip(), where, centre)
        return {"agency": name.strip(), "title": title.strip() or None, "state": where,
                "centre": centre}  # fmt: skip

    return await _act(request, "agency_add", change, "adm_agency_added")


@router.post("/admin/agencies/place")
async def agency_place(request: Request, name: str = Form(""), place: str = Form("state"),
                       state: str = Form("")) -> Response:  # fmt: skip
    """Place an existing agency in a member state or make it the coordinating centre."""

    def change(conn: Connection) -> dict[str, Any]:
        where, centre = _place(state, place)
        if not where and not centre:
            raise ConfigError("place: choose a member state or the coordinating centre")
        place_agency(conn, name, where, centre)
        return {"agency": name, "state": where, "centre": centre}

    return await _act(request, "agency_place", change, "adm_agency_placed")
