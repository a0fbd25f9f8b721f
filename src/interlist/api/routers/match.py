"""``POST /match/{dataset}``: yente's query-by-example matching, batch of queries in one call."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from followthemoney import model as ftm_model

from interlist.api.deps import dataset_scope, get_index, hidden_datasets, require_client
from interlist.api.models import EntityExample, EntityMatchQuery, EntityMatchResponse, ErrorResponse
from interlist.api.notice_hits import annotate
from interlist.api.responses import JSONBytes
from interlist.api.results import matcher_docs, scored_dict
from interlist.cooperation.collections import Scope
from interlist.matching import DEFAULT_THRESHOLD
from interlist.screening.index import ScreeningIndex
from interlist.screening.screen import Hit, ScreenOptions, query_mapping, screen_many

router = APIRouter(tags=["Matching"], dependencies=[Depends(require_client)])

MAX_BATCH = 100
MAX_MATCHES = 500
# yente's algorithm names are accepted so that its clients work unchanged; all of
# them run interlist's matcher.
ALGORITHMS = ("interlist", "best", "default", "logic-v1", "logic-v2", "name-based",
              "name-qualified", "regression-v1", "regression-v2")  # fmt: skip


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher (yente-compatible)",
    response_model=EntityMatchResponse,
    responses={413: {"model": ErrorResponse, "description": "Too many queries"}},
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: str,
    limit: int = Query(5, ge=1, le=MAX_MATCHES, title="Number of results per query"),
    threshold: float = Query(DEFAULT_THRESHOLD, ge=0.0, le=1.0, title="Score for `match`"),
    cutoff: float | None = Query(
        None, ge=0.0, le=1.0, title="Lowest score returned at all (default: the threshold)"
    ),
    algorithm: str = Query("interlist", title="Scoring algorithm (yente names accepted)"),
    include_dataset: list[str] = Query([], title="Only results from these datasets"),
    exclude_dataset: list[str] = Query([], title="No results from these datasets"),
    exclude_schema: list[str] = Query([], title="No results of these types"),
    topics: list[str] = Query([], title="Only results with any of these topics"),
    exclude_entity_ids: list[str] = Query([], max_length=50, title="Never return these"),
    index: ScreeningIndex = Depends(get_index),
    hidden: frozenset[str] = Depends(hidden_datasets),
    client: Any = Depends(require_client),
) -> Any:
    """Match each query entity (schema and properties, keyed by the client's own ids)
    against the databank; results are the best-scoring profiles with explanations.
    Profiles with data restricted to other agencies are never returned. A result that
    is the subject of a published wanted notice carries `notice`, and a match on it
    opens a hit report for the issuing state."""
    if algorithm not in ALGORITHMS:
        _invalid(("query", "algorithm"), f"unknown algorithm; known: {', '.join(ALGORITHMS)}")
    if len(body.queries) > MAX_BATCH:
        raise HTTPException(413, detail=f"Too many queries in one batch (limit: {MAX_BATCH})")
    if not body.queries:
        _invalid(("body", "queries"), "no queries given")
    scope = dataset_scope(request, index, dataset).narrowed(include_dataset)
    options = ScreenOptions(
        limit=limit,
        threshold=threshold,
        cutoff=None if cutoff is None else min(cutoff, threshold),
        include_datasets=scope.sources,
        include_entities=scope.entities,
        exclude_datasets=(*exclude_dataset, *sorted(hidden)),
        exclude_schemata=tuple(exclude_schema),
        topics=tuple(topics),
        exclude_entities=frozenset(exclude_entity_ids),  # inside the query, as yente does
    )
    mappings = {key: _checked(key, example) for key, example in body.queries.items()}
    found = screen_many(index, list(mappings.values()), options)
    responses = {
        key: _response(index, body.queries[key].id, mapping, hits, scope)
        for (key, mapping), hits in zip(mappings.items(), found, strict=True)
    }
    annotate(request, client, responses)  # wanted notices: stopped, marked, reported
    payload = {"responses": responses, "matcher": matcher_docs(), "limit": limit}
    return JSONBytes(payload, headers={"x-batch-size": str(len(responses))})


def _response(
    index: ScreeningIndex,
    query_id: str | None,
    mapping: dict[str, Any],
    hits: list[Hit],
    scope: Scope,
) -> dict[str, Any]:
    """One query's part of the answer, in yente's shape; a hit in force in a state
    through a recognition carries the decision (`recognitions`)."""
    results = [_with_recognitions(scored_dict(index, h), scope) for h in hits]
    query = {"id": query_id, **mapping}
    return {
        "status": 200,
        "results": results,
        "total": {"value": len(results), "relation": "eq"},
        "query": query,
    }


def _with_recognitions(result: dict[str, Any], scope: Scope) -> dict[str, Any]:
    if scope.collection is not None:
        members = list(dict.fromkeys([result["id"], *result.get("referents", [])]))
        result["recognitions"] = scope.recognitions(members)
    return result


def _checked(key: str, example: EntityExample) -> dict[str, Any]:
    """The query mapping, or 422 naming the schema or property that is wrong."""
    schema = ftm_model.get(example.schema_)
    if schema is None or not schema.matchable:
        _invalid(("body", "queries", key, "schema"), f"not a matchable schema: {example.schema_}")
    assert schema is not None
    for prop in example.properties:
        if prop not in schema.properties:
            _invalid(("body", "queries", key, "properties", prop), f"not a {schema.name} property")
    mapping = query_mapping(schema.name, example.properties)
    if not mapping["properties"]:
        _invalid(("body", "queries", key, "properties"), "no property values to match on")
    return mapping


def _invalid(loc: tuple[str, ...], msg: str) -> None:
    raise RequestValidationError([{"loc": loc, "msg": msg, "type": "value_error"}])
