"""Turning index profiles and scored hits into yente's response dicts.

Responses are built as plain dicts and serialised with orjson (the routers
declare the Pydantic models for validation of requests and for the OpenAPI
document); building Pydantic objects for every result would cost more than
the matching itself.
"""

from __future__ import annotations

from typing import Any

from interlist.screening.index import ScreeningIndex
from interlist.screening.screen import Hit

FEATURE_URL = "https://github.com/interlist/interlist/blob/main/docs/matching.md"

# The matcher's features, with what they mean (the `matcher` part of a match response).
FEATURE_DOCS: dict[str, dict[str, Any]] = {
    "name": {"description": "Best alignment of the name parts across scripts and spellings."},
    "identifiers": {"description": "Same or different passport / national id / registry number."},
    "birth_date": {"description": "Birth dates agree (exact, year, range, day-month swapped)."},
    "gender": {"description": "Gender agrees or disagrees."},
    "country": {"description": "Nationality or country agrees or disagrees."},
    "schema": {"description": "The query's type cannot match the candidate's type."},
    "no_shared_key": {"description": "No name part or number agrees exactly in any form."},
}


def matcher_docs() -> dict[str, dict[str, Any]]:
    """yente's FeatureDocs: per feature a description, coefficient and link."""
    return {
        name: {"description": doc["description"], "coefficient": 1.0, "url": FEATURE_URL}
        for name, doc in FEATURE_DOCS.items()
    }


def entity_dict(index: ScreeningIndex, pos: int) -> dict[str, Any]:
    """yente's EntityResponse for an indexed profile."""
    return {
        "id": index.ids[pos],
        "caption": index.captions[pos],
        "schema": index.schemata[pos],
        "properties": index.props(pos),
        "datasets": index.datasets[pos],
        "referents": index.referents[pos],
        "target": True,
        "first_seen": None,
        "last_seen": None,
        "last_change": None,
    }


def scored_dict(index: ScreeningIndex, hit: Hit) -> dict[str, Any]:
    """yente's ScoredEntityResponse: the profile, its score, features and explanations."""
    data = entity_dict(index, hit.position)
    features: dict[str, float] = {}
    explanations: dict[str, dict[str, Any]] = {}
    for feature in hit.result.explanation:
        features[feature.name] = round(feature.score, 4)
        explanations[feature.name] = {
            "detail": feature.detail,
            "score": round(feature.score, 4),
            "query": None,
            "candidate": None,
        }
    data.update(
        score=round(hit.score, 4), features=features, match=hit.match, explanations=explanations
    )
    return data
