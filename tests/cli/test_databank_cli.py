"""The databank commands on the real list files: ingest, sources, show, history, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.clitools import interlist

from interlist.store import open_engine
from interlist.store import tables as t


@pytest.fixture(scope="module")
def loaded_db(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding every file of ../shared/data/lists, loaded through the CLI."""
    from tests.conftest import module_db_url

    with module_db_url(tmp_path_factory.mktemp("db")) as url:
        run = interlist("ingest", str(lists_dir), db=url)
        assert run.code == 0, run.stderr
        yield url


def _counts(url: str) -> tuple[int, int]:
    engine = open_engine(url)
    with engine.connect() as conn:
        statements = conn.scalar(select(func.count()).select_from(t.statement))
        versions = conn.scalar(select(func.count()).select_from(t.source_version))
    engine.dispose()
    return int(statements or 0), int(versions or 0)


def test_every_source_is_loaded(loaded_db: str) -> None:
    summary = interlist("sources", "--json", db=loaded_db).json()
    names = {s["name"] for s in summary}
    assert {"un_sc", "us_ofac_sdn", "us_ofac_cons", "us_csl", "gb_ofsi"} <= names
    un = next(s for s in summary if s["name"] == "un_sc")
    assert un["listed"] == {"Person": 730, "Organization": 273}


def test_loading_again_changes_nothing(loaded_db: str, lists_dir: Path) -> None:
    before = _counts(loaded_db)
    run = interlist("ingest", str(lists_dir), db=loaded_db)
    assert run.code == 0, run.stderr
    assert "already loaded" in run.stdout and "nothing changed" in run.stdout
    assert _counts(loaded_db) == before


def test_show_gives_provenance_of_each_statement(loaded_db: str) -> None:
    data = interlist("show", "un-sc-6907993", "--json", db=loaded_db).json()
    assert data["schema"] == "Person"
    assert data["listed"] is True
    sources = {st["source"] for st in data["statements"]}
    assert sources == {"un_sc"}
    assert all(st["first_seen"] and st["last_seen"] for st in data["statements"])


def test_show_unknown_entity_is_a_clean_error(loaded_db: str) -> None:
    run = interlist("show", "no-such-id", db=loaded_db)
    assert run.code == 1
    assert "no entity with id no-such-id" in run.stderr
    assert "Traceback" not in run.stderr


def test_export_writes_every_entity_once(loaded_db: str, tmp_path: Path) -> None:
    target = tmp_path / "export.jsonl"
    run = interlist("export", "--format", "ftm", "-o", str(target), db=loaded_db)
    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in target.read_text().splitlines()]
    ids = [r["id"] for r in records]
    engine = open_engine(loaded_db)
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(t.entity))
        delisted = conn.scalar(select(func.count()).where(t.entity.c.listed.is_(False)))
    engine.dispose()
    assert len(ids) == len(set(ids)) == stored
    assert sum(1 for r in records if r["listed"] is False) == delisted
    assert delisted and delisted > 0  # the 2021 OFAC entries gone by 2024 stay, marked
