"""The visitor's open work, shown on the home page: what waits for their state or agency
and what is overdue, each a count that opens the list behind it.

Each domain adds a provider to :data:`PROVIDERS`: a function of a connection and the
visitor's actor returning ``(message key, count, link)`` items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from interlist.cooperation import actor_for, recognition
from interlist.lifecycle import Actor
from interlist.web import PREFIX

Item = tuple[str, int, str]


def _recognition(conn: Connection, actor: Actor) -> list[Item]:
    if actor.centre:
        late = recognition.search(conn, actor, overdue=True, limit=10_000)
        return [("work_rec_overdue", len(late), f"{PREFIX}/recognition?overdue=true")]
    if not actor.state:
        return []
    waiting = recognition.search(conn, actor, to_state=actor.state, status="requested",
                                 limit=10_000)  # fmt: skip
    late = recognition.search(conn, actor, overdue=True, limit=10_000)
    return [
        ("work_rec_waiting", len(waiting), f"{PREFIX}/recognition"),
        ("work_rec_overdue", len(late), f"{PREFIX}/recognition?overdue=true"),
    ]


def _freezes(conn: Connection, actor: Actor) -> list[Item]:
    from interlist.freezes.register import count_reviews

    if not actor.state:
        return []
    return [("work_freeze_reviews", count_reviews(conn, actor), f"{PREFIX}/freezes")]


def _notices(conn: Connection, actor: Actor) -> list[Item]:
    from interlist.notices import hits
    from interlist.notices.records import search

    items: list[Item] = []
    if actor.centre:
        waiting = search(conn, actor, status="submitted", limit=10_000)
        items.append(("work_notices_review", len(waiting), f"{PREFIX}/notices?view=review"))
    if actor.state:
        mine = [h for h in hits.search(conn, actor, status="open", limit=10_000)
                if h.get("issuing_state") == actor.state]  # fmt: skip
        late = hits.search(conn, actor, overdue=True, limit=10_000)
        items.append(("work_hits_open", len(mine), f"{PREFIX}/notices?view=hits"))
        items.append(("work_hits_overdue", len(late), f"{PREFIX}/notices?view=hits"))
    return items


def _alerts(conn: Connection, actor: Actor) -> list[Item]:
    from interlist.alerts.decisions import counts

    found = counts(conn, None if actor.centre else actor.agency)
    return [
        ("work_alerts_open", found["open"], f"{PREFIX}/alerts"),
        ("work_alerts_overdue", found["overdue"], f"{PREFIX}/alerts?status=&overdue=true"),
    ]


def _review(conn: Connection, actor: Actor) -> list[Item]:
    """xref's pairs waiting for an analyst's judgement (for those who may judge)."""
    from interlist.resolution.review import pending

    if "judge" not in actor.permissions:
        return []
    return [("work_review_pending", len(pending(conn)), f"{PREFIX}/review")]


PROVIDERS: list[Callable[[Connection, Actor], list[Item]]] = [
    _recognition,
    _freezes,
    _notices,
    _alerts,
    _review,
]


def open_work(conn: Connection, user: Any) -> list[Item]:
    """Every provider's items for this user (counts of zero left out)."""
    actor = actor_for(conn, user.name, user.agency, user.role)
    return [item for provider in PROVIDERS for item in provider(conn, actor) if item[1]]
