"""The measures a listing obliges: what a confirmed hit on a listed profile sets in motion.

An official list declares its measures beside its title (``measures:`` in
``resources/official_lists.yml``); a member state's own national lists and the wanted
notices take theirs from ``listing_measures`` in ``resources/cooperation.yml``; a
designation of another state is in force in a state with the measures its
recognition decided. A confirmed alert on a profile with ``asset_freeze`` among its
measures is marked for the freeze register.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from interlist.cooperation.states import SHARED_SOURCES, source_state, vocabulary
from interlist.sources.official import official_lists

FREEZE = "asset_freeze"


class Measures:
    """The measures of sources, each looked up once per screening run."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.known: dict[str, tuple[str, ...]] = {}

    def of_source(self, source: str) -> tuple[str, ...]:
        """What a listing on `source` obliges (nothing for a source nobody declared)."""
        if source not in self.known:
            self.known[source] = _declared(self.conn, source)
        return self.known[source]

    def in_force(self, sources: Iterable[str], decisions: Iterable[dict[str, Any]]) -> list[str]:
        """The measures of a profile listed on `sources` and put in force by `decisions`
        (recognitions, each with its ``measures``), sorted."""
        found = {m for s in sources for m in self.of_source(s)}
        found.update(m for d in decisions for m in d.get("measures") or ())
        return sorted(found)


def _declared(conn: Connection, source: str) -> tuple[str, ...]:
    official = official_lists().get(source)
    if official is not None:
        return official.measures
    by_kind: dict[str, list[str]] = vocabulary()["listing_measures"]  # type: ignore[assignment]
    if source in SHARED_SOURCES:  # the published wanted notices
        return tuple(by_kind["notices"])
    if source_state(conn, source) is not None:
        return tuple(by_kind["national"])
    return ()
