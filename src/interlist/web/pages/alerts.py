"""Alert pages: the agency's queue with the subject and the listed entity side by side,
keyboard decisions, four-eyes approval, bulk clearing with one reason, the subject
upload, cases, and the open-alert count every page shows. Everything goes through
:mod:`interlist.alerts`, the same functions as the API and the CLI.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from interlist import alerts
from interlist.alerts import cases, decisions
from interlist.alerts.raising import declared, vocabulary
from interlist.cooperation import actor_for
from interlist.errors import InputFileError, InterlistError
from interlist.lifecycle import Actor
from interlist.screening.readers import read_rows
from interlist.web import PREFIX, render, session
from interlist.web.pages.screen import input_problem, upload_problem

router = APIRouter()
PAGE = 50
KEYS = {"false_positive": "f", "confirmed": "c", "escalated": "e", "approved": "a",
        "refused": "r"}  # fmt: skip
MAX_UPLOAD = 20 * 1024 * 1024


def _actor(conn: Connection, who: session.Visitor) -> Actor:
    user = who.user
    return actor_for(conn, user.name, user.agency, user.role)


@router.get("/alerts")
def queue_page(
    request: Request,
    status: str | None = Query("open"),
    overdue: bool = Query(False),
    subject: str | None = Query(None),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    """The agency's alerts, soonest deadline first; the first one side by side."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        found = decisions.search(conn, actor, status or None, subject=subject or None,
                                 overdue=overdue, limit=PAGE, offset=offset)  # fmt: skip
        current = decisions.get(conn, found[0]["id"], actor) if found else None
    filters = {"status": status or "", "overdue": overdue, "subject": subject or ""}
    return _page(request, who, found, current, filters, offset)


@router.get("/alerts/count", response_class=HTMLResponse)
def count_badge(request: Request) -> Response:
    """The open alerts of the visitor's agency (htmx swaps it into every page's header)."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        actor = _actor(conn, who)
        found = decisions.counts(conn, None if actor.centre else actor.agency)
    return render(request, who, "_alert_count.html", counts=found)


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: int) -> Response:
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        try:
            current = decisions.get(conn, alert_id, _actor(conn, who))
        except InterlistError as exc:
            return _error(request, who, exc)
    return _page(request, who, [], current, {}, 0)


def _page(
    request: Request,
    who: session.Visitor,
    found: list[dict[str, Any]],
    current: dict[str, Any] | None,
    filters: dict[str, Any],
    offset: int,
) -> Response:
    return render(request, who, "alerts.html", found=found, current=current, filters=filters,
                  offset=offset, page=PAGE, keys=KEYS, vocab=vocabulary(),
                  statuses=declared().statuses)  # fmt: skip


@router.post("/alerts/{alert_id}/decide")
async def decide(request: Request, alert_id: int, decision: str = Form(...),
                 reason: str = Form(""), note: str = Form(""),
                 back: str = Form("")) -> Response:  # fmt: skip
    """A decision, an approval or a refusal; one refused (403, 409, 422) shows why."""
    who = await session.checked(request, "decide_alerts")
    try:
        with request.app.state.engine.begin() as conn:
            actor = _actor(conn, who)
            if decision in ("approved", "refused"):
                decisions.approve(conn, actor, alert_id, decision == "approved", note or None)
            else:
                decisions.decide(conn, actor, alert_id, decision, reason, note or None)
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(_back(back), status_code=303)


@router.post("/alerts/clear")
async def clear(request: Request, reason: str = Form(""), note: str = Form(""),
                back: str = Form("")) -> Response:  # fmt: skip
    """Clear the alerts ticked in the queue as false positives, with one reason."""
    who = await session.checked(request, "decide_alerts")
    form = await request.form()
    ids = [int(str(v)) for v in form.getlist("ids") if str(v).isdigit()]
    try:
        with request.app.state.engine.begin() as conn:
            decisions.clear(conn, _actor(conn, who), ids, reason, note or None)
    except InterlistError as exc:
        return _error(request, who, exc)
    return RedirectResponse(_back(back), status_code=303)


@router.get("/monitoring")
def monitoring_page(request: Request) -> Response:
    """The subject upload form and the agency's cases."""
    who = session.permitted(request, "search")
    with request.app.state.engine.connect() as conn:
        found = cases.search(conn, _actor(conn, who))
    return render(request, who, "monitoring.html", cases=found, done=None,
                  case_statuses=cases.declared().statuses)  # fmt: skip


@router.post("/monitoring/upload")
async def upload(request: Request, file: UploadFile, dataset: str = Form("")) -> Response:
    """Register or update the agency's subjects from a CSV, Excel or JSON lines file."""
    who = await session.checked(request, "monitor")
    data = await file.read(MAX_UPLOAD + 1)
    problem = upload_problem(file.filename or "subjects.csv", data)
    if problem:
        return render(request, who, "error.html", status=422, problem=problem)
    suffix = Path(file.filename or "subjects.csv").suffix or ".csv"
    try:
        with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
            fh.write(data)
            fh.flush()
            try:
                rows = list(read_rows(Path(fh.name)))
            except InputFileError as exc:
                raise exc.named(file.filename or "the upload") from exc
        with request.app.state.engine.begin() as conn:
            actor = _actor(conn, who)
            done = alerts.register(conn, actor, actor.agency, rows, dataset or None)
            found = cases.search(conn, actor)
    except InterlistError as exc:
        return _error(request, who, exc)
    return render(request, who, "monitoring.html", cases=found, done=done.to_dict(),
                  case_statuses=cases.declared().statuses)  # fmt: skip


def _back(back: str) -> str:
    return back if back.startswith(f"{PREFIX}/alerts") else f"{PREFIX}/alerts"


def _error(request: Request, who: session.Visitor, exc: InterlistError) -> Response:
    status = exc.status_code if exc.status_code < 500 else 400
    if isinstance(exc, InputFileError):  # the file, where and why, in the page's language
        return render(request, who, "error.html", status=status, problem=input_problem(exc))
    return render(request, who, "error.html", status=status, message=str(exc))
