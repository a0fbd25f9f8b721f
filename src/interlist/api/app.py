"""The FastAPI application: ``create_app(settings)`` wires routers, errors and the index.

The index is read from ``settings.index_dir`` through an ``IndexHolder``,
which swaps in a rebuilt file between requests. With ``refresh_seconds`` set,
a background thread checks the databank every so often and rebuilds the
index when a new list version was ingested (one process rebuilds, under a file
lock; the others pick the new file up), so queries keep being served.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request

from interlist.api.responses import JSONBytes
from interlist.api.routers import (
    alerts,
    catalog,
    documentation,
    entities,
    freezes,
    health,
    match,
    notices,
    operations,
    recognitions,
    search,
)
from interlist.errors import InterlistError
from interlist.matching import warm_up
from interlist.screening.heap import limit_arenas, release_free_memory
from interlist.screening.storage import IndexHolder, ensure_index_apart, index_path
from interlist.settings import Settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    refresh_seconds: float | None = None,
    warm: bool = False,
    deliver_seconds: float | None = None,
    web: bool = True,
) -> FastAPI:
    """The API for the databank and index described by `settings`; with
    `deliver_seconds`, it also sends the agencies' due webhook deliveries that often.
    Every API data request is audited; `web` adds the analysts' pages under /web."""
    app = FastAPI(
        title="interlist",
        version="0.1.0",
        description="Screening against the shared sanctions databank; yente-compatible.",
        default_response_class=JSONBytes,
        lifespan=_lifespan(refresh_seconds, warm, deliver_seconds),
        docs_url=None,  # served below from the package's files, not from a CDN
        redoc_url=None,
        swagger_ui_parameters={"validatorUrl": None},  # no call to an outside validator
    )
    app.state.settings = settings
    app.state.holder = IndexHolder(index_path(settings))
    app.state.engine = None
    app.state.audit_buffer = None
    app.add_exception_handler(InterlistError, _interlist_error)  # type: ignore[arg-type]
    routers = (match, search, entities, catalog, recognitions, notices, freezes, alerts,
               operations, health, documentation)  # fmt: skip
    for module in routers:
        _declare_errors(module.router)
        app.include_router(module.router)
    _documentation_pages(app)
    _audit_api(app)
    if web:
        from interlist.web import mount_web  # the analysts' pages under /web

        mount_web(app, settings)
    return app


ERROR_STATUSES = {
    400: "The body cannot be read (not JSON, or not a form)",
    401: "No valid API token (`Authorization: Bearer TOKEN` or `Apikey TOKEN`)",
    404: "Not found",
    422: "The request does not fit this document, or its values are refused",
}


def _declare_errors(router: APIRouter) -> None:
    """Declare, for every API operation, the error statuses it can answer, all with the
    one error model (`ErrorResponse`): 422 on every operation that takes parameters or a
    body (instead of FastAPI's list-only `HTTPValidationError`, since interlist's own
    refusals say what is wrong in a sentence), 400 where a body is read, 401 where a
    token is needed, 404 where the path names something. Statuses a route declares
    itself (403, 409, 413, 503) keep their descriptions. Done on a router's routes before
    it is included, so that the app's routes are built with these responses."""
    from fastapi.routing import APIRoute

    from interlist.api.models import ErrorResponse

    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        codes = []
        body = route.body_field is not None or "requestBody" in (route.openapi_extra or {})
        if body:
            codes.append(400)
        if _needs_token(route.dependant):
            codes.append(401)
        if route.dependant.path_params:
            codes.append(404)
        if route.dependant.path_params or route.dependant.query_params or body:
            codes.append(422)
        declared = dict(route.responses)
        for code in codes:
            known = declared.get(code, {})
            described = known.get("description") or ERROR_STATUSES[code]
            declared[code] = {**known, "model": ErrorResponse, "description": described}
        route.responses = declared


def _needs_token(dependant: Any) -> bool:
    from interlist.api.deps import require_client

    return any(sub.call is require_client or _needs_token(sub) for sub in dependant.dependencies)


DOCS_ASSETS = "/docs/assets"


def _documentation_pages(app: FastAPI) -> None:
    """`/docs` (Swagger UI) with its script, style and icon served by this server from
    the `fastapi-offline` package's files, so that it works without the internet;
    `/redoc` (whose assets came from a CDN as well) leads to it."""
    from pathlib import Path

    import fastapi_offline
    from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from fastapi.responses import HTMLResponse, RedirectResponse
    from fastapi.staticfiles import StaticFiles

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} · API",
            oauth2_redirect_url=f"{root}{redirect_url}",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=307)

    app.add_api_route("/docs", swagger_ui, include_in_schema=False)
    app.add_api_route(redirect_url, oauth2_redirect, include_in_schema=False)
    app.add_api_route("/redoc", redoc, include_in_schema=False)


def _audit_api(app: FastAPI) -> None:
    """Record every API data request in the audit log (interlist.access.api_audit),
    with or without the web pages. The buffer is made on the first entry, once the
    caller's authentication has opened the databank engine."""
    from interlist.access.api_audit import ApiAudit
    from interlist.access.audit_buffer import AuditBuffer

    def buffer() -> AuditBuffer | None:
        state = app.state
        if state.audit_buffer is None and state.engine is not None:
            state.audit_buffer = AuditBuffer(state.engine)
        found: AuditBuffer | None = state.audit_buffer
        return found

    app.add_middleware(ApiAudit, buffer=buffer)


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` worker processes: settings from INTERLIST_* variables."""
    return create_app(Settings.from_env(), refresh_seconds=30.0, warm=True, deliver_seconds=5.0)


async def _interlist_error(_request: Request, exc: InterlistError) -> JSONBytes:
    return JSONBytes({"detail": exc.message}, status_code=exc.status_code)


def _lifespan(refresh_seconds: float | None, warm: bool,  # type: ignore[no-untyped-def]
              deliver_seconds: float | None):  # fmt: skip
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            limit_arenas()  # a server's threads share two arenas (interlist.screening.heap)
            warm_up()  # the matcher's tables and ICU's per-script rules, not on a first query
            if app.state.holder.ready:
                app.state.holder.warm()
        stop = threading.Event()
        loops = [(_refresh_loop, refresh_seconds), (_deliver_loop, deliver_seconds)]
        threads = [threading.Thread(target=loop, args=(app, every, stop), daemon=True)
                   for loop, every in loops if every]  # fmt: skip
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)  # a rebuild or a delivery in progress finishes first
            if app.state.audit_buffer is not None:
                app.state.audit_buffer.close()  # the entries still queued are written
                app.state.audit_buffer = None
            if app.state.engine is not None:
                app.state.engine.dispose()

    return lifespan


def _refresh_loop(app: FastAPI, every: float, stop: threading.Event) -> None:
    from interlist.store import open_engine

    engine = open_engine(app.state.settings.database_url, migrate=False)
    holder: IndexHolder = app.state.holder
    try:
        while not stop.wait(every):
            try:
                if ensure_index_apart(engine, holder.path):  # built in a child process
                    log.info("screening index rebuilt: %s", holder.path)
                # load and swap here, not in a request (another worker may have rebuilt)
                if holder.refresh():
                    log.info("screening index swapped in: %s", holder.path)
                release_free_memory()  # what the answers since the last round freed
            except Exception:  # keep serving the old index whatever happens
                log.exception("screening index refresh failed")
    finally:
        engine.dispose()


def _deliver_loop(app: FastAPI, every: float, stop: threading.Event) -> None:
    """Send the agencies' due webhook deliveries (interlist.alerts.webhooks), so that a
    served databank notifies without a separate `interlist webhooks deliver --loop`."""
    from interlist.alerts.webhooks import deliver_pending
    from interlist.store import open_engine

    engine = open_engine(app.state.settings.database_url, migrate=False)
    try:
        while not stop.wait(every):
            try:
                deliver_pending(engine)
            except Exception:  # a failing round is logged; the next one tries again
                log.exception("webhook delivery failed")
    finally:
        engine.dispose()
