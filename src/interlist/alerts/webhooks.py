"""Webhooks: an agency's systems receive its new alerts and decisions as signed JSON.

Each event is queued in ``webhook_delivery`` in the transaction that caused it (so a
rolled-back ingest sends nothing), then :func:`deliver_pending` POSTs it. Every
delivery carries the header::

    X-Interlist-Signature: t=UNIX_TIME,v1=HEX

where ``HEX`` is the HMAC-SHA256, keyed with the webhook's secret, of
``"{t}.{body}"`` (the form Stripe uses): the receiver recomputes it, compares in
constant time and refuses a timestamp too old (a replay). A receiver that is down or
answers anything but 2xx is tried again later, after 10 s, 30 s, 2 min, 10 min, 30 min,
1 h, 3 h, 6 h; after the last attempt the delivery is ``failed``. Every attempt is
logged with the delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import orjson
from sqlalchemy import Connection, Engine, insert, select, update

from interlist.errors import InvalidInputError, NotFoundError
from interlist.store import alert_tables as at

HEADER = "X-Interlist-Signature"
BACKOFF = (10, 30, 120, 600, 1800, 3600, 10800, 21600)  # seconds before attempt 2, 3...
PER_DELIVERY = 100  # alerts in one POST at most
TIMEOUT = 10.0
LEASE = timedelta(seconds=4 * TIMEOUT)  # a claimed delivery is not tried by another sender

Post = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> HTTP status


def sign(secret: str, body: bytes, at_time: int | None = None) -> str:
    """The signature header's value for a body sent at `at_time` (now by default)."""
    stamp = int(time.time()) if at_time is None else at_time
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """Whether a signature header is right for the body and recent (a receiver's check)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        stamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = sign(secret, body, stamp).split("v1=", 1)[1]
    fresh = abs(time.time() - stamp) <= tolerance
    return fresh and hmac.compare_digest(expected, parts.get("v1", ""))


def add(conn: Connection, agency: str, url: str, secret: str) -> dict[str, Any]:
    """Register a webhook of an agency."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInputError(f"{url!r} is not an http(s) URL", "url")
    if len(secret) < 16:
        raise InvalidInputError("a webhook secret has at least 16 characters", "secret")
    now = datetime.now(UTC)
    found = conn.execute(insert(at.webhook).values(
        agency=agency, url=url, secret=secret, active=True, created_at=now,
    )).inserted_primary_key  # fmt: skip
    assert found is not None
    return {"id": int(found[0]), "agency": agency, "url": url, "active": True}


def remove(conn: Connection, agency: str, webhook_id: int) -> None:
    w = at.webhook.c
    done = conn.execute(update(at.webhook).where(w.id == webhook_id, w.agency == agency)
                        .values(active=False)).rowcount  # fmt: skip
    if not done:
        raise NotFoundError(f"{agency} has no webhook {webhook_id}")


def listed(conn: Connection, agency: str | None = None) -> list[dict[str, Any]]:
    w = at.webhook.c
    query = select(w.id, w.agency, w.url, w.active, w.created_at).order_by(w.id)
    if agency:
        query = query.where(w.agency == agency)
    return [{**_plain(row), "created_at": _iso(row.created_at)} for row in conn.execute(query)]


def enqueue(conn: Connection, agency: str, event: str, items: Sequence[dict[str, Any]]) -> int:
    """Queue an event for each active webhook of the agency; returns deliveries queued."""
    w = at.webhook.c
    hooks = list(conn.scalars(select(w.id).where(w.agency == agency, w.active.is_(True))))
    if not hooks or not items:
        return 0
    now = datetime.now(UTC)
    rows = []
    for start in range(0, len(items), PER_DELIVERY):
        body = orjson.dumps({"event": event, "agency": agency, "created_at": now.isoformat(),
                             "data": list(items[start : start + PER_DELIVERY])},
                            default=str).decode()  # fmt: skip
        rows += [{"webhook": hook, "event": event, "body": body, "status": "pending",
                  "attempts": 0, "next_at": now, "log": [], "created_at": now}
                 for hook in hooks]  # fmt: skip
    conn.execute(insert(at.webhook_delivery), rows)
    return len(rows)


def http_post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST with the standard library; the HTTP status (raises OSError when down)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def deliver_pending(engine: Engine, post: Post = http_post,
                    now: datetime | None = None) -> dict[str, int]:  # fmt: skip
    """Try every delivery that is due; returns how many were delivered, retried, failed."""
    at_time = now or datetime.now(UTC)
    d, w = at.webhook_delivery.c, at.webhook.c
    query = (
        select(d.id, d.body, d.attempts, d.log, w.url, w.secret)
        .join(at.webhook, w.id == d.webhook)
        .where(d.status == "pending", d.next_at <= at_time)
        .order_by(d.id)
    )
    with engine.connect() as conn:
        due = conn.execute(query).all()
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    for row in due:
        if not _claimed(engine, row.id, at_time):
            continue  # another sender (a second server worker, `webhooks deliver`) has it
        outcome = _attempt(row, post, at_time)
        with engine.begin() as conn:
            conn.execute(update(at.webhook_delivery).where(d.id == row.id).values(**outcome))
        counts[_counted(outcome["status"])] += 1
    return counts


def _claimed(engine: Engine, delivery_id: int, now: datetime) -> bool:
    """Take a due delivery for this sender: its next attempt moves past the lease, so
    that senders running side by side never POST the same delivery twice."""
    d = at.webhook_delivery.c
    with engine.begin() as conn:
        claim = update(at.webhook_delivery).where(
            d.id == delivery_id, d.status == "pending", d.next_at <= now
        )
        return conn.execute(claim.values(next_at=now + LEASE)).rowcount == 1


def _counted(status: str) -> str:
    return {"delivered": "delivered", "pending": "retry"}.get(status, "failed")


def _attempt(row: Any, post: Post, now: datetime) -> dict[str, Any]:
    body = row.body.encode()
    headers = {"Content-Type": "application/json", HEADER: sign(row.secret, body)}
    code: int | None = None
    error: str | None = None
    try:
        code = post(row.url, body, headers)
    except OSError as exc:  # refused, unreachable, timed out
        error = f"{exc.__class__.__name__}: {exc}"
    attempts = row.attempts + 1
    entry = {"at": now.isoformat(), "attempt": attempts, "code": code, "error": error}
    values: dict[str, Any] = {"attempts": attempts, "last_code": code, "last_error": error,
                              "log": [*(row.log or []), entry]}  # fmt: skip
    if code is not None and 200 <= code < 300:
        return {**values, "status": "delivered", "delivered_at": now, "next_at": None}
    if attempts > len(BACKOFF):
        return {**values, "status": "failed", "next_at": None}
    return {
        **values,
        "status": "pending",
        "next_at": now + timedelta(seconds=BACKOFF[attempts - 1]),
    }


def deliveries(conn: Connection, agency: str | None = None, status: str | None = None,
               limit: int = 100) -> list[dict[str, Any]]:  # fmt: skip
    """The delivery log, newest first."""
    d, w = at.webhook_delivery.c, at.webhook.c
    query = select(d.id, d.webhook, d.event, d.status, d.attempts, d.last_code, d.last_error,
                   d.log, d.created_at, d.delivered_at, w.url, w.agency)  # fmt: skip
    query = query.join(at.webhook, w.id == d.webhook).order_by(d.id.desc()).limit(limit)
    if agency:
        query = query.where(w.agency == agency)
    if status:
        query = query.where(d.status == status)
    return [
        {**_plain(row), "created_at": _iso(row.created_at), "delivered_at": _iso(row.delivered_at)}
        for row in conn.execute(query)
    ]


def _plain(row: Any) -> dict[str, Any]:
    """A row as a dict with plain str keys (orjson refuses SQLAlchemy's quoted names)."""
    return {str(key): value for key, value in row._mapping.items()}


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
