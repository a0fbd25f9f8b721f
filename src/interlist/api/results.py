"""Turning index profiles and scored hits into yente's response dicts.

Responses are built as plain dicts and serialised with orjson (the routers
declare the Pydantic models for validation of requests and for the OpenAPI
document); building Pydantic objects for every result would cost more than
the matching itself.
"""

from __future__ import annotations

from typing import Any

from interlist.api.routers.documentation import page_url
from interlist.matching import FEATURES
from interlist.screening.index import ScreeningIndex
from interlist.screening.screen import Hit

FEATURE_URL = page_url("matching")  # the server's own copy of docs/matching.md


def matcher_docs() -> dict[str, dict[str, Any]]:
    """yente's FeatureDocs: per feature of the matcher (as :data:`interlist.matching.FEATURES`
    declares it) its description, coefficient and link."""
    return {
        feature.name: {
            "description": feature.description,
            "coefficient": feature.coefficient,
            "url": FEATURE_URL,
        }
        for feature in FEATURES
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
