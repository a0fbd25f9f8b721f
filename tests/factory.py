"""Tiny factories for test entities and parsed sources (behaviour on real files is
tested on the real files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from followthemoney.statement import StatementEntity

from interlist.model import make_entity
from interlist.sources.base import ParsedSource, SourceInfo
from interlist.sources.helpers import make_sanction

TEST_SOURCE = SourceInfo(name="test_list", title="Test list", publisher="Test publisher")


def person(entity_id: str, name: str, source: str = "test_list", **props: Any) -> StatementEntity:
    """A Person with a name and any other properties."""
    entity = make_entity("Person", entity_id, source)
    entity.add("name", name)
    for prop, values in props.items():
        entity.add(prop, values)
    return entity


def parsed(
    *entities: StatementEntity,
    published: date | None = None,
    info: SourceInfo = TEST_SOURCE,
    path: str = "test.csv",
) -> ParsedSource:
    """A ParsedSource holding the entities and one Sanction for each of them."""
    everything = list(entities)
    everything.extend(make_sanction(e, program="TEST") for e in entities)
    return ParsedSource(info, Path(path), published, everything)
