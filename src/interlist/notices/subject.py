"""The subject of a wanted notice as an FtM ``Person`` of the source ``notices``.

The issuing state gives FtM property names (``name``, ``alias``, ``firstName``,
``birthDate``, ``nationality``, ``passportNumber``...); values are cleaned by FtM
(dates, countries) and kept as given otherwise. Published, the subject also carries
the topics ``wanted`` and the offence's topic (``crime.terror``...).
"""

from __future__ import annotations

from typing import Any

from followthemoney import model as ftm_model
from followthemoney.statement import StatementEntity

from interlist.errors import InvalidInputError
from interlist.model import make_entity

SOURCE = "notices"
PREFIX = "notices-"


def entity_id(record_id: int) -> str:
    return f"{PREFIX}{record_id}"


def cleaned(properties: dict[str, Any]) -> dict[str, list[str]]:
    """The subject's properties cleaned by FtM; 422 naming a property that is not a
    Person's, or when no name is left."""
    schema = ftm_model.get("Person")
    assert schema is not None
    entity = make_entity("Person", f"{PREFIX}draft", SOURCE)
    for prop, values in properties.items():
        if prop not in schema.properties or prop in ("topics", "id"):
            raise InvalidInputError(f"not a Person property: {prop}", f"subject.properties.{prop}")
        items = values if isinstance(values, list | tuple) else [values]
        for value in items:
            if value is not None and str(value).strip():
                entity.add(prop, str(value).strip(), quiet=True)
    found: dict[str, list[str]] = entity.to_dict()["properties"]
    props = {prop: sorted(values) for prop, values in sorted(found.items())}  # as stored
    if not props.get("name"):
        raise InvalidInputError("the subject needs at least one name", "subject.properties.name")
    return props


def caption(properties: dict[str, list[str]]) -> str:
    names = properties.get("name") or ["?"]
    return names[0]


def entity(eid: str, properties: dict[str, list[str]], topic: str) -> StatementEntity:
    """The published subject: its properties and the topics `wanted` and `topic`."""
    found = make_entity("Person", eid, SOURCE)
    for prop, values in properties.items():
        for value in values:
            found.add(prop, value, quiet=True)
    for name in ("wanted", topic):
        found.add("topics", name, quiet=True)
    return found
