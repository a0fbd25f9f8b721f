"""Sources restricted to named agencies are hidden from every other agency."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from interlist.access import restrict
from interlist.errors import NotFoundError
from interlist.sources.base import SourceInfo
from interlist.store.ingest import load, snapshot
from tests.clitools import interlist
from tests.factory import parsed, person

NATIONAL = SourceInfo(name="kz_national", title="National list", publisher="KZ FMC")


@pytest.fixture
def two_sources(engine: Engine) -> Engine:
    load(engine, snapshot(parsed(person("t-1", "Ivan Petrov")), "h1", "test"))
    load(engine, snapshot(parsed(person("kz-1", "Иван Петров"), info=NATIONAL), "h2", "test"))
    return engine


def test_restricted_source_is_hidden_from_others(two_sources: Engine) -> None:
    with two_sources.begin() as conn:
        assert restrict.hidden_sources(conn, "kz_fmc") == frozenset()
        restrict.restrict_source(conn, "kz_national", ["kz_fmc"])
        assert restrict.restrictions(conn) == {"kz_national": ["kz_fmc"], "test_list": None}
        assert restrict.hidden_sources(conn, "kz_fmc") == frozenset()
        assert restrict.hidden_sources(conn, "ru_rosfin") == {"kz_national"}
        assert restrict.hidden_sources(conn, None) == {"kz_national"}
        restrict.restrict_source(conn, "kz_national", None)
        assert restrict.hidden_sources(conn, "ru_rosfin") == frozenset()
        with pytest.raises(NotFoundError):
            restrict.restrict_source(conn, "nope", ["a"])


def test_filter_results_drops_and_strips(two_sources: Engine) -> None:
    results = [
        {"entity_id": "kz-1", "datasets": ["kz_national"], "referents": ["kz-1"]},
        {"entity_id": "NK-1", "datasets": ["kz_national", "test_list"],
         "referents": ["kz-1", "t-1"]},
        {"entity_id": "t-1", "datasets": ["test_list"], "referents": []},
    ]  # fmt: skip
    with two_sources.begin() as conn:
        restrict.restrict_source(conn, "kz_national", ["kz_fmc"])
        other = restrict.filter_results(conn, results, restrict.hidden_sources(conn, "ru"))
        own = restrict.filter_results(conn, results, restrict.hidden_sources(conn, "kz_fmc"))
    assert [r["entity_id"] for r in other] == ["NK-1", "t-1"]
    assert other[0]["datasets"] == ["test_list"] and other[0]["referents"] == ["t-1"]
    assert own == results


def test_cli_restrict(db_url: str, two_sources: Engine) -> None:
    run = interlist("agencies", "restrict", "kz_national", "--agency", "kz_fmc", db=db_url)
    assert run.code == 0, run.stderr
    with two_sources.connect() as conn:
        assert restrict.hidden_sources(conn, "other") == {"kz_national"}
    listed = interlist("agencies", "list", db=db_url)
    assert "kz_fmc" in listed.stdout and "kz_national" in listed.stdout
    both = interlist("agencies", "restrict", "kz_national", db=db_url)
    assert both.code == 1 and "--everyone" in both.stderr
    assert interlist("agencies", "restrict", "kz_national", "--everyone", db=db_url).code == 0
    with two_sources.connect() as conn:
        assert restrict.hidden_sources(conn, "other") == frozenset()
