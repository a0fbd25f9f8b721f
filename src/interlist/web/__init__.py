"""The analysts' web application: server-rendered pages (Jinja2) made lively with htmx.

:func:`mount_web` adds the pages under ``/web`` and their static files (htmx
itself, served from the package, never from the internet) to the API's
FastAPI app (the API's own calls are audited by the API's app factory).
Pages use the same index, matcher, screening and resolution code
as the API and the CLI; access rules come from :mod:`interlist.access`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from interlist.access.lockout import LoginLimiter
from interlist.settings import Settings
from interlist.web import i18n
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
    from babel.numbers import format_decimal

    if value in (None, ""):
        return ""
    return format_decimal(value, locale="ru" if context.get("lang") == "ru" else "en")


@pass_context
def _country(context: Any, code: str) -> str:
    """A country code as its name in the page's language (the code itself if unknown)."""
    return i18n.country_name(code, context.get("lang", i18n.DEFAULT))


async def _home() -> Response:
    return RedirectResponse(f"{PREFIX}/", status_code=303)


def render(request: Request, who: Visitor | None, template: str, status: int = 200,
           lang: str | None = None, **context: Any) -> HTMLResponse:  # fmt: skip
    """A page rendered with the visitor, their language and the security headers."""
    language = who.lang if who else i18n.language(lang or request.cookies.get(i18n.COOKIE))
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
