"""`interlist check`: the databank's invariants, verified, and what is wrong said plainly.

Each check reads the databank and returns the problems it finds (an empty list when the
invariant holds). They are what a write interrupted half-way would break, and what the
crash harness (``benchmarks/crash.py``) and a restore rely on:

- *versions complete*: the statements a source states now are exactly those of its newest
  version (its recorded count, all marked with it); every open listing is marked with it;
- *statements consistent*: every statement belongs to a known entity and version;
- *entities consistent*: an entity is "listed" exactly when one of its listings is open;
- *clusters consistent*: the stored clusters are those the open judgements make;
- *lifecycles consistent*: each record's status is the one its newest event gave it;
- *audit chain*: the hash-chained log is complete and unaltered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, and_, exists, func, select

from interlist.access import audit
from interlist.lifecycle.records import inconsistent
from interlist.resolution.clusters import cluster_map, load_resolver
from interlist.store import tables as t

SHOWN = 20  # problems listed per check; the rest are counted


@dataclass
class Finding:
    """The outcome of one check: its name, what it verified, and its problems."""

    name: str
    title: str
    problems: list[str] = field(default_factory=list)
    more: int = 0  # problems beyond those listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"check": self.name, "title": self.title, "ok": self.ok,
                "problems": self.problems, "more": self.more}  # fmt: skip


def _versions(conn: Connection) -> list[str]:
    v, s, li = t.source_version.c, t.statement.c, t.listing.c
    newest = dict(conn.execute(select(v.source, func.max(v.id)).group_by(v.source)).all())
    recorded = dict(conn.execute(select(v.id, v.statements).where(v.id.in_(newest.values()))).all())
    active: dict[str, int] = dict(
        conn.execute(
            select(s.source, func.count()).where(s.active.is_(True)).group_by(s.source)
        ).all()
    )
    problems = []
    for source, version in sorted(newest.items()):
        if active.get(source, 0) != recorded[version]:
            problems.append(
                f"source {source}: version {version} recorded {recorded[version]} statements, "
                f"but {active.get(source, 0)} are in force"
            )
    stale = select(s.source, func.count()).where(
        s.active.is_(True), s.last_version != _newest_of(s.source)
    )
    for source, count in conn.execute(stale.group_by(s.source)):
        problems.append(f"source {source}: {count} statements in force not marked with its newest "
                        "version")  # fmt: skip
    open_stale = select(li.source, func.count()).where(
        li.delisted_on.is_(None), li.last_version != _newest_of(li.source)
    )
    for source, count in conn.execute(open_stale.group_by(li.source)):
        problems.append(f"source {source}: {count} open listings not marked with its newest "
                        "version")  # fmt: skip
    return problems


def _newest_of(source_column: object) -> object:
    v = t.source_version.c
    return select(func.max(v.id)).where(v.source == source_column).scalar_subquery()


def _statements(conn: Connection) -> list[str]:
    s, e, v = t.statement.c, t.entity.c, t.source_version.c
    orphans = select(s.entity_id).where(~exists().where(e.id == s.entity_id)).distinct()
    problems = [f"statements of entity {eid}, which the databank does not know"
                for eid in conn.scalars(orphans.limit(SHOWN + 1))]  # fmt: skip
    unknown = select(func.count()).where(
        ~exists().where(and_(v.id == s.last_version, v.source == s.source))
    )
    count = conn.scalar(unknown.select_from(t.statement)) or 0
    if count:
        problems.append(f"{count} statements refer to a version of another source or none")
    return problems


def _entities(conn: Connection) -> list[str]:
    e, li = t.entity.c, t.listing.c
    is_open = exists().where(li.entity_id == e.id, li.delisted_on.is_(None))
    wrong = select(e.id, e.listed).where(
        (e.listed.is_(True) & ~is_open) | (e.listed.is_(False) & is_open)
    )
    return [
        f"entity {eid} is marked {'listed' if listed else 'delisted'}, but its listings say "
        f"{'delisted' if listed else 'listed'}"
        for eid, listed in conn.execute(wrong.limit(SHOWN + 1))
    ]


def _clusters(conn: Connection) -> list[str]:
    stored: dict[str, set[str]] = {}
    for member, canonical in cluster_map(conn).items():
        stored.setdefault(canonical, set()).add(member)
    derived = {frozenset(c) for c in load_resolver(conn).clusters()}
    kept = {frozenset(c) for c in stored.values()}
    problems = [f"the judgements join {', '.join(sorted(c))}, but the stored clusters do not"
                for c in sorted(derived - kept, key=sorted)]  # fmt: skip
    problems += [f"a stored cluster joins {', '.join(sorted(c))}, which the judgements do not"
                 for c in sorted(kept - derived, key=sorted)]  # fmt: skip
    return problems


CHECKS: tuple[tuple[str, str, Callable[[Connection], list[str]]], ...] = (
    ("versions", "each source's statements in force are those of its newest version", _versions),
    ("statements", "every statement belongs to a known entity and version", _statements),
    ("entities", "an entity is listed exactly when one of its listings is open", _entities),
    ("clusters", "the stored clusters are those the judgements make", _clusters),
    ("lifecycles", "each record's status is the one its newest event gave it", inconsistent),
)


def check(engine: Engine) -> list[Finding]:
    """Every invariant, each with its problems (none: the databank is consistent)."""
    findings = []
    with engine.connect() as conn:
        for name, title, run in CHECKS:
            problems = run(conn)
            findings.append(Finding(name, title, problems[:SHOWN], max(0, len(problems) - SHOWN)))
    verdict = audit.verify(engine)
    chain = Finding("audit", f"the audit log's hash chain is complete ({verdict.entries} entries)")
    if not verdict.ok:
        chain.problems.append(verdict.reason)
    findings.append(chain)
    return findings
