"""What the screening index holds: one candidate per screened profile.

This is the single seam between the databank and screening.
:func:`candidates_source` yields the merged profiles of entity resolution
(:func:`interlist.resolution.iter_profiles`): one per cluster, with
``referents`` = the ids of the member entities, and each unclustered listed
target on its own (``referents`` = its own id).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from interlist.resolution import iter_profiles


@dataclass(frozen=True)
class Candidate:
    """A screenable profile: an FtM entity (or merged profile) and its member ids."""

    entity: Any  # an FtM entity: .id, .caption, .schema, .datasets, .to_dict()
    referents: list[str]


def candidates_source(engine: Engine) -> Iterator[Candidate]:
    """Every profile screening compares against: one per cluster of listed targets
    (merged by entity resolution), every unclustered target on its own."""
    for entity in iter_profiles(engine):
        yield Candidate(entity, sorted(entity.referents))
