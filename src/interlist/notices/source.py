"""The ``notices`` source: the subjects of the notices being screened, as a list.

Whenever the set of screened notices changes (published, withdrawn, expired,
closed), :func:`reload` loads it as a new version of the source ``notices`` in
the caller's transaction, so that delisting and history come from the ingest
like any list's. A server whose index is older than that still must not find a
notice that stopped: :func:`stopped` is the cheap query it asks (see
``interlist.api.notice_hits``).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, or_, select

from interlist.notices import subject, terms
from interlist.sources.base import ParsedSource, SourceInfo
from interlist.store import lifecycle_tables as lt
from interlist.store import notice_tables as nt
from interlist.store.ingest import LoadResult, load_in, snapshot

SCREENED = ("published", "located", "detained")  # the `in_force` statuses of notice.yml
INFO = SourceInfo(
    subject.SOURCE, "Inter-state wanted notices", "Member states (reviewed by the centre)"
)


def screened_rows(conn: Connection, at: datetime | None = None) -> list[Any]:
    """The notices screened now: in a screened status and not past their expiry."""
    r, n = lt.lc_record.c, nt.notice.c
    columns = (r.id, r.status, n.entity_id, n.subject, n.category, n.issuing_state, n.action)
    query = (
        select(*columns, n.warnings)
        .join(nt.notice, n.record_id == r.id)
        .where(r.status.in_(SCREENED))
        .where(or_(r.due_at.is_(None), r.due_kind != "expiry", r.due_at >= (at or _now())))
        .order_by(r.id)
    )
    return list(conn.execute(query))


def stopped(conn: Connection) -> set[str]:
    """The subjects of notices once published and no longer screened."""
    n = nt.notice.c
    ever = select(n.entity_id).where(n.published_at.is_not(None))
    live = {row.entity_id for row in screened_rows(conn)}
    return set(conn.scalars(ever)) - live


def entities(conn: Connection) -> list[Any]:
    """The screened subjects as FtM entities of the source ``notices``."""
    return [
        subject.entity(row.entity_id, row.subject, terms.topic_of(row.category))
        for row in screened_rows(conn)
    ]


def reload(conn: Connection) -> LoadResult:
    """Load the screened subjects as a new version of ``notices`` (in this transaction)."""
    found = entities(conn)
    parsed = ParsedSource(INFO, Path("notices"), date.today(), found)
    digest = hashlib.sha256()
    for entity in found:
        for stmt in entity.statements:
            digest.update(str(stmt.id).encode())
    outcome = load_in(conn, snapshot(parsed, digest.hexdigest(), "notices"))
    _monitor(conn, outcome)
    return outcome


def _monitor(conn: Connection, outcome: LoadResult) -> None:
    """A newly published subject is screened against the monitored subjects at once
    (interlist.alerts), like any new designation."""
    from interlist.alerts.monitor import screen_ingested

    screen_ingested(conn, outcome)


def _now() -> datetime:
    return datetime.now(UTC)
