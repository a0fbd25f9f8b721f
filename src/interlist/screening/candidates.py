"""What the screening index holds: one candidate per screened profile.

This is the single seam between the databank and screening. Today each listed
target entity is its own candidate (``referents`` = its own id). When entity
resolution lands, :func:`candidates_source` yields merged profiles instead, with
``referents`` = the ids of the member entities; nothing else has to change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from interlist.store import read


@dataclass(frozen=True)
class Candidate:
    """A screenable profile: an FtM entity (or merged profile) and its member ids."""

    entity: Any  # an FtM entity: .id, .caption, .schema, .datasets, .to_dict()
    referents: list[str]


def candidates_source(engine: Engine) -> Iterator[Candidate]:
    """Every profile screening compares against: listed target entities, one each."""
    for entity in read.iter_entities(engine, targets_only=True, listed_only=True):
        yield Candidate(entity, [str(entity.id)])
