"""Wanted notices pages: a list per role (my state's notices, awaiting review at the
centre, published, expiring, hits to acknowledge), the notice page with its timeline,
the moves open to the visitor and the centre's review checklist, and the sweep upload.
Everything goes through :mod:`interlist.notices`, the same functions as the API and
the CLI.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection

from interlist import notices
from interlist.cooperation import actor_for
from interlist.errors import InputFileError, InterlistError, InvalidInputError
from interlist.lifecycle import Actor
from interlist.notices import hits, terms
from interlist.screening.records import column_map
from interlist.web import PREFIX, render, session
from interlist.web.pages.screen import input_problem, upload_problem

router = APIRouter()
VIEWS = ("mine", "review", "published", "expiring", "hits")
MAX_UPLOAD = 20 * 1024 * 1024


def _actor(conn: Connection, who: session.Visitor) -> Actor:
    user = who.user
    return actor_for(conn, user.name, user.agency, user.role)


def _default_view(actor: Actor) -> str:
    return "review" if actor.centre else "mine"


def _listed(conn: Connection, actor: Actor, view: str) -> list[dict[str, Any]]:
    if view == "hits":
        return hits.search(conn, actor, status="open", issuing_state=actor.state or None)
    if view == "review":
        return notices.search(conn, actor, status="submitted")
    if view == "published":
        return [n for n in notices.search(conn, actor) if n["screened"]]
    if view == "expiring":
        return notices.search(conn, actor, issuing_state=actor.state, expiring=True)
    return notices.search(conn, actor, issuing_state=actor.state or "-")


@router.get("/notices")
def list_page(request: Request, view: str | None = Query(None)) -> Response:
    """The visitor's notices work, one view at a time."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        chosen = view if view in VIEWS else _default_view(actor)
        found = _listed(conn, actor, chosen)
    return render(request, who, "notices.html", found=found, view=chosen, views=VIEWS,
                  actor=actor, statuses=notices.records.declared().statuses,
                  terms=terms)  # fmt: skip


@router.get("/notices/sweep")
def sweep_page(request: Request) -> Response:
    who = session.permitted(request, "screen")
    return render(request, who, "notice_sweep.html", done=None, lines=[], problem=None,
                  kinds=terms.terms("sweep_kinds"))  # fmt: skip


@router.post("/notices/sweep")
async def sweep_upload(request: Request, file: UploadFile) -> Response:
    """Sweep the uploaded file against the published notices; show the matches."""
    who = await session.checked(request, "screen")
    form = await request.form()
    kind = str(form.get("kind") or "prison")
    data = await file.read(MAX_UPLOAD + 1)
    name = file.filename or "upload.csv"
    context: dict[str, Any] = {"done": None, "lines": [], "problem": upload_problem(name, data),
                               "kinds": terms.terms("sweep_kinds")}  # fmt: skip
    if context["problem"]:
        return render(request, who, "notice_sweep.html", status=422, **context)
    try:
        context["done"], context["lines"] = _sweep(request, who, name, data, kind)
    except InputFileError as exc:  # said with the sender's file name, in the page's language
        context["problem"] = input_problem(exc.named(name))
    except InterlistError as exc:
        context["problem"] = {"text": str(exc)}
    return render(request, who, "notice_sweep.html", **context)


def _sweep(request: Request, who: session.Visitor, name: str, data: bytes,
           kind: str) -> tuple[Any, list[dict[str, Any]]]:  # fmt: skip
    import orjson

    from interlist.notices.sweep import sweep

    engine = request.app.state.engine
    with engine.connect() as conn:
        actor = _actor(conn, who)
    if not actor.state:
        raise InvalidInputError("a sweep is made by a member state's agency", "state")
    suffix = Path(name).suffix or ".csv"
    with tempfile.TemporaryDirectory(prefix="interlist-sweep-") as folder:
        source, output = Path(folder) / f"rows{suffix}", Path(folder) / "hits.jsonl"
        source.write_bytes(data)
        done = sweep(engine, actor, source, output, kind, column_map(()))
        lines = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    return done, [line for line in lines if any(h["match"] for h in line["results"])]


@router.get("/notices/{record_id}")
def notice_page(request: Request, record_id: int) -> Response:
    """One notice: subject, offence, warrant, timeline and the visitor's moves."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        try:
            found = notices.get(conn, record_id, actor)
        except InterlistError as exc:
            return _error(request, who, exc)
        reports = hits.search(conn, actor, notice=record_id, limit=50)
    return render(request, who, "notice.html", n=found, actor=actor, reports=reports,
                  statuses=notices.records.declared().statuses,
                  transitions=notices.records.declared().transitions,
                  checklist=terms.terms("checklist"), terms=terms)  # fmt: skip


@router.post("/notices/{record_id}/move")
async def move(request: Request, record_id: int) -> Response:
    """Make a move; a refused one (403, 409, 422) shows why and changes nothing."""
    who = await session.checked(request, "notices")
    form = await request.form()
    value = {k: str(v).strip() for k, v in form.items() if k != "csrf"}
    to = value.get("to", "")
    checklist = None
    if to in ("published", "refused"):
        checklist = {item: value.get(f"check_{item}") == "on" for item in terms.terms("checklist")}
    day = date.fromisoformat(value["date"]) if value.get("date") else None
    try:
        with request.app.state.engine.begin() as conn:
            notices.move(conn, _actor(conn, who), record_id, to, value.get("note") or None,
                         checklist, None, day, value.get("place") or None)  # fmt: skip
    except (InterlistError, ValueError) as exc:
        return _error(request, who, exc)
    return RedirectResponse(f"{PREFIX}/notices/{record_id}", status_code=303)


@router.post("/notices/{record_id}/flag")
async def flag(request: Request, record_id: int) -> Response:
    who = await session.checked(request, "notices")
    form = await request.form()
    try:
        with request.app.state.engine.begin() as conn:
            notices.flag(conn, _actor(conn, who), record_id, str(form.get("reason") or ""),
                         lift=form.get("lift") == "1")  # fmt: skip
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(f"{PREFIX}/notices/{record_id}", status_code=303)


@router.post("/hits/{report_id}/acknowledge")
async def acknowledge(request: Request, report_id: int) -> Response:
    who = await session.checked(request, "notices")
    form = await request.form()
    try:
        with request.app.state.engine.begin() as conn:
            hits.acknowledge(conn, _actor(conn, who), report_id, str(form.get("outcome") or ""),
                             str(form.get("note") or "") or None)  # fmt: skip
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(f"{PREFIX}/notices?view=hits", status_code=303)


def _error(request: Request, who: session.Visitor, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 400)
    return render(request, who, "error.html", status=status if status < 500 else 400,
                  message=str(exc))  # fmt: skip
