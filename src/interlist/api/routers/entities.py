"""``GET /entities/{id}``: one profile with its adjacent entities nested, as yente does.

A listed profile comes from the index (so merged profiles work the same way);
its sanctions, documents, addresses and links are read from the databank and
nested under the property that points back (``sanctions``, ``addressEntity``,
...). An id that is a referent of another profile redirects to it (308).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import RedirectResponse
from followthemoney.types import registry
from sqlalchemy import Engine

from interlist.api.deps import get_engine, get_index, hidden_datasets, require_client
from interlist.api.models import EntityResponse
from interlist.api.responses import JSONBytes
from interlist.api.results import entity_dict
from interlist.errors import NotFoundError
from interlist.screening.index import ScreeningIndex
from interlist.store import read

router = APIRouter(tags=["Data access"], dependencies=[Depends(require_client)])


@router.get(
    "/entities/{entity_id}",
    summary="Retrieve an entity",
    response_model=EntityResponse,
    responses={404: {"description": "No such entity"}, 308: {"description": "Merged: see"}},
)
def fetch_entity(
    entity_id: str,
    nested: bool = Query(True, title="Include adjacent entities (sanctions, addresses...)"),
    index: ScreeningIndex = Depends(get_index),
    engine: Engine = Depends(get_engine),
    hidden: frozenset[str] = Depends(hidden_datasets),
) -> Any:
    """An entity by id: its properties, sources and (nested) related entities. Data
    restricted to other agencies answers 404, as if it did not exist."""
    pos = index.position(entity_id)
    if pos is not None and hidden & set(index.datasets[pos]):
        raise NotFoundError(f"no entity with id {entity_id}")
    if pos is not None and index.ids[pos] != entity_id:
        return RedirectResponse(f"/entities/{index.ids[pos]}", status_code=308)
    with engine.connect() as conn:
        if pos is not None:
            data = entity_dict(index, pos)
            members = index.referents[pos]
        else:
            entity = read.get_entity(conn, entity_id)
            if entity is None or hidden & set(entity.datasets):
                raise NotFoundError(f"no entity with id {entity_id}")
            data = {**entity.to_dict(), "referents": [], "target": False}
            members = [entity_id]
        if nested:
            data["properties"] = _with_adjacent(conn, dict(data["properties"]), members)
    return JSONBytes(data)


def _with_adjacent(conn: Any, props: dict[str, list[Any]], members: list[str]) -> dict[str, Any]:
    for member in members:
        for other in read.related(conn, member):
            for prop in other.schema.properties.values():
                if prop.type != registry.entity or prop.reverse is None:
                    continue
                if member in other.get(prop):
                    nested = {**other.to_dict(), "referents": [], "target": False}
                    props.setdefault(prop.reverse.name, []).append(nested)
    return props
