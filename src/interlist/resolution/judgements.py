"""Analysts' judgements on pairs of entities: decide, undo, read the history.

A judgement is a row; nothing is ever deleted. Deciding a pair again closes
the pair's open judgement and opens a new one; undoing closes it. After every
change the clusters (connected components of the open *same* judgements) are
derived again by :func:`interlist.resolution.clusters.recluster`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from interlist.errors import InvalidInputError, NotFoundError
from interlist.store.resolution_tables import judgement as jt


class Judgement(StrEnum):
    """What an analyst (or xref) says about a pair of entities."""

    POSITIVE = "positive"  # the same real person or organisation
    NEGATIVE = "negative"  # not the same: never suggest or merge again
    UNSURE = "unsure"  # looked at, undecided: not suggested again


class Origin(StrEnum):
    """Who made a judgement: an analyst, xref's auto-merge, an explicit reference, an import."""

    ANALYST = "analyst"
    AUTO = "auto"
    EXPLICIT = "explicit"
    IMPORT = "import"


def parse_judgement(text: str) -> Judgement:
    """`same`/`positive`, `not-same`/`negative`, `unsure` -> Judgement."""
    aliases = {"same": "positive", "not-same": "negative", "not_same": "negative"}
    try:
        return Judgement(aliases.get(text.lower(), text.lower()))
    except ValueError as exc:
        raise InvalidInputError(f"unknown judgement {text!r}", "judgement") from exc


def pair(a: str, b: str) -> tuple[str, str]:
    """A pair of ids in canonical order; the same pair either way round."""
    if a == b:
        raise InvalidInputError(f"cannot judge {a} against itself", "pair")
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Decision:
    """One judgement to record."""

    left: str
    right: str
    judgement: Judgement
    user: str
    origin: Origin = Origin.ANALYST
    score: float | None = None
    reason: str | None = None
    created_at: datetime | None = None


def now() -> datetime:
    return datetime.now(UTC)


def record(conn: Connection, decisions: Iterable[Decision], fresh: bool = False) -> int:
    """Record decisions (closing each pair's open judgement first); returns how many.

    `fresh` says that no pair has an open judgement yet (xref checks this), so
    that the rows are inserted in bulk.
    """
    rows = []
    for d in decisions:
        left, right = pair(d.left, d.right)
        when = d.created_at or now()
        if not fresh:
            _close(conn, left, right, d.user, when)
        rows.append(_row(d, left, right, when))
    for start in range(0, len(rows), 2000):
        conn.execute(jt.insert(), rows[start : start + 2000])
    return len(rows)


def _row(d: Decision, left: str, right: str, when: datetime) -> dict[str, Any]:
    return {
        "left_id": left,
        "right_id": right,
        "judgement": d.judgement.value,
        "origin": d.origin.value,
        "score": d.score,
        "user": d.user,
        "created_at": when,
        "deleted_at": None,
        "deleted_by": None,
        "reason": d.reason,
    }


def _close(conn: Connection, left: str, right: str, user: str, when: datetime) -> int:
    c = jt.c
    query = (
        update(jt)
        .where(c.left_id == left, c.right_id == right, c.deleted_at.is_(None))
        .values(deleted_at=when, deleted_by=user)
    )
    return conn.execute(query).rowcount or 0


def undo(conn: Connection, a: str, b: str, user: str) -> None:
    """Close the open judgement on a pair (it stays in the history)."""
    left, right = pair(a, b)
    if not _close(conn, left, right, user, now()):
        raise NotFoundError(f"no open judgement on {left} / {right}")


def open_judgements(conn: Connection, kinds: Iterable[Judgement] | None = None) -> list[Any]:
    """Every open judgement (optionally only of some kinds), oldest first."""
    c = jt.c
    query = select(jt).where(c.deleted_at.is_(None)).order_by(c.id)
    if kinds is not None:
        query = query.where(c.judgement.in_([k.value for k in kinds]))
    return list(conn.execute(query))


def open_judgement(conn: Connection, a: str, b: str) -> Any | None:
    """The open judgement on exactly this pair, if any."""
    left, right = pair(a, b)
    c = jt.c
    query = select(jt).where(c.left_id == left, c.right_id == right, c.deleted_at.is_(None))
    return conn.execute(query).first()


def history(conn: Connection, entity_ids: Iterable[str] | None = None) -> list[Any]:
    """Every judgement ever made (undone ones too), optionally touching some ids, oldest first."""
    c = jt.c
    query = select(jt).order_by(c.created_at, c.id)
    if entity_ids is not None:
        ids = list(entity_ids)
        query = query.where(or_(c.left_id.in_(ids), c.right_id.in_(ids)))
    return list(conn.execute(query))


def last_open_by(conn: Connection, user: str) -> Any | None:
    """The newest open judgement an analyst made (what `undo` in review takes back)."""
    c = jt.c
    query = (
        select(jt)
        .where(and_(c.user == user, c.deleted_at.is_(None)))
        .order_by(c.id.desc())
        .limit(1)
    )
    return conn.execute(query).first()
