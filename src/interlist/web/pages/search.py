"""The search page: instant results across scripts as the visitor types, with filters.

``GET /web/`` is the whole page; ``GET /web/results`` answers htmx with the
result list only. Each search (not each keystroke: htmx waits for a pause)
is written to the audit log with the number of results.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from followthemoney import model as ftm_model
from sqlalchemy import Connection

from interlist import i18n
from interlist.access import audit
from interlist.access.restrict import hidden_sources
from interlist.errors import InterlistError
from interlist.matching import SEARCH_SCHEMATA as SCHEMATA
from interlist.web import home, render, search, session
from interlist.web.work import open_work

router = APIRouter()


def _query(q: str, source: str, schema: str, topic: str, country: str, status: str,
           page: int) -> search.Query:  # fmt: skip
    schema = schema if schema in SCHEMATA else "Thing"
    status = status if status in search.STATUSES else "listed"
    code = i18n.country_code(country[:60]) if country.strip() else ""
    return search.Query(q[:200], source[:100], schema, topic[:50], code, status, page)


def _run(request: Request, who: session.Visitor, query: search.Query) -> dict[str, Any]:
    engine = request.app.state.engine
    with engine.connect() as conn:
        hidden = hidden_sources(conn, who.user.agency or None)
        try:
            index = request.app.state.holder.get()
            found = search.search(index, conn, query, hidden)
        except InterlistError:
            return {"found": None, "index_missing": True, "query": query, "sources": []}
    if query.q or query.source or query.topic or query.country:
        audit.record(engine, who.user.name, who.user.agency, "search", query.asked(), found.total)
    sources = sorted(index.sources() - hidden)
    return {"found": found, "query": query, "page_size": search.PAGE, "sources": sources}


@router.get("/")
def search_page(
    request: Request, q: str = "", source: str = "", schema: str = "Thing", topic: str = "",
    country: str = "", status: str = "listed", page: int = Query(0, ge=0, le=400),
) -> Response:  # fmt: skip
    """The search page (with results if a query is given)."""
    who = session.permitted(request, "search")
    query = _query(q, source, schema, topic, country, status, page)
    context = _run(request, who, query)
    with request.app.state.engine.connect() as conn:
        work = open_work(conn, who.user)
        standing = None if q else _where_things_stand(request, conn, who)
    return render(request, who, "search.html", schemata=SCHEMATA, labels=_labels(), work=work,
                  home=standing, **context)  # fmt: skip


def _where_things_stand(request: Request, conn: Connection, who: session.Visitor) -> dict[str, Any]:
    """The home page's panel: each list's age, the counts, what changed since the last visit."""
    hidden = hidden_sources(conn, who.user.agency or None)
    ages = home.list_ages(conn, hidden, request.app.state.settings.stale_days)
    last = home.previous_login(request.app.state.engine, who.user.name)
    return {
        "ages": ages,
        "since": home.since(conn, last, hidden),
        "parties": sum(a.parties for a in ages),
        "stale": sum(a.stale for a in ages),
    }


@router.get("/results")
def search_results(
    request: Request, q: str = "", source: str = "", schema: str = "Thing", topic: str = "",
    country: str = "", status: str = "listed", page: int = Query(0, ge=0, le=400),
) -> Response:  # fmt: skip
    """The result list alone, for htmx."""
    who = session.permitted(request, "search")
    query = _query(q, source, schema, topic, country, status, page)
    return render(request, who, "_results.html", labels=_labels(), **_run(request, who, query))


def _labels() -> dict[str, str]:
    return {name: ftm_model.get(name).label for name in SCHEMATA}  # type: ignore[union-attr]
