"""Small helpers for the resolution tests: load tiny lists from several sources."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from followthemoney.statement import StatementEntity
from sqlalchemy import Engine

from interlist.model import make_entity
from interlist.sources.base import SourceInfo
from interlist.store.ingest import load
from tests.factory import parsed

_versions = count(1)


def info(name: str) -> SourceInfo:
    return SourceInfo(name=name, title=f"{name} list", publisher=f"{name} publisher")


def entity(entity_id: str, source: str, schema: str = "Person", **props: Any) -> StatementEntity:
    """An entity of `source` with properties given as keyword lists or strings."""
    made = make_entity(schema, entity_id, source)
    for prop, values in props.items():
        made.add(prop, values)
    return made


def load_source(
    engine: Engine,
    source: str,
    *entities: StatementEntity,
    published: date | None = None,
    extra: tuple[StatementEntity, ...] = (),
) -> None:
    """Load one version of `source` holding the entities (plus non-target extras)."""
    version = parsed(*entities, published=published, info=info(source), path=f"{source}.csv")
    version.entities.extend(extra)
    load(engine, version, f"hash-{source}-{next(_versions)}", "test")
