"""Screening one query against the index: find candidates, score them, keep the best.

Used by the batch command, the Dask engine and the HTTP API alike, so that the
three give the same answers. :func:`screen_exhaustive` compares with every
profile instead; tests use it to show that the index never loses a hit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from interlist.matching import DEFAULT_THRESHOLD, Analyzed, Match, analyze, compare, matches_above
from interlist.screening.index import MAX_CANDIDATES, MIN_RANK, Filters, ScreeningIndex
from interlist.screening.keys import search_keys


@dataclass(frozen=True)
class ScreenOptions:
    """How many hits to return and which count."""

    limit: int = 5
    threshold: float = DEFAULT_THRESHOLD  # score from which a hit is a match
    cutoff: float | None = None  # lowest score returned at all (default: threshold)
    include_datasets: tuple[str, ...] = ()
    exclude_datasets: tuple[str, ...] = ()
    exclude_schemata: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    include_entities: frozenset[str] = frozenset()  # besides include_datasets (a collection)
    exclude_entities: frozenset[str] = frozenset()  # profiles (by any member id) never hit
    max_candidates: int | None = MAX_CANDIDATES  # None: every profile sharing a key
    min_rank: float = MIN_RANK  # candidates ranked lower are not scored

    @property
    def floor(self) -> float:
        return self.threshold if self.cutoff is None else self.cutoff

    def filters(self, schema: str) -> Filters:
        return Filters(
            schema, self.include_datasets, self.exclude_datasets, self.exclude_schemata,
            self.topics, self.include_entities, self.exclude_entities,
        )  # fmt: skip


@dataclass
class Hit:
    """One scored profile for one query."""

    position: int
    score: float
    match: bool
    result: Match = field(repr=False)  # the matcher's outcome (explanation, to_dict())


def query_mapping(schema: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    """An FtM-style query mapping with every property value as a list of strings."""
    props: dict[str, list[str]] = {}
    for prop, values in properties.items():
        items = values if isinstance(values, list | tuple) else [values]
        cleaned = [str(v) for v in items if v is not None and str(v).strip()]
        if cleaned:
            props[prop] = cleaned
    return {"schema": schema, "properties": props}


def screen(index: ScreeningIndex, query: Mapping[str, Any], options: ScreenOptions) -> list[Hit]:
    """The best hits (at most `options.limit`) of one query mapping, best first."""
    return screen_many(index, [query], options)[0]


def screen_many(
    index: ScreeningIndex, queries: Sequence[Mapping[str, Any]], options: ScreenOptions
) -> list[list[Hit]]:
    """:func:`screen` of each query, in order. The candidates of all are found first,
    then all are compared: each step then finds what it reads (the index's postings,
    the profiles' analyses) still in the processor's cache, about a fifth faster than
    query by query for a batch's chunk of rows. The results are the same."""
    analyses = [analyze(query) for query in queries]
    found = [_candidates_of(index, q, a, options) for q, a in zip(queries, analyses, strict=True)]
    return [_score(index, a, p, options) for a, p in zip(analyses, found, strict=True)]


def _candidates_of(
    index: ScreeningIndex, query: Mapping[str, Any], analysis: Analyzed, options: ScreenOptions
) -> list[int]:
    mask = index.mask(options.filters(str(query.get("schema") or "Thing")))
    if options.max_candidates is None:
        return index.sharing(search_keys(analysis), mask)
    return candidates(index, analysis, mask, options.max_candidates, options.min_rank)


def candidates(
    index: ScreeningIndex, analysis: Analyzed, mask: np.ndarray, limit: int, min_rank: float = 0.0
) -> list[int]:
    """The best `limit` profiles the `mask` allows for an analysed query, best first:
    ranked by its keys and by how many of its name parts each name has (what screening,
    the API's search and the web search all compare with the query)."""
    positions, ranks = index.ranked_slots(*index.query_slots(analysis), mask, limit)
    return positions[ranks >= min_rank].tolist()


def screen_exhaustive(
    index: ScreeningIndex, query: Mapping[str, Any], options: ScreenOptions
) -> list[Hit]:
    """Like :func:`screen`, but comparing with every profile the filters allow."""
    analysis = analyze(query)
    mask = index.mask(options.filters(str(query.get("schema") or "Thing")))
    positions = [int(p) for p in mask.nonzero()[0]]
    return _score(index, analysis, positions, options)


def _score(
    index: ScreeningIndex, analysis: Analyzed, positions: list[int], options: ScreenOptions
) -> list[Hit]:
    """The hits among these candidates: scored by the matcher as at its default
    threshold (which also caps a pair that shares no key), kept from the floor on, a
    match from `options.threshold` on."""
    floor = options.floor
    memo: dict = {}  # name comparisons shared by candidates with the same name text
    found = index.analyses_of(positions)
    if floor > 0.0:
        scored = [(positions[n], m) for n, m in matches_above(analysis, found, floor, memo=memo)]
    else:
        scored = [
            (pos, compare(analysis, c, memo=memo)) for pos, c in zip(positions, found, strict=True)
        ]
    hits = [
        Hit(pos, m.score, m.score >= options.threshold, m) for pos, m in scored if m.score >= floor
    ]
    hits.sort(key=lambda h: (-h.score, index.ids[h.position]))
    return hits[: options.limit]


def hit_record(index: ScreeningIndex, hit: Hit) -> dict[str, Any]:
    """The batch output's form of a hit."""
    pos = hit.position
    return {
        "entity_id": index.ids[pos],
        "caption": index.captions[pos],
        "schema": index.schemata[pos],
        "score": round(hit.score, 4),
        "match": hit.match,
        "datasets": index.datasets[pos],
        "referents": index.referents[pos],
        "explanation": explanation_of(hit.result),
    }


def explanation_of(result: Match) -> list[dict[str, Any]]:
    """The matcher's explanation of a score, as plain JSON-friendly data."""
    return [feature.to_dict() for feature in result.explanation]
