"""An entity's profile as the web page shows it: every fact with its provenance.

A profile is the entity and, when analysts merged it with others, every member
of its cluster. Facts are grouped as the analysts read them: names by script,
dates, documents and identifiers, addresses, sanctions (authority, programme,
legal basis, listed on, reference), relationships (links to the other party),
other facts; each fact carries its source, list version and dates. Facts from
sources the visitor's agency may not see are left out; an entity with nothing
left is not found.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from followthemoney import model as ftm_model
from sqlalchemy import Connection, select

from interlist.resolution import resolve
from interlist.store import read
from interlist.store import tables as t

SANCTION_PROPS = ("authority", "program", "programId", "reason", "provisions", "listingDate",
                  "startDate", "endDate", "unscId", "authorityId", "status", "summary")  # fmt: skip
DOCUMENT_SCHEMATA = ("Identification", "Passport")


@cache
def ref_props() -> tuple[str, ...]:
    """Every FtM property that points at another entity."""
    names = {p.name for s in ftm_model.schemata.values() for p in s.properties.values()
             if p.type.name == "entity"}  # fmt: skip
    return tuple(sorted(names))


def script_of(text: str) -> str:
    """The script of the first letter of a name: Latin, Cyrillic, Arabic, CJK, ..."""
    for char in text:
        if char.isalpha():
            word = unicodedata.name(char, "OTHER").split(" ")[0]
            return "CJK" if word == "CJK" else word.title()
    return "Other"


@dataclass
class Fact:
    """One statement as shown: property, value and where it comes from."""

    prop: str
    label: str
    value: str
    original: str | None
    lang: str | None
    source: str
    version: int
    first_seen: str
    last_seen: str
    active: bool
    entity_id: str


@dataclass
class Related:
    """An entity linked to the profile: a sanction, document, address or relationship."""

    id: str
    schema: str
    kind: str  # sanction / document / address / relationship
    facts: dict[str, list[Fact]]
    others: list[str] = field(default_factory=list)  # ids of the other parties


@dataclass
class ProfileView:
    id: str
    caption: str
    schema: str
    members: list[str]
    names: dict[str, list[Fact]]
    dates: list[Fact]
    identifiers: list[Fact]
    addresses: list[Fact]
    other: list[Fact]
    related: list[Related]
    timeline: list[Any]
    versions: dict[int, Any]
    listings: list[Any]

    @property
    def sources(self) -> list[str]:
        return sorted({f.source for fs in self.names.values() for f in fs})


def _fact(row: Any) -> Fact:
    schema = ftm_model.get(row.schema)
    prop = schema.get(row.prop) if schema else None
    return Fact(row.prop, prop.label if prop else row.prop, row.value, row.original_value,
                row.lang, row.source, row.first_version, row.first_seen.isoformat()[:10],
                row.last_seen.isoformat()[:10], bool(row.active), row.entity_id)  # fmt: skip


def _rows(conn: Connection, ids: list[str], hidden: frozenset[str]) -> list[Any]:
    s = t.statement.c
    query = select(t.statement).where(s.entity_id.in_(ids)).order_by(s.prop, s.first_version)
    if hidden:
        query = query.where(s.source.not_in(sorted(hidden)))
    return list(conn.execute(query))


def build(conn: Connection, any_id: str, hidden: frozenset[str]) -> ProfileView | None:
    """The profile of an entity (or of the cluster it belongs to), or None."""
    canonical, members = resolve(conn, any_id)
    rows = _rows(conn, members, hidden)
    if not rows:
        return None
    facts = [_fact(r) for r in rows if r.prop != "id"]
    schema = _schema(rows)
    view = _group(canonical, schema, members, facts)
    view.related = _related(conn, members, facts, hidden)
    view.timeline = _timeline(conn, members, hidden)
    view.listings = [x for m in members for x in read.listings(conn, m) if x.source not in hidden]
    used = {f.version for f in facts} | {f.version for r in view.related
                                         for fs in r.facts.values() for f in fs}  # fmt: skip
    view.versions = _versions(conn, used)
    return view


def _schema(rows: list[Any]) -> str:
    names = {r.schema for r in rows}
    schemata = [ftm_model.get(n) for n in names]
    best = [s for s in schemata if s is not None and not any(o.is_a(s.name) and o is not s
                                                             for o in schemata if o)]  # fmt: skip
    return best[0].name if best else sorted(names)[0]


def _group(canonical: str, schema: str, members: list[str], facts: list[Fact]) -> ProfileView:
    model = ftm_model.get(schema)
    names: dict[str, list[Fact]] = defaultdict(list)
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        prop = model.get(fact.prop) if model else None
        kind = prop.type.name if prop else "string"
        if kind == "name":
            names[script_of(fact.value)].append(fact)
        elif kind in ("date", "identifier", "address", "entity"):
            groups[kind].append(fact)
        else:
            groups["other"].append(fact)
    caption = next((f.value for f in facts if f.prop == "name" and f.active), canonical)
    return ProfileView(canonical, caption, schema, members, dict(names), groups["date"],
                       groups["identifier"], groups["address"], groups["other"], [], [], {},
                       [])  # fmt: skip


def _related(conn: Connection, members: list[str], facts: list[Fact],
             hidden: frozenset[str]) -> list[Related]:  # fmt: skip
    """Entities pointing at the members (sanctions, documents, links) or pointed at by them."""
    s = t.statement.c
    query = select(s.entity_id).where(
        s.value.in_(members), s.prop.in_(ref_props()), s.active.is_(True)
    )
    ids = set(conn.scalars(query)) | {f.value for f in facts if f.prop in ref_props()}
    ids -= set(members)
    if not ids:
        return []
    by_entity: dict[str, list[Any]] = defaultdict(list)
    for row in _rows(conn, sorted(ids), hidden):
        by_entity[row.entity_id].append(row)
    linked = [_linked(eid, rows, members) for eid, rows in by_entity.items()]
    return sorted((r for r in linked if r.facts), key=lambda r: (r.kind, r.id))


def _linked(entity_id: str, rows: list[Any], members: list[str]) -> Related:
    schema = _schema(rows)
    facts: dict[str, list[Fact]] = defaultdict(list)
    for row in rows:
        if row.active:
            facts[row.prop].append(_fact(row))
    model = ftm_model.get(schema)
    kind = "relationship"
    if model is not None and model.is_a("Sanction"):
        kind = "sanction"
    elif schema in DOCUMENT_SCHEMATA:
        kind = "document"
    elif schema == "Address":
        kind = "address"
    others = sorted(
        {f.value for p, fs in facts.items() if p in ref_props() for f in fs} - set(members)
    )
    return Related(entity_id, schema, kind, dict(facts), others)


def _timeline(conn: Connection, members: list[str], hidden: frozenset[str]) -> list[Any]:
    events = [e for m in members for e in read.history(conn, m) if e.source not in hidden]
    return sorted(events, key=lambda e: (e.when, e.version_id))


def _versions(conn: Connection, ids: set[int]) -> dict[int, Any]:
    v = t.source_version.c
    query = select(v.id, v.source, v.file_name, v.publisher_date, v.loaded_at)
    return {r.id: r for r in conn.execute(query.where(v.id.in_(sorted(ids))))}
