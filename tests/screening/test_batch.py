"""Batch screening: every row answered in order, bad rows reported, same results on
one process, several processes, Dask, and through the `interlist screen` command."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.screening.batch import run_batch
from interlist.screening.index import ScreeningIndex
from interlist.screening.records import column_map
from interlist.screening.screen import ScreenOptions
from interlist.screening.storage import index_path
from interlist.settings import Settings
from tests.clitools import interlist
from tests.screening.kit import load_small

NAMES = ["Usama bin Ladin", "Ivan Petrov", "", "Gudrun Svensdottir", "Владимир Путин"] * 60
COLUMNS = column_map(["name=full_name", "birth_date=dob"])


def _input(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["customer", "full_name", "dob"])
        for i, name in enumerate(NAMES):
            out.writerow([f"c{i}", name, "31.02.1980" if i % 5 == 3 else ""])
    return path


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_reports_every_row_in_order(small_index: ScreeningIndex, tmp_path: Path) -> None:
    columns = {**COLUMNS, "id": "customer"}
    summary = run_batch(
        small_index, _input(tmp_path / "in.csv"), tmp_path / "out.jsonl", columns, ScreenOptions()
    )
    records = _records(tmp_path / "out.jsonl")
    assert [r["row"] for r in records] == list(range(1, len(NAMES) + 1))
    assert records[0]["id"] == "c0"
    assert {h["entity_id"] for h in records[0]["results"]} == {"t-1", "o-2"}
    assert records[2]["error"].startswith("no name") and records[2]["results"] == []
    assert "birth_date" in records[3]["error"]
    assert summary.rows == len(NAMES) and summary.bad == 120
    assert summary.with_matches == 180 and summary.rows_per_second > 0
    assert summary.bad_rows[0] == {"row": 3, "id": "c2", "error": records[2]["error"]}


def test_workers_give_the_same_output(small_index: ScreeningIndex, tmp_path: Path) -> None:
    source = _input(tmp_path / "in.csv")
    run_batch(small_index, source, tmp_path / "one.jsonl", COLUMNS, ScreenOptions(), workers=1)
    run_batch(small_index, source, tmp_path / "two.jsonl", COLUMNS, ScreenOptions(), workers=2)
    assert _records(tmp_path / "one.jsonl") == _records(tmp_path / "two.jsonl")


def test_dask_engine_gives_the_same_output(small_index: ScreeningIndex, tmp_path: Path) -> None:
    from interlist.screening.dask_engine import dask_client, run_dask

    source = _input(tmp_path / "in.csv")
    run_batch(small_index, source, tmp_path / "local.jsonl", COLUMNS, ScreenOptions())
    with dask_client(None, workers=2) as client:
        summary = run_dask(
            small_index, source, tmp_path / "dask.jsonl", COLUMNS, ScreenOptions(), client
        )
    assert summary.rows == len(NAMES)
    assert _records(tmp_path / "dask.jsonl") == _records(tmp_path / "local.jsonl")


def test_unreachable_scheduler_is_a_clear_error() -> None:
    from interlist.errors import ConfigError
    from interlist.screening.dask_engine import dask_client

    with pytest.raises(ConfigError, match="cannot reach"), dask_client("tcp://127.0.0.1:9", 1, 1.0):
        pass


def test_screen_command(engine: Engine, db_url: str, tmp_path: Path) -> None:
    load_small(engine)
    source = _input(tmp_path / "in.csv")
    env = {"INTERLIST_HOME": str(tmp_path / "home")}
    args = ["screen", str(source), "-o", str(tmp_path / "out.csv"), "--column", "name=full_name"]
    run = interlist(*args, "--column", "birth_date=dob", "--workers", "2", db=db_url, env=env)
    assert run.code == 0, run.stderr
    assert "300 rows" in run.stdout and "120 bad rows" in run.stdout
    assert "row 3 (id 3): no name" in run.stdout
    with open(tmp_path / "out.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(NAMES) and rows[1]["top_entity_id"] == "o-1"


def test_screen_command_rejects_unknown_engine(db_url: str, tmp_path: Path) -> None:
    source = _input(tmp_path / "in.csv")
    env = {"INTERLIST_HOME": str(tmp_path / "home")}
    run = interlist("screen", str(source), "-o", str(tmp_path / "o.jsonl"), "--engine", "spark",
                    db=db_url, env=env)  # fmt: skip
    assert run.code == 1 and "unknown engine" in run.stderr


def test_screen_command_checks_files_first(db_url: str, tmp_path: Path) -> None:
    env = {"INTERLIST_HOME": str(tmp_path / "home")}
    missing = interlist("screen", str(tmp_path / "none.csv"), "-o", str(tmp_path / "o.jsonl"),
                        db=db_url, env=env)  # fmt: skip
    assert missing.code == 1 and "no such file" in missing.stderr
    source = _input(tmp_path / "in.csv")
    wrong = interlist("screen", str(source), "-o", str(tmp_path / "o.xml"), db=db_url, env=env)
    assert wrong.code == 1 and "unknown output type" in wrong.stderr
    settings = Settings(home=tmp_path / "home", database_url=db_url)
    assert not index_path(settings).exists()  # failed before building anything
