"""An entity's profile as the web page shows it: every fact with its provenance.

A profile is the entity and, when analysts merged it with others, every member
of its cluster. Facts are grouped as the analysts read them: names by script,
dates, documents and identifiers, addresses, sanctions (authority, programme,
legal basis, listed on, reference), relationships (links to the other party),
other facts; each fact carries its source, list version and dates. Facts from
sources the visitor's agency may not see are left out; an entity with nothing
left is not found.

A profile reads as one person: a fact several lists (or several members) state is
shown once with every source beside it (:attr:`Fact.also`), a document two lists
give is one row, table columns no row fills are left out, and the timeline runs in
the order the lists published their versions, each change in words.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
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
    also: list[Fact] = field(default_factory=list)  # the same fact as other lists state it

    @property
    def sources(self) -> list[str]:
        return sorted({self.source, *(f.source for f in self.also)})

    @property
    def stated(self) -> bool:
        """Whether any list still states it."""
        return self.active or any(f.active for f in self.also)


@dataclass
class Related:
    """An entity linked to the profile: a sanction, document, address or relationship."""

    id: str
    schema: str
    kind: str  # sanction / document / address / relationship
    facts: dict[str, list[Fact]]
    others: list[str] = field(default_factory=list)  # ids of the other parties


@dataclass
class Table:
    """Linked records (documents, sanctions) as rows, only the columns some row fills;
    rows that say the same thing are one row with every source."""

    columns: list[str]  # message keys of the headers
    rows: list[tuple[list[str], Fact]]  # cells, and the fact whose provenance is shown


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
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        return sorted({s for fs in self.names.values() for f in fs for s in f.sources})

    def label(self, prop: str) -> str:
        """A property's label (FtM's) on this profile's schema."""
        return _label(self.schema, prop)


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
    view = _group(canonical, schema, members, once(facts))
    view.related = _related(conn, members, facts, hidden)
    view.tables = {kind: table(view.related, kind) for kind in TABLES}
    view.timeline = _timeline(conn, members, hidden)
    view.listings = [x for m in members for x in read.listings(conn, m) if x.source not in hidden]
    used = {f.version for f in facts} | {f.version for r in view.related
                                         for fs in r.facts.values() for f in fs}  # fmt: skip
    view.versions = _versions(conn, used)
    return view


def once(facts: list[Fact]) -> list[Fact]:
    """Each fact once: the same property and value (letter case and spacing aside) from
    several lists or members is one fact, the others kept in its `also`; a fact still
    stated leads."""
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[(fact.prop, " ".join(fact.value.casefold().split()))].append(fact)
    out = []
    for same in groups.values():
        same.sort(key=lambda f: (not f.active, f.source, f.version))
        head = same[0]
        head.also = [f for f in same[1:] if (f.source, f.version) != (head.source, head.version)
                     or f.entity_id != head.entity_id]  # fmt: skip
        out.append(head)
    return out


# Columns of the linked-record tables: (header key, the properties giving the cell).
TABLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "document": [("kind", ("type",)), ("number", ("number",)), ("country", ("country",)),
                 ("dates", ("startDate", "endDate"))],
    "sanction": [("authority", ("authority", "country")), ("program", ("program", "programId")),
                 ("legal_basis", ("provisions", "reason")),
                 ("listed_on", ("listingDate", "startDate")),
                 ("reference", ("unscId", "authorityId"))],
}  # fmt: skip


def _cell(facts: dict[str, list[Fact]], props: tuple[str, ...]) -> str:
    values = [f.value for p in props for f in facts.get(p, [])]
    return "; ".join(dict.fromkeys(values))


def table(related: list[Related], kind: str) -> Table:
    """The linked records of one kind as a table without empty columns; records whose
    cells are all the same (one passport given by two lists) are one row."""
    columns = TABLES[kind]
    rows: dict[tuple[str, ...], Fact] = {}
    for r in (r for r in related if r.kind == kind):
        cells = tuple(_cell(r.facts, props) for _, props in columns)
        if kind == "document" and not cells[0]:
            cells = (r.schema, *cells[1:])
        fact = next(iter(r.facts.values()))[0]
        if cells in rows:
            rows[cells].also.append(fact)
        else:
            rows[cells] = replace(fact, also=[])
    filled = [i for i in range(len(columns)) if any(cells[i] for cells in rows)]
    return Table([columns[i][0] for i in filled],
                 [([cells[i] for i in filled], fact) for cells, fact in rows.items()])  # fmt: skip


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


@dataclass
class Event:
    """One entry of the timeline: a list version that added, changed or delisted the
    entity, with its publication date and its load date kept apart, and the changes."""

    published: Any  # the list's own date (None if the file gives none)
    loaded: Any
    source: str
    version_id: int
    file_name: str
    kind: str
    changes: list[tuple[str, str, list[str]]]  # (added/removed, property, values)
    order: Any = None  # the date it is placed at in the timeline

    @property
    def when(self) -> Any:
        return self.published or self.loaded.date()


def _label(schema: str, prop: str) -> str:
    model = ftm_model.get(schema)
    found = model.get(prop) if model else None
    return found.label if found else prop


def _timeline(conn: Connection, members: list[str], hidden: frozenset[str]) -> list[Event]:
    """Every version that touched a member, in the order the lists published them (the
    load date where a list gives no date), each change as (added/removed, label, values)."""
    events = []
    for m in members:
        for e in read.history(conn, m):
            if e.source in hidden:
                continue
            changes = [(change, prop, list(values))
                       for change, props in (e.detail or {}).items() if isinstance(props, dict)
                       for prop, values in props.items()]  # fmt: skip
            events.append(Event(e.publisher_date, e.when, e.source, e.version_id, e.file_name,
                                e.kind, changes))  # fmt: skip
    # A version is never placed before an earlier version of its own list (one without a
    # date of its own is dated by its load, which may be later than its successor's date).
    latest: dict[str, Any] = {}
    for event in sorted(events, key=lambda x: x.version_id):
        event.order = max(event.when, latest.get(event.source, event.when))
        latest[event.source] = event.order
    return sorted(events, key=lambda x: (x.order, x.version_id))


def _versions(conn: Connection, ids: set[int]) -> dict[int, Any]:
    v = t.source_version.c
    query = select(v.id, v.source, v.file_name, v.publisher_date, v.loaded_at)
    return {r.id: r for r in conn.execute(query.where(v.id.in_(sorted(ids))))}
