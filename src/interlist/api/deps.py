"""Dependencies the routers ask for: the index, the database, the client.

``require_client`` checks the API token: every data router depends on it; it
returns the calling ``interlist.access.User`` (the anonymous viewer when
``settings.auth_required`` is False, ``interlist serve --no-auth``).
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy import Engine

from interlist.api.models import MAX_ID
from interlist.cooperation.collections import Collection, Scope, scope_of
from interlist.errors import NotFoundError
from interlist.screening.index import ScreeningIndex
from interlist.screening.storage import IndexHolder

DEFAULT_DATASET = "default"
MAX_OFFSET = 1_000_000  # the furthest a listing pages

# A record's number in a path: 1 to MAX_ID, so that a huge number is refused as invalid
# rather than overflowing the database driver (a 500).
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def get_index(request: Request) -> ScreeningIndex:
    """The index in use (swapped in when a rebuilt one is saved). The dependencies of
    the data routers are coroutines: each is quick (the token and the restrictions are
    cached), and a worker thread per dependency cost more than the work itself."""
    holder: IndexHolder = request.app.state.holder
    return holder.get()


def get_engine(request: Request) -> Engine:
    """The databank engine, opened on first use."""
    state = request.app.state
    if state.engine is None:
        from interlist.store import open_engine

        state.engine = open_engine(state.settings.database_url, migrate=False)
    engine: Engine = state.engine
    return engine


async def require_client(request: Request) -> Any:
    """Who is calling: the user of the `Authorization: Bearer|Apikey TOKEN` header (401
    without one); with auth off (--no-auth) the anonymous viewer (see interlist.access)."""
    from interlist.access.http import require_client as authenticate

    get_engine(request)
    return authenticate(request)


def dataset_scope(request: Request, index: ScreeningIndex, dataset: str) -> Scope:
    """What a path's `dataset` means: `default` (everything), a source, or a member
    state's collection (what is in force there)."""
    if dataset == DEFAULT_DATASET:
        return Scope()
    if dataset in index.sources():
        return Scope((dataset,))
    found = state_collections(request).get(dataset)
    if found is None:
        raise NotFoundError(f"dataset not found: {dataset}")
    return scope_of(found)


def state_collections(request: Request) -> dict[str, Collection]:
    """Each member state's collection, re-read when the databank's lists, states or
    lifecycle events have changed: a decision or a delisting is in force at once."""
    from interlist.cooperation.collections import changes_token, collection, state_codes

    state = request.app.state
    cached = getattr(state, "collections", None)
    with get_engine(request).connect() as conn:
        token = changes_token(conn)
        if cached is not None and cached[0] == token:
            found: dict[str, Collection] = cached[1]
            return found
        found = {code: collection(conn, code) for code in state_codes(conn)}
    state.collections = (token, found)
    return found


async def hidden_datasets(
    request: Request, client: Any = Depends(require_client)
) -> frozenset[str]:
    """The sources the caller's agency may not see (restricted to other agencies).
    The restrictions are re-read at most every RESTRICTIONS_TTL seconds."""
    from interlist.access.restrict import hidden_sources

    agency = getattr(client, "agency", None) or None
    now = time.monotonic()
    cache = getattr(request.app.state, "hidden_cache", None)
    if cache is None:
        cache = request.app.state.hidden_cache = {}
    cached = cache.get(agency)
    if cached is not None and now - cached[0] < RESTRICTIONS_TTL:
        return frozenset(cached[1])
    with get_engine(request).connect() as conn:
        hidden = hidden_sources(conn, agency)
    cache[agency] = (now, hidden)
    return hidden


RESTRICTIONS_TTL = 2.0  # seconds a server keeps an agency's restrictions before re-reading
