"""Loading versions: statements kept with provenance, history, delisting, atomicity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from interlist.errors import StoreError
from interlist.store import read
from interlist.store import tables as t
from interlist.store.ingest import load, snapshot
from tests.factory import TEST_SOURCE, parsed, person


def _count(engine: Engine, table: t.Table) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_first_load_adds_every_entity(engine: Engine) -> None:
    source = parsed(person("t-1", "Ivan Petrov"), person("t-2", "Anna Ivanova"))
    result = load(engine, snapshot(source, "h1", "test"))
    assert result.added == sorted(e.id for e in source.entities)
    assert result.changed == [] and result.delisted == []
    with engine.connect() as conn:
        entity = read.get_entity(conn, "t-1")
    assert entity is not None
    assert entity.get("name") == ["Ivan Petrov"]
    assert entity.schema.name == "Person"


def test_statements_keep_original_value_and_language(engine: Engine) -> None:
    entity = person("t-1", "Ivan Petrov")
    entity.add("alias", "Иван Петров", lang="rus")
    entity.add("birthDate", "1970", original_value="approximately 1970")
    load(engine, snapshot(parsed(entity), "h1", "test"))
    with engine.connect() as conn:
        rows = {r.prop: r for r in read.statements_of(conn, "t-1")}
    assert rows["alias"].lang == "rus"
    assert rows["birthDate"].original_value == "approximately 1970"
    assert rows["name"].source == "test_list"


def test_second_version_records_added_changed_delisted(engine: Engine) -> None:
    v1 = parsed(
        person("t-1", "Ivan Petrov"), person("t-2", "Anna Ivanova"), published=date(2024, 1, 1)
    )
    load(engine, snapshot(v1, "h1", "test"))
    changed = person("t-1", "Ivan Petrov", birthDate="1970-01-01")
    v2 = parsed(changed, person("t-3", "Omar Said"), published=date(2024, 2, 1))
    result = load(engine, snapshot(v2, "h2", "test"))
    assert "t-3" in result.added
    assert result.changed == ["t-1"]
    assert "t-2" in result.delisted
    with engine.connect() as conn:
        events = read.history(conn, "t-1")
        gone = read.listings(conn, "t-2")
        still = read.get_entity(conn, "t-2", closed=True)
    assert [e.kind for e in events] == ["added", "changed"]
    assert events[1].detail["added"] == {"birthDate": ["1970-01-01"]}
    assert gone[0].delisted_on == date(2024, 2, 1)
    assert still is not None and still.get("name") == ["Anna Ivanova"]


def test_nothing_is_deleted_when_a_fact_disappears(engine: Engine) -> None:
    load(engine, snapshot(parsed(person("t-1", "Ivan Petrov", alias="Vanya")), "h1", "test"))
    before = _count(engine, t.statement)
    load(engine, snapshot(parsed(person("t-1", "Ivan Petrov")), "h2", "test"))
    assert _count(engine, t.statement) == before
    with engine.connect() as conn:
        now = read.get_entity(conn, "t-1")
        ever = read.get_entity(conn, "t-1", closed=True)
    assert now is not None and now.get("alias") == []
    assert ever is not None and ever.get("alias") == ["Vanya"]


def test_relisted_entity_is_marked(engine: Engine) -> None:
    load(engine, snapshot(parsed(person("t-1", "A B"), person("t-2", "C D")), "h1", "test"))
    load(engine, snapshot(parsed(person("t-1", "A B")), "h2", "test"))
    result = load(
        engine, snapshot(parsed(person("t-1", "A B"), person("t-2", "C D")), "h3", "test")
    )
    assert "t-2" in result.relisted
    with engine.connect() as conn:
        assert read.listings(conn, "t-2")[0].delisted_on is None


def test_failed_load_leaves_the_store_as_it_was(engine: Engine) -> None:
    load(engine, snapshot(parsed(person("t-1", "Ivan Petrov")), "h1", "test"))
    before = (_count(engine, t.statement), _count(engine, t.source_version))
    bad = parsed(person("t-1", "Ivan Petrov"), person("y" * 300, "Too long"))
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite does not enforce column lengths; atomicity is tested via the CLI")
    with pytest.raises(StoreError):
        load(engine, snapshot(bad, "h2", "test"))
    assert (_count(engine, t.statement), _count(engine, t.source_version)) == before


def test_entity_delisted_by_one_source_is_listed_again_when_another_lists_it(
    engine: Engine,
) -> None:
    load(engine, snapshot(parsed(person("t-1", "A B"), person("t-2", "C D")), "h1", "test"))
    load(engine, snapshot(parsed(person("t-2", "C D")), "h2", "test"))
    other = replace(TEST_SOURCE, name="other_list")
    again = person("t-1", "A B", source="other_list")
    load(engine, snapshot(parsed(again, info=other), "h3", "test"))
    with engine.connect() as conn:
        listed = conn.scalar(select(t.entity.c.listed).where(t.entity.c.id == "t-1"))
    assert listed is True
