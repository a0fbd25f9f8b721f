"""What is in force in a member state: its collection, named by its code.

A state's reporting entities screen against the UN Security Council list, the
state's own national lists, the published inter-state wanted notices
(``notices``), and the designations of other states that it has recognised and
not revoked (nor let lapse). :func:`collection` reads that from the databank;
screening narrows the index to it, and each hit on a recognised designation
carries the decision that put it in force.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from interlist.cooperation import recognition
from interlist.cooperation import states as st
from interlist.store import lifecycle_tables as lt
from interlist.store import tables as t


@dataclass(frozen=True)
class Collection:
    """The sources wholly in force in a state, and the single designations recognised."""

    name: str
    title: str
    sources: tuple[str, ...]
    entities: frozenset[str]
    decisions: dict[str, list[dict[str, Any]]] = field(default_factory=dict, compare=False)

    def decisions_for(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        """The recognitions behind these member ids of a profile (none if it is in force
        through a whole source)."""
        return [d for eid in entity_ids for d in self.decisions.get(eid, [])]


def collection(conn: Connection, code: str) -> Collection:
    """The collection of member state `code`."""
    state = st.get_state(conn, code)
    present = set(conn.scalars(select(t.source.c.name)))
    sources = tuple(s for s in st.UN_SOURCES if s in present)
    sources += tuple(st.state_sources(conn, state.code))
    sources += tuple(s for s in st.SHARED_SOURCES if s in present)
    decisions = recognition.in_force(conn, state.code)
    title = f"{state.name}: in force"
    return Collection(state.code, title, sources, frozenset(decisions), decisions)


NO_SOURCE = "\x00none"  # a source name nothing has: a scope that lets nothing through
DEFAULT = "default"  # the collection of everything in the databank


@dataclass(frozen=True)
class Scope:
    """What a screening or search may find: every profile (``default``), one source, or
    a state's collection (its sources plus its recognised designations)."""

    sources: tuple[str, ...] = ()  # () with no entities: no restriction
    entities: frozenset[str] = frozenset()
    collection: Collection | None = None

    def narrowed(self, include: list[str] | tuple[str, ...]) -> Scope:
        """Only the sources in `include` as well (a client's include_dataset)."""
        if not include:
            return self
        if not self.sources and not self.entities:
            return Scope(tuple(include))
        kept = tuple(d for d in include if d in self.sources) or (NO_SOURCE,)
        entities = (
            self.entities if self.collection and self.collection.name in include else (frozenset())
        )
        return Scope(kept, entities, self.collection)

    def recognitions(self, member_ids: list[str]) -> list[dict[str, Any]]:
        """The recognition decisions that put a profile with these member ids in force."""
        return self.collection.decisions_for(member_ids) if self.collection else []


def scope_of(collection_: Collection) -> Scope:
    """The scope of a state's collection (nothing at all when the state has no list)."""
    sources = collection_.sources or (NO_SOURCE,)
    return Scope(sources, collection_.entities, collection_)


def resolve(conn: Connection, names: list[str] | tuple[str, ...]) -> Scope:
    """The scope that dataset names mean: `default` or nothing is everything; a member
    state's code its collection; anything else that source (several are united)."""
    wanted = [n for n in names if n and n != DEFAULT]
    if not wanted:
        return Scope()
    codes = set(state_codes(conn))
    sources: list[str] = []
    entities: set[str] = set()
    found: Collection | None = None
    for name in wanted:
        if name in codes:
            found = collection(conn, name)
            sources.extend(found.sources or (NO_SOURCE,))
            entities.update(found.entities)
        else:
            sources.append(name)
    return Scope(tuple(dict.fromkeys(sources)), frozenset(entities), found)


def changes_token(conn: Connection) -> tuple[int, ...]:
    """A value that changes whenever a collection may have: a list version, a lifecycle
    event, a state or a source assigned (one cheap query; servers cache collections by it)."""
    query = select(
        select(func.max(t.source_version.c.id)).scalar_subquery(),
        select(func.max(lt.lc_event.c.id)).scalar_subquery(),
        select(func.count()).select_from(lt.member_state).scalar_subquery(),
        select(func.count()).where(t.source.c.state.is_not(None)).scalar_subquery(),
    )
    return tuple(int(value or 0) for value in conn.execute(query).one())


def state_codes(conn: Connection) -> list[str]:
    return list(conn.scalars(select(lt.member_state.c.code).order_by(lt.member_state.c.code)))
