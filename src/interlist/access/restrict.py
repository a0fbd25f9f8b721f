"""Sources restricted to named agencies, and hiding them from everyone else.

``source.restricted_to`` holds the agency names that may see a source's data
(NULL: everyone). Search, profiles and screening ask :func:`hidden_sources` for
the caller's agency and leave those sources out; :func:`filter_results` does it
for screening results after the fact (drop a hit whose every source is hidden,
strip hidden sources and member ids from the others).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select, update

from interlist.access.users import ensure_agency
from interlist.errors import ConfigError, NotFoundError
from interlist.store import tables as t


def restrict_source(conn: Connection, source: str, agencies: list[str] | None) -> None:
    """Restrict a source to `agencies` (created if new); None or [] opens it to everyone."""
    if conn.scalar(select(t.source.c.name).where(t.source.c.name == source)) is None:
        raise NotFoundError(f"no source named {source!r} (see `interlist sources`)")
    names = sorted(set(agencies or []))
    for name in names:
        ensure_agency(conn, name)
    value = names or None
    conn.execute(update(t.source).where(t.source.c.name == source).values(restricted_to=value))


def restrictions(conn: Connection) -> dict[str, list[str] | None]:
    """Each source and the agencies it is restricted to (None: everyone)."""
    query = select(t.source.c.name, t.source.c.restricted_to).order_by(t.source.c.name)
    return {name: _agencies(value) for name, value in conn.execute(query)}


def _agencies(value: Any) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise ConfigError(f"source.restricted_to must be a list of agency names, not {value!r}")
    return [str(v) for v in value]


def hidden_sources(conn: Connection, agency: str | None) -> frozenset[str]:
    """The sources an agency may not see (for no agency: every restricted source)."""
    return frozenset(
        name
        for name, allowed in restrictions(conn).items()
        if allowed is not None and (agency is None or agency not in allowed)
    )


def visible(sources: Iterable[str], hidden: frozenset[str]) -> list[str]:
    """The sources of a fact or entity that the caller may see."""
    return [s for s in sources if s not in hidden]


def hidden_entities(conn: Connection, ids: Iterable[str], hidden: frozenset[str]) -> set[str]:
    """Of `ids`, those whose every listing is in a hidden source."""
    ids = list(ids)
    if not hidden or not ids:
        return set()
    c = t.listing.c
    seen: dict[str, bool] = {}
    query = select(c.entity_id, c.source).where(c.entity_id.in_(ids))
    for entity_id, source in conn.execute(query):
        seen[entity_id] = seen.get(entity_id, False) or source not in hidden
    return {entity_id for entity_id, shown in seen.items() if not shown}


def filter_results(
    conn: Connection, results: list[dict[str, Any]], hidden: frozenset[str]
) -> list[dict[str, Any]]:
    """Screening or search results without what the caller may not see.

    Each result is a mapping with ``datasets`` (source names) and optionally
    ``referents`` (member entity ids) and ``entity_id``/``id``. A result whose
    every dataset is hidden is dropped; the others lose their hidden datasets and
    the member ids that only hidden sources list.
    """
    if not hidden:
        return results
    referents = {r for res in results for r in res.get("referents", [])}
    secret = hidden_entities(conn, referents, hidden)
    kept = []
    for result in results:
        datasets = visible(result.get("datasets", []), hidden)
        if not datasets:
            continue
        cleaned = {**result, "datasets": datasets}
        if "referents" in result:
            cleaned["referents"] = [r for r in result["referents"] if r not in secret]
        kept.append(cleaned)
    return kept
