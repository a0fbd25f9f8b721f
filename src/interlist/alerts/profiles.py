"""The listed side of an alert: a designated entity as screening compares it.

A :class:`Profile` is an entity's open statements reduced to what the matcher reads
(names, birth dates, identifiers, countries): its *matched data*. Its digest says
whether that data changed since a pair was cleared; :func:`changes` says how (a new
alias, a birth date, a document...).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from followthemoney import model as ftm_model
from sqlalchemy import Connection, func, select

from interlist.store import tables as t
from interlist.store.db import chunked

# The property types the matcher reads; other facts (remarks, sanctions) never re-alert.
MATCHED_TYPES = ("name", "identifier", "country", "date")
MATCHED_DATES = ("birthDate", "incorporationDate")


@dataclass
class Profile:
    """A listed target as screened: its matched data, sources and newest version."""

    id: str
    schema: str
    caption: str
    props: dict[str, list[str]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    version: int | None = None  # the newest list version that changed its statements

    def mapping(self) -> dict[str, Any]:
        return {"schema": self.schema, "properties": self.props}

    @property
    def digest(self) -> str:
        return data_digest(self.props)


def data_digest(props: dict[str, list[str]]) -> str:
    data = {k: sorted(set(v)) for k, v in props.items() if v}
    return hashlib.sha1(orjson.dumps(data, option=orjson.OPT_SORT_KEYS)).hexdigest()


def matched(schema: str, prop: str) -> bool:
    """Whether the matcher reads this property of this schema."""
    found = ftm_model.get(schema)
    spec = found.get(prop) if found else None
    if spec is None:
        return False
    if spec.type.name == "date":
        return prop in MATCHED_DATES
    return spec.type.name in MATCHED_TYPES


def listed_targets(conn: Connection, entity_ids: Iterable[str]) -> list[Profile]:
    """The profiles of those of these entities that are listed designated parties."""
    e = t.entity.c
    found: list[Profile] = []
    for batch in chunked(sorted(set(entity_ids)), 900):
        query = select(e.id, e.schema, e.caption).where(
            e.id.in_(batch), e.target.is_(True), e.listed.is_(True)
        )
        heads = {row.id: Profile(row.id, row.schema, row.caption) for row in conn.execute(query)}
        _fill(conn, heads)
        found.extend(heads[eid] for eid in sorted(heads))
    return [p for p in found if p.props.get("name")]


def all_listed_targets(conn: Connection, sources: Iterable[str] | None = None) -> Iterator[Profile]:
    """Every listed designated party (of these sources, if given), in batches."""
    e, c = t.entity.c, t.listing.c
    query = select(e.id).where(e.target.is_(True), e.listed.is_(True)).order_by(e.id)
    if sources is not None:
        listed = select(c.entity_id).where(c.source.in_(list(sources)), c.delisted_on.is_(None))
        query = query.where(e.id.in_(listed))
    ids = list(conn.scalars(query))
    for batch in chunked(ids, 2000):
        yield from listed_targets(conn, batch)


def _fill(conn: Connection, heads: dict[str, Profile]) -> None:
    if not heads:
        return
    s, c = t.statement.c, t.listing.c
    ids = list(heads)
    query = select(s.entity_id, s.schema, s.prop, s.value).where(
        s.entity_id.in_(ids), s.active.is_(True)
    )
    for eid, _schema, prop, value in conn.execute(query):
        if matched(heads[eid].schema, prop):
            heads[eid].props.setdefault(prop, []).append(value)
    for profile in heads.values():
        profile.props = {k: sorted(set(v)) for k, v in sorted(profile.props.items())}
    listed = select(c.entity_id, c.source).where(c.entity_id.in_(ids), c.delisted_on.is_(None))
    for eid, source in conn.execute(listed):
        heads[eid].sources.add(source)
    newest = select(s.entity_id, func.max(s.first_version)).where(
        s.entity_id.in_(ids), s.active.is_(True)
    )
    for eid, version in conn.execute(newest.group_by(s.entity_id)):
        heads[eid].version = version


def changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, Any]:
    """What the matched data gained and lost: ``{"added": {prop: [values]}, "removed": ...}``."""
    found: dict[str, dict[str, list[str]]] = {"added": {}, "removed": {}}
    for prop in sorted(set(before) | set(after)):
        old, new = set(before.get(prop, [])), set(after.get(prop, []))
        if new - old:
            found["added"][prop] = sorted(new - old)
        if old - new:
            found["removed"][prop] = sorted(old - new)
    return found
