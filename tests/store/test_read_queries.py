"""The databank's read queries that run over every entity stay fast on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, text

from interlist.store import read
from interlist.store.ingest import load, snapshot
from tests.factory import parsed, person


def test_entities_delisted_everywhere_are_found(engine: Engine) -> None:
    first = parsed(person("t-1", "Ivan Petrov"), person("t-2", "Anna Ivanova"),
                   published=date(2024, 1, 1))  # fmt: skip
    load(engine, snapshot(first, "h1", "test"))
    load(engine, snapshot(parsed(person("t-1", "Ivan Petrov"), published=date(2024, 2, 1)),
                          "h2", "test"))  # fmt: skip
    with engine.connect() as conn:
        gone = read.without_open_statements(conn)
    assert "t-2" in gone and all(eid.startswith("t-2") for eid in gone)  # with its sanction


def test_no_subplan_over_the_statements_on_postgresql(engine: Engine) -> None:
    """`interlist export` on PostgreSQL: a NOT IN (SELECT ...) became a subplan that
    did not finish on the shared lists (issue 24); an anti-join does."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL query plan")
    query = read.without_open_statements_query()
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = "\n".join(row[0] for row in conn.execute(text(f"EXPLAIN {sql}")))
    assert "SubPlan" not in plan, plan
    assert "Anti Join" in plan, plan
