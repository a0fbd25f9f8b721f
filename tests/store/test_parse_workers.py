"""The parse workers of `interlist ingest` end with their parent, also when the parent
is killed (SIGKILL, or SIGTERM as `systemctl stop` or a timeout sends) and cannot shut
its pool down (issue 24); a first load's deferred indexes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from interlist.databank import ingest
from interlist.errors import InterlistError
from interlist.store import open_engine
from interlist.store import tables as t

# An ingest whose parsing never ends: the workers sleep in parse_file.
SCRIPT = """
import sys, time
from pathlib import Path
import interlist.databank as databank
from interlist.store import open_engine

def slow_parse(path, digest):
    time.sleep(120)

databank.parse_file = slow_parse
databank.ingest(open_engine(sys.argv[1]), [Path(sys.argv[2])])
"""


def _entity_file(path: Path, entity_id: str) -> None:
    entity = {"id": entity_id, "schema": "Person", "properties": {"name": [entity_id]}}
    path.write_text(json.dumps(entity) + "\n", encoding="utf-8")


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie that nobody reaped is not running)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_ingest_is_killed(tmp_path: Path, sig: signal.Signals) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    _entity_file(folder / "first.jsonl", "w-1")
    _entity_file(folder / "second.jsonl", "w-2")
    url = f"sqlite:///{tmp_path / 'bank.sqlite'}"
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(folder)])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            assert parent.poll() is None, "the ingest ended before its workers started"
            workers = _children(parent.pid)
            time.sleep(0.1)
        assert len(workers) == 2, "the ingest did not start its two parse workers"
        parent.send_signal(sig)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        assert left == [], f"parse workers {left} outlived their killed parent"
    finally:
        parent.kill()
        for worker in workers:  # so that a failure leaves no sleeping worker behind
            with contextlib.suppress(OSError):
                os.kill(worker, signal.SIGKILL)


def _indexes(url: str) -> set[str]:
    engine = open_engine(url)
    with engine.connect() as conn:
        names = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        found = {row[0] for row in names}
    engine.dispose()
    return found


def test_first_load_keeps_the_indexes_and_a_bad_file_changes_nothing(tmp_path: Path) -> None:
    """A first load into an empty databank builds the statements' indexes at its end (on
    SQLite); when a file is bad, the whole load rolls back, the indexes with it."""
    url = f"sqlite:///{tmp_path / 'bank.sqlite'}"
    before = _indexes(url)
    assert {"ix_statement_entity_id", "ix_statement_value"} <= before
    folder = tmp_path / "lists"
    folder.mkdir()
    _entity_file(folder / "first.jsonl", "w-1")
    (folder / "second.jsonl").write_text('{"id": "w-2", "schema": "Person", "prop', "utf-8")
    engine = open_engine(url)
    with pytest.raises(InterlistError):
        ingest(engine, [folder])
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(t.statement)) == 0
    assert _indexes(url) == before
    (folder / "second.jsonl").unlink()
    ingest(engine, [folder])
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(t.statement)) > 0
    engine.dispose()
    assert _indexes(url) == before


def _keys_and_indexes(url: str) -> dict[str, tuple[list[str], list[str]]]:
    """Index names and foreign keys (column -> referred table) of the deferred tables."""
    engine = open_engine(url)
    found: dict[str, tuple[list[str], list[str]]] = {}
    for table in ("statement", "change", "listing"):
        view = inspect(engine)
        indexes = sorted(str(ix["name"]) for ix in view.get_indexes(table))
        keys = sorted(
            f"{','.join(fk['constrained_columns'])}->{fk['referred_table']}"
            for fk in view.get_foreign_keys(table)
        )
        found[table] = (indexes, keys)
    engine.dispose()
    return found


def test_first_load_restores_indexes_and_foreign_keys_on_either_database(
    db_url: str, tmp_path: Path
) -> None:
    """A first load drops the indexes (and on PostgreSQL the foreign keys) of statement,
    change and listing and adds them again at its end; a failed load rolls the drop back."""
    before = _keys_and_indexes(db_url)
    assert "source->source" in before["statement"][1]
    assert "ix_statement_value" in before["statement"][0]
    lists = tmp_path / "lists"
    lists.mkdir()
    _entity_file(lists / "first.jsonl", "fk-1")
    (lists / "second.jsonl").write_text('{"id": "fk-2", "schema": "Person", "prop', "utf-8")
    engine = open_engine(db_url)
    with pytest.raises(InterlistError):
        ingest(engine, [lists])
    assert _keys_and_indexes(db_url) == before
    (lists / "second.jsonl").unlink()
    ingest(engine, [lists])
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(t.listing)) == 1
    engine.dispose()
    assert _keys_and_indexes(db_url) == before
