"""The audit trail of the HTTP API: who screened, searched or fetched what, and how much
came back — recorded around the routers, without touching them.

A pure ASGI middleware watches ``POST /match/...``, ``GET /search/...`` and
``GET /entities/...``: it keeps the request body (the queries) and the JSON
answer, and once the answer is sent it queues an audit entry through an
:class:`AuditBuffer` (so the client never waits for the audit write). The
caller is the user ``require_client`` put on ``request.state.client``;
requests refused before that (401) are not API calls and are not recorded here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

import orjson

from interlist.access.audit_buffer import AuditBuffer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WATCHED = {"/match/": "api_match", "/search/": "api_search", "/entities/": "api_entity"}
MAX_NAMES = 100  # query names kept per /match entry
MAX_BODY = 8 * 1024 * 1024  # larger answers are counted as unknown (None)


def action_of(path: str) -> str | None:
    return next((action for prefix, action in WATCHED.items() if path.startswith(prefix)), None)


class ApiAudit:
    """ASGI middleware: one audit entry per answered API data request."""

    def __init__(self, app: ASGIApp, buffer: Callable[[], AuditBuffer | None]) -> None:
        self.app = app
        self.buffer = buffer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        action = action_of(scope.get("path", "")) if scope["type"] == "http" else None
        if action is None:
            await self.app(scope, receive, send)
            return
        asked: list[bytes] = []
        answer: dict[str, Any] = {"status": 0, "body": [], "size": 0}

        async def receive_and_keep() -> Message:
            message = await receive()
            if message["type"] == "http.request" and sum(map(len, asked)) < MAX_BODY:
                asked.append(message.get("body", b""))
            return message

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body" and answer["size"] < MAX_BODY:
                answer["body"].append(message.get("body", b""))
                answer["size"] += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive_and_keep, send_and_keep)
        self._record(scope, action, b"".join(asked), answer)

    def _record(self, scope: Scope, action: str, asked: bytes, answer: dict[str, Any]) -> None:
        user = scope.get("state", {}).get("client")
        buffer = self.buffer()
        if user is None or buffer is None:
            return
        detail = {"path": scope["path"], **_asked(scope, action, asked), "status": answer["status"]}
        count = _count(action, answer) if answer["status"] == 200 else 0
        buffer.add(user.name, user.agency, action, detail, count)


def _asked(scope: Scope, action: str, body: bytes) -> dict[str, Any]:
    raw = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    query = {k: v if len(v) > 1 else v[0] for k, v in raw.items()}
    if action != "api_match":
        return {"query": query}
    try:
        queries = orjson.loads(body).get("queries", {})
    except (orjson.JSONDecodeError, AttributeError):
        queries = None
    if not isinstance(queries, dict):  # not JSON, or not yente's shape: refused (422)
        return {"query": query, "queries": "unreadable"}
    names = {str(k): _name_of(v) for k, v in list(queries.items())[:MAX_NAMES]}
    return {"query": query, "queries": len(queries), "names": names}


def _name_of(example: Any) -> Any:
    """The `name` values of one query entity, if it has any (None for anything else)."""
    properties = example.get("properties") if isinstance(example, dict) else None
    return properties.get("name") if isinstance(properties, dict) else None


def _count(action: str, answer: dict[str, Any]) -> int | None:
    if answer["size"] >= MAX_BODY:
        return None
    try:
        data = orjson.loads(b"".join(answer["body"]))
    except orjson.JSONDecodeError:
        return None
    if action == "api_match":
        return sum(len(r.get("results", [])) for r in data.get("responses", {}).values())
    if action == "api_search":
        return int(data.get("total", {}).get("value", len(data.get("results", []))))
    return 1
