"""Merged profiles: one entity per cluster, every value kept with the sources stating it.

:func:`iter_profiles` streams what screening indexes: one FtM entity per
cluster (id = canonical id, ``referents`` = the member ids, ``datasets`` =
their sources) and every unclustered entity as its own profile.
:func:`profile` builds what ``interlist show`` prints for any member id: each
value with the members and sources that state it, and the properties on which
the sources disagree, side by side, never overwritten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from followthemoney.exc import InvalidData
from followthemoney.statement import StatementEntity
from sqlalchemy import Connection, Engine

from interlist.model import dataset
from interlist.resolution.clusters import cluster_map, resolve
from interlist.store import read

MERGED_DATASET = "interlist"
# Properties where two sources stating different values is worth flagging.
CONFLICT_TYPES = frozenset({"date", "country", "gender", "identifier"})


def merge(canonical_id: str, members: list[StatementEntity]) -> StatementEntity:
    """One entity holding every statement of the members, under the canonical id.

    ``referents`` always lists the member ids, a lone entity's own id included.
    """
    merged = StatementEntity(
        dataset(MERGED_DATASET), {"schema": members[0].schema.name, "id": canonical_id}
    )
    for member in members:
        for stmt in member.statements:
            copy = stmt.clone()
            copy.canonical_id = canonical_id
            try:
                merged.add_statement(copy)
            except InvalidData:  # schemata that cannot merge: keep the first's
                continue
        merged.extra_referents.add(member.id or "")
    return merged


def iter_profiles(engine: Engine) -> Iterator[StatementEntity]:
    """Every listed target as a merged profile: clusters merged, the rest alone."""
    with engine.connect() as conn:
        clusters = cluster_map(conn)
    pending: dict[str, list[StatementEntity]] = defaultdict(list)
    for entity in read.iter_entities(engine):
        cid = clusters.get(entity.id or "")
        if cid is None:
            yield merge(entity.id or "", [entity])
        else:
            pending[cid].append(entity)
    for cid, members in pending.items():
        yield merge(cid, members)


@dataclass
class Member:
    """One entity of a cluster, with its listing status per source."""

    id: str
    schema: str
    caption: str
    sources: list[str]
    listed: bool
    delisted_on: list[str] = field(default_factory=list)


@dataclass
class Profile:
    """A cluster's merged profile: per property, each value with who states it."""

    canonical_id: str
    caption: str
    schema: str
    members: list[Member]
    values: dict[str, list[dict[str, Any]]]  # prop -> [{value, sources, entities, ...}]
    conflicts: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.canonical_id,
            "caption": self.caption,
            "schema": self.schema,
            "referents": [m.id for m in self.members],
            "datasets": sorted({s for m in self.members for s in m.sources}),
            "members": [m.__dict__ for m in self.members],
            "properties": self.values,
            "conflicts": self.conflicts,
        }


def profile(conn: Connection, any_id: str) -> Profile | None:
    """The merged profile of the cluster holding `any_id` (None if there is no such id)."""
    canonical_id, member_ids = resolve(conn, any_id)
    entities = [_member_entity(conn, mid) for mid in member_ids]
    found = [e for e in entities if e is not None]
    if not found:
        return None
    merged = merge(canonical_id, found)
    members = [_member(conn, e) for e in found]
    values, conflicts = _values(merged)
    return Profile(canonical_id, merged.caption, merged.schema.name, members, values, conflicts)


def _member_entity(conn: Connection, entity_id: str) -> StatementEntity | None:
    return read.get_entity(conn, entity_id) or read.last_known(conn, entity_id)


def _member(conn: Connection, entity: StatementEntity) -> Member:
    rows = read.listings(conn, entity.id or "")
    delisted = [f"{r.source} {r.delisted_on.isoformat()}" for r in rows if r.delisted_on]
    return Member(
        id=entity.id or "",
        schema=entity.schema.name,
        caption=entity.caption,
        sources=sorted(entity.datasets),
        listed=any(r.delisted_on is None for r in rows) if rows else True,
        delisted_on=delisted,
    )


def _values(merged: StatementEntity) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for stmt in merged.statements:
        if stmt.prop == "id":
            continue
        slot = grouped[stmt.prop].setdefault(
            stmt.value,
            {"value": stmt.value, "sources": set(), "entities": set(), "original": set()},
        )
        slot["sources"].add(stmt.dataset)
        slot["entities"].add(stmt.entity_id)
        if stmt.original_value:
            slot["original"].add(stmt.original_value)
    values = {
        prop: [
            {k: sorted(v) if isinstance(v, set) else v for k, v in s.items()}
            for s in slots.values()
        ]
        for prop, slots in sorted(grouped.items())
    }
    return values, _conflicts(merged, values)


def _plain(slot: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v) if isinstance(v, set) else v for k, v in slot.items()}


def _conflicts(merged: StatementEntity, values: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Properties of a comparable kind whose values differ between the members stating them."""
    out = []
    for prop, slots in values.items():
        schema_prop = merged.schema.properties.get(prop)
        if schema_prop is None or schema_prop.type.name not in CONFLICT_TYPES:
            continue
        stating = set().union(*(set(s["entities"]) for s in slots))
        if (
            len(slots) > 1
            and len(stating) > 1
            and any(set(s["entities"]) != stating for s in slots)
        ):
            out.append(prop)
    return out
