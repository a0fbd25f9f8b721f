"""The listed targets as light records for xref: id, schema, sources, FtM-style mapping.

Reading plain rows instead of assembling FtM entity objects keeps a full
xref over every list quick; the matcher analyses the mappings directly. A name
ending in a bracketed part (often an acronym or another name) is also offered
to the matcher as two aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema
from sqlalchemy import Engine, select

from interlist.store import tables as t


@dataclass
class Target:
    """One listed designated party, as the matcher sees it."""

    id: str
    schema: Schema
    sources: set[str] = field(default_factory=set)
    properties: dict[str, list[str]] = field(default_factory=dict)

    def mapping(self) -> dict[str, Any]:
        """The FtM-style mapping, with bracketed parts of names also as aliases."""
        properties = dict(self.properties)
        extra = [alt for name in properties.get("name", []) for alt in bracketed(name)]
        if extra:
            properties["alias"] = [*properties.get("alias", []), *extra]
        return {"id": self.id, "schema": self.schema.name, "properties": properties}


BRACKETED = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")


def bracketed(name: str) -> list[str]:
    """A name ending in a bracketed part is known by both parts:
    "ANSAR AL-SHARI'A IN TUNISIA (AAS-T)" -> the name without it, and "AAS-T"."""
    found = BRACKETED.match(name)
    return [found.group(1), found.group(2)] if found else []


def iter_targets(engine: Engine, sources: list[str] | None = None) -> Iterator[Target]:
    """Every listed target with its open statements, in id order (streamed)."""
    s, e = t.statement.c, t.entity.c
    query = (
        select(s.entity_id, e.schema, s.prop, s.value, s.source)
        .join(t.entity, e.id == s.entity_id)
        .where(s.active.is_(True), e.target.is_(True), e.listed.is_(True), s.prop != "id")
        .order_by(s.entity_id)
    )
    if sources:
        query = query.where(s.source.in_(sources))
    current: Target | None = None
    with engine.connect() as conn:
        for row in conn.execute(query.execution_options(yield_per=10000)):
            if current is None or current.id != row.entity_id:
                if current is not None:
                    yield current
                current = Target(row.entity_id, model.get(row.schema) or model["Thing"])
            current.sources.add(row.source)
            values = current.properties.setdefault(row.prop, [])
            if row.value not in values:
                values.append(row.value)
    if current is not None:
        yield current
