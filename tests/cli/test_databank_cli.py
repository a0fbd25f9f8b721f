"""The databank commands on the real list files: ingest, sources, show, history, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from interlist.store import open_engine
from interlist.store import tables as t
from tests.clitools import interlist
from tests.conftest import copy_database, module_db_url

# Real list files of three publishers in three formats; the big OFAC and CSL files are
# loaded by tests/cli/test_versions.py, test_fetch.py and benchmarks/ingest.py.
LOADED = ("un", "uk", "us_ofac/cons_nonsdn_2024-05-06.xml")


@pytest.fixture(scope="module")
def loaded_once(lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding real list files, loaded through the CLI once for the module."""
    with module_db_url(tmp_path_factory.mktemp("loaded")) as url:
        run = interlist("ingest", *(str(lists_dir / name) for name in LOADED), db=url)
        assert run.code == 0, run.stderr
        yield url


@pytest.fixture
def loaded_db(loaded_once: str, db_url: str) -> str:
    """This test's own copy of that database (the tests change it)."""
    copy_database(loaded_once, db_url)
    return db_url


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
    assert names == {"un_sc", "us_ofac_cons", "gb_ofsi"}
    un = next(s for s in summary if s["name"] == "un_sc")
    assert un["listed"] == {"Person": 730, "Organization": 273}


def test_loading_again_changes_nothing(loaded_db: str, lists_dir: Path) -> None:
    before = _counts(loaded_db)
    run = interlist("ingest", *(str(lists_dir / name) for name in LOADED), db=loaded_db)
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


def _without_last_group(uk: Path, target: Path) -> str:
    """A copy of the UK fragment without its last group (the next "version" of the list)."""
    lines = uk.read_bytes().rstrip(b"\r\n").split(b"\n")
    group = lines[-1].rstrip(b"\r").rsplit(b",", 1)[1]
    kept = [line for line in lines if line.rstrip(b"\r").rsplit(b",", 1)[-1] != group]
    target.write_bytes(b"\n".join(kept) + b"\n")
    return f"gb-ofsi-{group.decode()}"


def test_export_writes_every_entity_once(loaded_db: str, lists_dir: Path, tmp_path: Path) -> None:
    newer = tmp_path / "ConList.csv"
    gone = _without_last_group(lists_dir / "uk" / "ConList_fragment_2020.csv", newer)
    assert interlist("ingest", str(newer), db=loaded_db).code == 0
    target = tmp_path / "export.jsonl"
    run = interlist("export", "--format", "ftm", "-o", str(target), db=loaded_db)
    assert run.code == 0, run.stderr
    records = {r["id"]: r for r in map(json.loads, target.read_text().splitlines())}
    engine = open_engine(loaded_db)
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(t.entity))
        delisted = conn.scalar(select(func.count()).where(t.entity.c.listed.is_(False)))
    engine.dispose()
    assert len(records) == stored
    assert sum(1 for r in records.values() if r["listed"] is False) == delisted
    assert records[gone]["listed"] is False
    assert records[gone]["properties"]["name"]


def test_two_exports_of_the_same_data_are_byte_identical(loaded_db: str, tmp_path: Path) -> None:
    """Property values, keys and entities come out in one order, whatever the process's
    hash seed (sets of values are ordered differently from one process to the next)."""
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"export-{seed}.jsonl"
        run = interlist("export", "-o", str(target), db=loaded_db, env={"PYTHONHASHSEED": seed},
                       process=True)  # fmt: skip
        assert run.code == 0, run.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000
