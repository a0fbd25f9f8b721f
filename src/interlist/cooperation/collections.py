"""What is in force in a member state: its collection, named by its code.

A state's reporting entities screen against the UN Security Council list, the
state's own national lists, and the designations of other states that it has
recognised and not revoked (nor let lapse). :func:`collection` reads that from
the databank; screening narrows the index to it, and each hit on a recognised
designation carries the decision that put it in force.
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
    decisions = recognition.in_force(conn, state.code)
    title = f"{state.name}: in force"
    return Collection(state.code, title, sources, frozenset(decisions), decisions)


def changes_token(conn: Connection) -> tuple[int, ...]:
    """A value that changes whenever a collection may have: a list version, a lifecycle
    event, a state or a source assigned (cheap to read; servers cache collections by it)."""
    versions = conn.scalar(select(func.max(t.source_version.c.id))) or 0
    events = conn.scalar(select(func.max(lt.lc_event.c.id))) or 0
    states = conn.scalar(select(func.count()).select_from(lt.member_state)) or 0
    assigned = conn.scalar(select(func.count()).where(t.source.c.state.is_not(None))) or 0
    return int(versions), int(events), int(states), int(assigned)


def state_codes(conn: Connection) -> list[str]:
    return list(conn.scalars(select(lt.member_state.c.code).order_by(lt.member_state.c.code)))
