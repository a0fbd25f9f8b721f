"""The analysts' web application: server-rendered pages (Jinja2) made lively with htmx.

:func:`mount_web` adds the pages under ``/web`` and their static files (htmx
itself, served from the package, never from the internet) to the API's
FastAPI app (the API's own calls are audited by the API's app factory).
Pages use the same index, matcher, screening and resolution code
as the API and the CLI; access rules come from :mod:`interlist.access`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from interlist import i18n
from interlist.access.lockout import LoginLimiter
from interlist.error_text import error_text
from interlist.settings import Settings
from interlist.web import explain, session
from interlist.web.session import Forbidden, LoginRequired, Visitor

HERE = Path(__file__).parent
PREFIX = "/web"
PAGES = (
    "auth",
    "search",
    "profile",
    "screen",
    "review",
    "recognition",
    "statistics",
    "freezes",
    "notices",
    "alerts",
    "admin",
)  # modules of web.pages, in the order their routes are added
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass
class WebState:
    """What the pages share: templates, the CSRF token used when auth is off, batch jobs."""

    templates: Jinja2Templates
    local_csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    jobs: dict[str, Any] = field(default_factory=dict)
    logins: LoginLimiter = field(default_factory=LoginLimiter)  # failed logins, locks


def mount_web(app: FastAPI, settings: Settings) -> None:
    """Add the web application to `app` (which keeps `settings` and `engine` on its state)."""

    if getattr(app.state, "engine", None) is None:
        from interlist.store import open_engine

        app.state.engine = open_engine(settings.database_url)
    if getattr(app.state, "settings", None) is None:
        app.state.settings = settings
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["country"] = _country
    templates.env.filters["n"] = _number
    _add_label_filters(templates)
    app.state.web = WebState(templates)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="web-static")
    for name in PAGES:
        module = import_module(f"interlist.web.pages.{name}")
        app.include_router(module.router, prefix=PREFIX, include_in_schema=False)
    app.add_exception_handler(LoginRequired, _login_required)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
    app.add_api_route("/", _home, include_in_schema=False)


@pass_context
def _number(context: Any, value: Any) -> str:
    """A number in the page's language's format (3,798 / 3 798)."""
    return i18n.number(value, str(context.get("lang", i18n.DEFAULT)))


def _add_label_filters(templates: Jinja2Templates) -> None:
    """Words, not codes: each filter reads the page's language from the context."""

    def lang(context: Any) -> str:
        return str(context.get("lang", i18n.DEFAULT))

    filters: dict[str, Callable[..., Any]] = {
        "schema": lambda c, v, plural=False: i18n.schema_label(v, lang(c), plural),
        "prop": lambda c, v, schema="Thing": i18n.prop_label(v, lang(c), schema),
        "topic": lambda c, v: i18n.topic_label(v, lang(c)),
        "language": lambda c, v: i18n.language_name(v, lang(c)),
        "values": lambda c, v, prop: Markup("; ").join(
            _time(x, i18n.value_text(x, prop, lang(c)))
            for x in ([v] if isinstance(v, str) else [str(x) for x in v])
        ),
        "day": lambda c, v, with_time=False: _time(v, i18n.date_text(v, lang(c), with_time)),
        "signed": lambda c, v: i18n.signed(v, lang(c)),
        "score": lambda c, v: i18n.signed(float(v), lang(c))[1:],  # 0.92 / 0,92
        "errtext": lambda c, v: error_text(str(v or ""), lang(c)),
        "explain": lambda c, v: explain.sentences(v, lang(c)),
        "asked": lambda c, v, action="": explain.asked(v, lang(c), action),
        "source_title": lambda c, v: source_titles(c.get("request")).get(v, v),
    }
    for name, function in filters.items():
        templates.env.filters[name] = pass_context(function)


def _time(value: Any, text: str) -> Markup:
    """A date as shown, in a <time> element that keeps the ISO date for machines."""
    iso = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    if text == iso or len(iso) < 10 or not iso[:4].isdigit() or iso[4:5] != "-":
        return escape(text)
    return Markup('<time datetime="{}">{}</time>').format(iso, text)


_TITLES: WeakKeyDictionary[Any, tuple[float, dict[str, str]]] = WeakKeyDictionary()
TITLES_TTL = 30.0  # seconds a source title table is kept


def source_titles(request: Any) -> dict[str, str]:
    """Each source's title by its code (read from the databank at most every 30 s)."""
    import time

    from sqlalchemy import select

    from interlist.store import tables

    engine = getattr(getattr(getattr(request, "app", None), "state", None), "engine", None)
    if engine is None:
        return {}
    kept = _TITLES.get(engine)
    if kept and kept[0] > time.monotonic():
        return kept[1]
    with engine.connect() as conn:
        rows = conn.execute(select(tables.source.c.name, tables.source.c.title))
        titles = {r.name: r.title for r in rows if r.title}
    _TITLES[engine] = (time.monotonic() + TITLES_TTL, titles)
    return titles


@pass_context
def _country(context: Any, code: str) -> str:
    """A country code as its name in the page's language (the code itself if unknown)."""
    return i18n.country_name(code, context.get("lang", i18n.DEFAULT))


async def _home() -> Response:
    return RedirectResponse(f"{PREFIX}/", status_code=303)


def render(request: Request, who: Visitor | None, template: str, status: int = 200,
           lang: str | None = None, **context: Any) -> HTMLResponse:  # fmt: skip
    """A page rendered with the visitor, their language and the security headers."""
    language = who.lang if who else i18n.language(lang or request.cookies.get(session.LANG_COOKIE))
    templates: Jinja2Templates = request.app.state.web.templates
    values = {"v": who, "t": i18n.translator(language), "lang": language, "prefix": PREFIX}
    response = templates.TemplateResponse(request, template, {**values, **context}, status)
    response.headers.update(SECURITY_HEADERS)
    return response


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def _login_required(request: Request, _exc: LoginRequired) -> Response:
    target = f"{PREFIX}/login?next={request.url.path}"
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    if request.url.path.startswith(PREFIX) and request.method == "GET":
        return RedirectResponse(target, status_code=303)
    return Response("login required", status_code=401, media_type="text/plain")


async def _forbidden(request: Request, exc: Forbidden) -> Response:
    return render(request, None, "error.html", status=403, message_key="forbidden")
