"""What the home page tells a user about where things stand: each list's publication date
and age (stale lists flagged), the counts, and what changed since the user's last visit.

A list is *stale* when its newest version was published longer ago than its publisher's
usual interval allows: ``stale_after_days`` of the source in resources/official_lists.yml,
else the setting ``stale_days`` (INTERLIST_STALE_DAYS, 30 days). A version without a
publication date is aged from the day it was loaded, and says so. The user's last visit is
their previous login as the audit log recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from interlist.access import audit
from interlist.sources.official import official_lists
from interlist.store import tables as t
from interlist.store.db import aware
from interlist.store.read import newest_versions


@dataclass
class ListAge:
    """A list's newest version: when it was published and loaded, how old, whether stale."""

    name: str
    title: str
    published: date | None
    loaded: datetime
    age_days: int
    stale_after: int
    parties: int

    @property
    def stale(self) -> bool:
        return self.age_days > self.stale_after


@dataclass
class SinceLastVisit:
    """What was loaded since the user's previous login (None: no earlier login)."""

    since: datetime | None
    versions: list[dict[str, Any]] = field(default_factory=list)
    added: int = 0
    delisted: int = 0


def stale_after(source: str, default_days: int) -> int:
    declared = official_lists().get(source)
    return declared.stale_after_days if declared and declared.stale_after_days else default_days


def list_ages(conn: Connection, hidden: frozenset[str], default_days: int,
              today: date | None = None) -> list[ListAge]:  # fmt: skip
    """Each visible list's newest version and its age in days, oldest first, with the
    parties it lists (its `targets`, as `interlist ingest` reports them): one query, as
    this is the home page."""
    today = today or datetime.now(UTC).date()
    out = []
    for row in conn.execute(newest_versions()):
        if row.name in hidden:
            continue
        loaded = aware(row.loaded_at)
        published = row.publisher_date
        age = (today - (published or loaded.date())).days
        limit = stale_after(row.name, default_days)
        out.append(ListAge(row.name, row.title, published, loaded, age, limit, row.targets))
    return sorted(out, key=lambda a: (-a.age_days, a.name))


def previous_login(engine: Any, user: str) -> datetime | None:
    """When the user logged in before the current session (the audit log's second newest
    login of theirs), or None."""
    logins = audit.entries(engine, actor=user, action="login", limit=2, newest_first=True)
    if len(logins) < 2:
        return None
    return aware(datetime.fromisoformat(logins[1].at))


def since(conn: Connection, when: datetime | None, hidden: frozenset[str]) -> SinceLastVisit:
    """The list versions loaded after `when`, and the designated parties they added and
    delisted."""
    found = SinceLastVisit(when)
    if when is None:
        return found
    v, c, e = t.source_version.c, t.change.c, t.entity.c
    query = select(v.id, v.source, v.publisher_date, v.loaded_at).order_by(v.id)
    rows = [r for r in conn.execute(query)
            if r.source not in hidden and aware(r.loaded_at) > when]  # fmt: skip
    found.versions = [dict(r._mapping) for r in rows]
    if not rows:
        return found
    counts = (
        select(c.kind, func.count())
        .select_from(t.change.join(t.entity, e.id == c.entity_id))
        .where(c.version_id.in_([r.id for r in rows]), e.target.is_(True))
        .group_by(c.kind)
    )
    moved = {kind: int(n) for kind, n in conn.execute(counts)}
    found.added = moved.get("added", 0) + moved.get("relisted", 0)
    found.delisted = moved.get("delisted", 0)
    return found
