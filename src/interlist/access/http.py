"""Authentication for the HTTP API: the `require_client` dependency.

A client sends ``Authorization: Bearer TOKEN`` or, as yente's clients do,
``Authorization: Apikey TOKEN``. The token is looked up by its SHA-256 (kept
in memory for a few seconds, so that a busy client costs no database round
trip per request); the user must be active and have the ``api`` permission.
When the operator turned authentication off (``Settings.auth_required`` false,
``INTERLIST_AUTH=off``), every caller is the anonymous viewer, who sees no
restricted source. The app must keep ``engine`` and ``settings`` on ``app.state``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy import Engine

from interlist.access import audit, credentials
from interlist.access.users import User, user_for_token

ANONYMOUS = User(id=0, name="anonymous", agency="", role="viewer")
SCHEMES = ("bearer", "apikey")
CACHE_SECONDS = 5.0
_CACHE_LIMIT = 10_000
_cache: dict[tuple[int, str], tuple[float, User | None]] = {}


def _unauthorized(message: str) -> HTTPException:
    challenge = 'Bearer realm="interlist", ApiKey realm="interlist"'
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": challenge})


def token_from_header(value: str | None) -> str:
    """The token of an ``Authorization: Bearer|Apikey TOKEN`` header (401 if absent or odd)."""
    if not value:
        raise _unauthorized("missing credentials: send Authorization: Bearer TOKEN")
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise _unauthorized("unsupported Authorization header: use Bearer or Apikey")
    return token.strip()


def lookup_token(engine: Engine, token: str) -> User | None:
    """The user of an API token, cached for CACHE_SECONDS."""
    key = (id(engine), credentials.digest(token))
    now = time.monotonic()
    hit = _cache.get(key)
    if hit and hit[0] > now:
        return hit[1]
    with engine.connect() as conn:
        user = user_for_token(conn, token)
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[key] = (now + CACHE_SECONDS, user)
    return user


def forget_tokens() -> None:
    """Drop the token cache (after a user was disabled or a token revoked in-process)."""
    _cache.clear()


def require_client(request: Request) -> User:
    """FastAPI dependency: the user calling the API (401 without valid credentials).
    The user is also left on ``request.state.client`` for the API's audit middleware."""
    user = _authenticate(request)
    request.state.client = user
    return user


def _authenticate(request: Request) -> User:
    state = request.app.state
    if not state.settings.auth_required:
        return ANONYMOUS
    token = token_from_header(request.headers.get("authorization"))
    user = lookup_token(state.engine, token)
    if user is None:
        raise _unauthorized("invalid or revoked API token")
    if not user.can("api"):
        raise HTTPException(status_code=403, detail=f"the role {user.role} may not use the API")
    return user


def require(permission: str) -> Callable[[Request], User]:
    """A dependency that also checks one permission (403 if the role lacks it)."""

    def dependency(request: Request) -> User:
        user = require_client(request)
        if not user.can(permission):
            raise HTTPException(
                status_code=403, detail=f"the role {user.role} may not {permission}"
            )
        return user

    return dependency


def record(engine: Engine, user: User, action: str, detail: dict[str, Any],
           result_count: int | None = None) -> int:  # fmt: skip
    """Append an audit entry for what `user` asked through the API."""
    return audit.record(engine, user.name, user.agency, action, detail, result_count)
