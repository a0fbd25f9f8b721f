"""``GET /search/{dataset}?q=``: find profiles by name, with facets, in yente's shape.

The text is analysed like a name and looked up in the candidate index; the
profiles sharing keys with it are ranked by the matcher's name score. Without
``q`` the profiles are listed in id order (filters and facets still apply).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from followthemoney import model as ftm_model
from followthemoney.types import registry

from interlist.api.deps import dataset_scope, get_index, hidden_datasets, require_client
from interlist.api.models import SearchResponse
from interlist.api.responses import JSONBytes
from interlist.api.results import entity_dict
from interlist.errors import InvalidInputError
from interlist.matching import analyze, compare
from interlist.model import topic_label
from interlist.screening.index import Filters, ScreeningIndex
from interlist.screening.screen import candidates

router = APIRouter(tags=["Search"], dependencies=[Depends(require_client)])

MAX_SEARCH = 500
SEARCH_CANDIDATES = 100  # profiles scored per search
SEARCH_FLOOR = 0.5  # lowest name score a search result may have


@router.get("/search/{dataset}", summary="Search profiles by name", response_model=SearchResponse)
async def search(
    request: Request,
    dataset: str,
    q: str = Query("", title="Name or text to look for"),
    schema: str = Query("Thing", title="Only profiles of this type"),
    limit: int = Query(10, ge=0, le=MAX_SEARCH),
    offset: int = Query(0, ge=0, le=9_499),
    include_dataset: list[str] = Query([]),
    exclude_dataset: list[str] = Query([]),
    exclude_schema: list[str] = Query([]),
    topics: list[str] = Query([]),
    index: ScreeningIndex = Depends(get_index),
    hidden: frozenset[str] = Depends(hidden_datasets),
) -> Any:
    """Profiles whose names match `q`, best first, with facet counts over all of them.
    Profiles with data restricted to other agencies are left out."""
    if ftm_model.get(schema) is None:
        raise InvalidInputError(f"unknown schema {schema!r}", "schema")
    scope = dataset_scope(request, index, dataset).narrowed(include_dataset)
    filters = Filters(
        schema,
        scope.sources,
        (*exclude_dataset, *sorted(hidden)),
        tuple(exclude_schema),
        tuple(topics),
        scope.entities,
    )
    found = _ranked(index, q.strip(), filters)
    page = found[offset : offset + limit]
    return JSONBytes(
        {
            "limit": limit,
            "offset": offset,
            "total": {"value": len(found), "relation": "eq"},
            "results": [entity_dict(index, pos) for pos in page],
            "facets": _facets(index, found),
        }
    )


def _ranked(index: ScreeningIndex, text: str, filters: Filters) -> list[int]:
    mask = index.mask(filters)
    if not text:
        return [int(p) for p in mask.nonzero()[0]]
    query_schema = "Person" if filters.schema == "Person" else "LegalEntity"
    if ftm_model.get(filters.schema).is_a("Organization"):  # type: ignore[union-attr]
        query_schema = "Organization"
    analysis = analyze({"schema": query_schema, "properties": {"name": [text]}})
    positions = candidates(index, analysis, mask, SEARCH_CANDIDATES)
    scored = [(compare(analysis, index.analysis(p)).score, p) for p in positions]
    scored = [(score, p) for score, p in scored if score >= SEARCH_FLOOR]
    scored.sort(key=lambda item: (-item[0], index.ids[item[1]]))
    return [p for _, p in scored]


def _schema_label(name: str) -> str:
    schema = ftm_model.get(name)
    return schema.label if schema is not None else name


def _facets(index: ScreeningIndex, positions: list[int]) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("datasets", "schema", "topics")}
    counts["countries"] = Counter()
    for pos in positions:
        counts["datasets"].update(index.datasets[pos])
        counts["schema"][index.schemata[pos]] += 1
        props = index.props(pos)
        counts["topics"].update(set(props.get("topics", [])))
        countries = {c for p in ("country", "nationality", "citizenship") for c in props.get(p, [])}
        counts["countries"].update(countries)
    labels = {
        "datasets": ("Data sources", lambda v: v),
        "schema": ("Types", _schema_label),
        "topics": ("Topics", topic_label),
        "countries": ("Countries", lambda v: registry.country.caption(v) or v),
    }
    return {
        key: {
            "label": labels[key][0],
            "values": [
                {"name": name, "label": labels[key][1](name), "count": n}
                for name, n in counter.most_common(30)
            ],
        }
        for key, counter in counts.items()
    }
