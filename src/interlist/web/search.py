"""Search for the web pages: names in any script looked up in the screening index.

Listed profiles are found through the screening index and ranked by the
matcher's score (any script, any spelling), as ``GET /search`` does; results
below SEARCH_FLOOR are dropped; past the ALWAYS_SCORED best-ranked candidates,
scoring stops after BUDGET seconds so that the box stays instant even for long
names (screening, not search, is the exhaustive check), and "any type" spans organisations, persons,
vessels and aircraft. The filters the index does not know (country,
delisted) are applied here. Delisted entities are not
in the index: they are found in the databank by a plain substring match on
their names. Sources the visitor's agency may not see are excluded up front.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select

from interlist.matching import analyze, compare
from interlist.screening.index import Filters, ScreeningIndex
from interlist.screening.screen import candidates
from interlist.store import tables as t

PAGE = 25
SEARCH_FLOOR = 0.5  # below this a candidate shares too little of the name typed
MAX_RESULTS = 50  # candidates scored per search (ranked by shared rare keys first)
BUDGET = 0.12  # seconds of scoring per search; candidates left over are not shown
ALWAYS_SCORED = 10  # the best-ranked candidates are scored whatever the budget says
ANY_TYPE = ("LegalEntity", "Vessel", "Airplane")  # FtM's Thing matches nothing by itself
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
STATUSES = ("listed", "delisted")


@dataclass(frozen=True)
class Query:
    """What the visitor typed and chose."""

    q: str = ""
    source: str = ""
    schema: str = "Thing"
    topic: str = ""
    country: str = ""
    status: str = "listed"
    page: int = 0

    def asked(self) -> dict[str, Any]:
        """The query as recorded in the audit log (empty fields left out)."""
        return {k: v for k, v in self.__dict__.items() if v not in ("", 0, "Thing")}


@dataclass
class Found:
    rows: list[dict[str, Any]]
    total: int
    facets: dict[str, Any]


def search(index: ScreeningIndex, conn: Connection, query: Query,
           hidden: frozenset[str]) -> Found:  # fmt: skip
    """One page of results, with facet counts over all of them."""
    if query.status == "delisted":
        return _delisted(conn, query, hidden)
    positions = _ranked(index, query, hidden)
    if query.country:
        positions = [p for p in positions if query.country in _countries(index, p)]
    start = query.page * PAGE
    rows = [_row(index, p) for p in positions[start : start + PAGE]]
    return Found(rows, len(positions), _facets(index, positions))


def _mask(index: ScreeningIndex, query: Query, hidden: frozenset[str]) -> np.ndarray:
    schemata = ANY_TYPE if query.schema == "Thing" else (query.schema,)
    include = (query.source,) if query.source else ()
    topics = (query.topic,) if query.topic else ()
    masks = [index.mask(Filters(s, include, tuple(sorted(hidden)), (), topics)) for s in schemata]
    return np.logical_or.reduce(masks)


def _ranked(index: ScreeningIndex, query: Query, hidden: frozenset[str]) -> list[int]:
    """Positions of the matching profiles, best first (all of them, in id order, without text)."""
    mask = _mask(index, query, hidden)
    text = query.q.strip()
    if not text:
        return [int(p) for p in mask.nonzero()[0]][:MAX_RESULTS]
    schema = {"Person": "Person", "Organization": "Organization", "Company": "Organization"}
    analysis = analyze({"schema": schema.get(query.schema, "LegalEntity"),
                        "properties": {"name": [text]}})  # fmt: skip
    scored = []
    stop = time.perf_counter() + BUDGET
    for rank, pos in enumerate(candidates(index, analysis, mask, MAX_RESULTS)):
        if rank >= ALWAYS_SCORED and time.perf_counter() > stop:
            break
        score = compare(analysis, index.analysis(pos)).score
        if score >= SEARCH_FLOOR:
            scored.append((score, pos))
    scored.sort(key=lambda item: (-item[0], index.ids[item[1]]))
    return [pos for _, pos in scored]


def _facets(index: ScreeningIndex, positions: list[int]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {"datasets": Counter(), "schema": Counter()}
    for pos in positions:
        counts["datasets"].update(index.datasets[pos])
        counts["schema"][index.schemata[pos]] += 1
    return counts


def _countries(index: ScreeningIndex, pos: int) -> set[str]:
    props = index.props(pos)
    return {c for p in COUNTRY_PROPS for c in props.get(p, [])}


def _row(index: ScreeningIndex, pos: int) -> dict[str, Any]:
    props = index.props(pos)
    return {
        "id": index.ids[pos],
        "caption": index.captions[pos],
        "schema": index.schemata[pos],
        "datasets": index.datasets[pos],
        "countries": sorted(_countries(index, pos)),
        "birth": props.get("birthDate", [])[:2],
        "aliases": [n for n in props.get("alias", []) if n != index.captions[pos]][:3],
        "listed": True,
    }


def _delisted(conn: Connection, query: Query, hidden: frozenset[str]) -> Found:
    s, e = t.statement.c, t.entity.c
    sql = (
        select(e.id, e.caption, e.schema, func.min(s.source).label("source"))
        .join(t.entity, e.id == s.entity_id)
        .where(e.listed.is_(False), e.target.is_(True), s.prop.in_(NAME_PROPS))
        .group_by(e.id, e.caption, e.schema)
        .order_by(e.caption)
    )
    if query.q.strip():
        sql = sql.where(func.lower(s.value).contains(query.q.strip().lower()))
    if hidden:
        sql = sql.where(s.source.not_in(sorted(hidden)))
    if query.source:
        sql = sql.where(s.source == query.source)
    found = list(conn.execute(sql.limit(500)))
    start = query.page * PAGE
    rows = [
        {"id": r.id, "caption": r.caption, "schema": r.schema, "datasets": [r.source],
         "countries": [], "birth": [], "aliases": [], "listed": False}
        for r in found[start : start + PAGE]
    ]  # fmt: skip
    return Found(rows, len(found), {})
