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

from fastapi import FastAPI, Request

from interlist.api.responses import JSONBytes
from interlist.api.routers import (
    alerts,
    catalog,
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
from interlist.screening.storage import IndexHolder, ensure_index, index_path
from interlist.settings import Settings

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    refresh_seconds: float | None = None,
    warm: bool = False,
    deliver_seconds: float | None = None,
) -> FastAPI:
    """The API for the databank and index described by `settings`; with
    `deliver_seconds`, it also sends the agencies' due webhook deliveries that often."""
    app = FastAPI(
        title="interlist",
        version="0.1.0",
        description="Screening against the shared sanctions databank; yente-compatible.",
        default_response_class=JSONBytes,
        lifespan=_lifespan(refresh_seconds, warm, deliver_seconds),
    )
    app.state.settings = settings
    app.state.holder = IndexHolder(index_path(settings))
    app.state.engine = None
    app.add_exception_handler(InterlistError, _interlist_error)  # type: ignore[arg-type]
    routers = (match, search, entities, catalog, recognitions, notices, freezes, alerts,
               operations, health)  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    from interlist.web import mount_web  # the analysts' pages under /web

    mount_web(app, settings)
    return app


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
                if ensure_index(engine, holder.path):
                    log.info("screening index rebuilt: %s", holder.path)
                # load and swap here, not in a request (another worker may have rebuilt)
                if holder.refresh():
                    log.info("screening index swapped in: %s", holder.path)
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
