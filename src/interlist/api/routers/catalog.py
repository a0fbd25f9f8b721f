"""``GET /catalog`` (the sources and the ``default`` collection) and ``GET /algorithms``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy import Engine

from interlist.api.deps import (
    DEFAULT_DATASET,
    get_engine,
    get_index,
    require_client,
    state_collections,
)
from interlist.api.models import AlgorithmResponse, DataCatalogModel
from interlist.api.responses import JSONBytes
from interlist.api.results import matcher_docs
from interlist.api.routers.match import ALGORITHMS
from interlist.cooperation.collections import Collection
from interlist.screening.index import ScreeningIndex
from interlist.screening.storage import databank_fingerprint
from interlist.store import read

router = APIRouter(tags=["System information"], dependencies=[Depends(require_client)])


@router.get("/catalog", summary="Data catalog", response_model=DataCatalogModel)
def catalog(
    request: Request,
    index: ScreeningIndex = Depends(get_index),
    engine: Engine = Depends(get_engine),
) -> Any:
    """Every source with its current version; `default`, the collection of all; and each
    member state's collection (named by its code): what is in force there."""
    with engine.connect() as conn:
        summaries = read.source_summaries(conn)
    current = databank_fingerprint(engine) == index.fingerprint
    datasets = [_source_model(s, index, current) for s in summaries]
    versions = [d["version"] for d in datasets]
    datasets.append(
        {
            "name": DEFAULT_DATASET,
            "title": "All sources",
            "summary": "Every list in the databank.",
            "url": None,
            "load": True,
            "entities_url": None,
            "version": max(versions) if versions else "empty",
            "index_version": index.built_at,
            "index_current": current,
            "children": [s["name"] for s in summaries],
        }
    )
    datasets.extend(_state_model(c, index, current) for c in state_collections(request).values())
    names = [d["name"] for d in datasets]
    return JSONBytes(
        {
            "datasets": datasets,
            "current": names if current else [],
            "outdated": [] if current else names,
            "index_stale": not current,
        }
    )


def _state_model(found: Collection, index: ScreeningIndex, current: bool) -> dict[str, Any]:
    return {
        "name": found.name,
        "title": found.title,
        "summary": (
            f"The UN Security Council list, the state's national lists and "
            f"{len(found.entities)} designations of other states it has recognised."
        ),
        "url": None,
        "load": True,
        "entities_url": None,
        "version": "live",
        "index_version": index.built_at,
        "index_current": current,
        "children": list(found.sources),
        "recognised": len(found.entities),
    }


def _source_model(summary: dict[str, Any], index: ScreeningIndex, current: bool) -> dict[str, Any]:
    latest = summary.get("latest") or {}
    version = latest.get("publisher_date") or latest.get("loaded_at") or "none"
    return {
        "name": summary["name"],
        "title": summary["title"],
        "summary": summary.get("publisher"),
        "url": summary.get("url"),
        "load": True,
        "entities_url": None,
        "version": str(version),
        "index_version": index.built_at,
        "index_current": current,
        "children": [],
    }


@router.get("/algorithms", summary="Scoring algorithms", response_model=AlgorithmResponse)
async def algorithms() -> JSONBytes:
    """The matcher (yente's algorithm names are accepted as aliases of it)."""
    docs = matcher_docs()
    items = [
        {"name": name, "description": _describe(name), "features": docs} for name in ALGORITHMS
    ]
    return JSONBytes({"algorithms": items, "default": "interlist", "best": "interlist"})


def _describe(name: str) -> str:
    if name == "interlist":
        return "interlist's cross-script name and entity matcher."
    return "Alias of `interlist`, accepted for yente clients."
