"""Clusters derived from judgements, and the stable canonical ids they carry.

:class:`Resolver` is the in-memory view of the open judgements: which ids are
connected by *same* judgements, and what is known between two clusters.
:func:`recluster` derives the clusters and gives each one a canonical id
``NK-<hex>``: a cluster keeps the id most of its members had before, so ids
survive re-ingests, new members and undone judgements; an id no cluster keeps
any more is retired, with the id that took over its members.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from interlist.resolution.judgements import Judgement, now, open_judgements, pair
from interlist.store.resolution_tables import canonical, cluster_member


def mint() -> str:
    """A new canonical id."""
    return f"NK-{uuid.uuid4().hex[:22]}"


class Resolver:
    """Union-find over the open *same* judgements, with the other judgements beside it."""

    def __init__(self, rows: Iterable[Any] = ()) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.edges: dict[tuple[str, str], str] = {}
        self.against: dict[str, set[str]] = defaultdict(set)  # negative neighbours
        for row in rows:
            self.add(row.left_id, row.right_id, Judgement(row.judgement))

    def find(self, node: str) -> str:
        root = self.parent.get(node, node)
        while root != self.parent.get(root, root):
            root = self.parent.get(root, root)
        if root != node:
            self.parent[node] = root
        return root

    def connected(self, node: str) -> set[str]:
        return set(self.members.get(self.find(node), {node}))

    def add(self, a: str, b: str, judgement: Judgement) -> None:
        self.edges[pair(a, b)] = judgement.value
        if judgement is Judgement.NEGATIVE:
            self.against[a].add(b)
            self.against[b].add(a)
        elif judgement is Judgement.POSITIVE:
            self.union(a, b)

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        small, big = sorted((ra, rb), key=lambda r: len(self.members.get(r, ())))
        merged = self.members.pop(big, {big}) | self.members.pop(small, {small})
        self.parent[small] = big
        self.members[big] = merged

    def judgement(self, a: str, b: str) -> Judgement | None:
        """What is known between the clusters of a and b (None: nothing)."""
        if self.find(a) == self.find(b):
            return Judgement.POSITIVE
        if not self.can_merge(a, b):
            return Judgement.NEGATIVE
        left, right = self.connected(a), self.connected(b)
        for x in left:
            for y in right:
                found = self.edges.get((x, y) if x < y else (y, x))
                if found is not None:
                    return Judgement(found)
        return None

    def can_merge(self, a: str, b: str) -> bool:
        """False if any member of a's cluster was judged not the same as one of b's."""
        rb = self.find(b)
        return not any(
            self.find(other) == rb for x in self.connected(a) for other in self.against.get(x, ())
        )

    def clusters(self) -> list[set[str]]:
        return [set(m) for m in self.members.values() if len(m) > 1]


def load_resolver(conn: Connection) -> Resolver:
    return Resolver(open_judgements(conn))


def recluster(conn: Connection) -> dict[str, int]:
    """Derive the clusters again and store their canonical ids; returns counts of changes."""
    when = now()
    comps = sorted(load_resolver(conn).clusters(), key=lambda c: (-len(c), min(c)))
    old = {r.entity_id: r.canonical_id for r in conn.execute(select(cluster_member))}
    assigned: dict[str, str] = {}
    claimed: set[str] = set()
    for comp in comps:
        cid = _choose(comp, old, claimed)
        claimed.add(cid)
        assigned.update((m, cid) for m in comp)
    _write_members(conn, old, assigned, when)
    return _write_canonicals(conn, old, assigned, claimed, when)


def _choose(comp: set[str], old: dict[str, str], claimed: set[str]) -> str:
    votes = Counter(old[m] for m in comp if m in old)
    for cid, _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if cid not in claimed:
            return cid
    return mint()


def _write_members(
    conn: Connection, old: dict[str, str], assigned: dict[str, str], when: datetime
) -> None:
    gone = [m for m, cid in old.items() if assigned.get(m) != cid]
    for start in range(0, len(gone), 1000):
        chunk = gone[start : start + 1000]
        conn.execute(delete(cluster_member).where(cluster_member.c.entity_id.in_(chunk)))
    rows = [
        {"entity_id": m, "canonical_id": cid, "since": when}
        for m, cid in assigned.items()
        if old.get(m) != cid
    ]
    if rows:
        conn.execute(cluster_member.insert(), rows)


def _write_canonicals(
    conn: Connection,
    old: dict[str, str],
    assigned: dict[str, str],
    claimed: set[str],
    when: datetime,
) -> dict[str, int]:
    known = set(conn.scalars(select(canonical.c.id)))
    new = sorted(claimed - known)
    if new:
        conn.execute(canonical.insert(), [{"id": c, "created_at": when} for c in new])
    retired = sorted(set(old.values()) - claimed)
    for cid in retired:
        heirs = Counter(assigned[m] for m, c in old.items() if c == cid and m in assigned)
        heir = heirs.most_common(1)[0][0] if heirs else None
        query = update(canonical).where(canonical.c.id == cid)
        conn.execute(query.values(retired_at=when, replaced_by=heir))
    return {"clusters": len(claimed), "new": len(new), "retired": len(retired)}


def cluster_map(conn: Connection) -> dict[str, str]:
    """Every clustered entity id -> its canonical id."""
    return {r.entity_id: r.canonical_id for r in conn.execute(select(cluster_member))}


def resolve(conn: Connection, any_id: str) -> tuple[str, list[str]]:
    """(canonical id, member ids) for an entity id or a canonical id (current or retired).

    An entity in no cluster is its own canonical id and only member.
    """
    cm, cn = cluster_member.c, canonical.c
    cid = conn.scalar(select(cm.canonical_id).where(cm.entity_id == any_id))
    if cid is None and any_id.startswith("NK-"):
        cid = any_id
        for _ in range(100):  # follow retired ids to the one that took over
            heir = conn.scalar(select(cn.replaced_by).where(cn.id == cid))
            if heir is None:
                break
            cid = heir
    if cid is None:
        return any_id, [any_id]
    members = sorted(conn.scalars(select(cm.entity_id).where(cm.canonical_id == cid)))
    return (cid, members) if members else (any_id, [any_id])
