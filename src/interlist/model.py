"""The data model: FollowTheMoney entities made of statements, plus interlist's topics.

Parsers build :class:`followthemoney.StatementEntity` objects through
:func:`make_entity`; each value added becomes a statement that keeps its
original value, language and source. Topics FtM lacks are declared in
``resources/topics.yml`` and added with :func:`add_topic`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from followthemoney import model as ftm_model
from followthemoney.dataset import Dataset
from followthemoney.statement import StatementEntity
from followthemoney.types import registry

from interlist.matching import TARGET_SCHEMATA


@cache
def dataset(name: str, title: str | None = None) -> Dataset:
    """The FtM dataset object for a source name (one per source)."""
    return Dataset({"name": name, "title": title or name})


def make_entity(schema: str, entity_id: str, source: str) -> StatementEntity:
    """A new, empty entity of `schema` whose statements belong to `source`."""
    entity = StatementEntity(dataset(source), {"schema": schema, "id": entity_id})
    return entity


@cache
def extra_topics() -> dict[str, str]:
    """Topic keys interlist adds to FtM, with their labels."""
    text = resources.files("interlist").joinpath("resources/topics.yml").read_text("utf-8")
    return {item["key"]: item["label"] for item in yaml.safe_load(text)}


def topic_label(topic: str) -> str:
    """A human label for any topic, FtM's or interlist's own."""
    return extra_topics().get(topic) or registry.topic.caption(topic) or topic


def add_topic(entity: StatementEntity, topic: str) -> None:
    """Add a topic, accepting interlist's extra topics that FtM would reject."""
    if topic in extra_topics():
        entity.unsafe_add(entity.schema.properties["topics"], topic, cleaned=True)
    else:
        entity.add("topics", topic)


@cache
def is_target(schema_name: str) -> bool:
    """Whether entities of this schema are designated parties (not sanctions, documents...)."""
    schema = ftm_model.get(schema_name)
    if schema is None:
        return False
    return any(schema.is_a(name) for name in TARGET_SCHEMATA)


def entity_to_dict(entity: StatementEntity) -> dict[str, Any]:
    """Plain FtM dict of an entity (id, schema, properties)."""
    return entity.to_dict()
