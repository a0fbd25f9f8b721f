"""Versions of one list: the 2021 OFAC set then the 2024 SDN file, and bad files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from sqlalchemy import func, select

from interlist.databank import ingest
from interlist.store import open_engine, read
from interlist.store import tables as t
from interlist.store.ingest import LoadResult
from tests.clitools import interlist


def _sdn_rows(path: Path) -> dict[str, list[str]]:
    """ent_num -> the raw row of an OFAC sdn.csv, read independently of the parser."""
    text = path.read_text("latin-1").replace("\x1a", "")
    return {row[0]: row for row in csv.reader(text.splitlines()) if row and row[0].isdigit()}


def _companion_ids(folder: Path) -> set[str]:
    """ent_nums with an alias or an address that says something (not all "-0-")."""
    ids: set[str] = set()
    for name in ("alt.csv", "add.csv"):
        text = (folder / name).read_text("latin-1").replace("\x1a", "")
        for row in csv.reader(text.splitlines()):
            if row and row[0].isdigit() and any(v.strip() != "-0-" for v in row[2:]):
                ids.add(row[0])
    return ids


def test_ofac_2021_then_2024_records_added_changed_delisted(lists_dir: Path, db_url: str) -> None:
    old_set = lists_dir / "us_ofac" / "set_2021-07-07"
    new_file = lists_dir / "us_ofac" / "sdn_2024-05-03.csv"
    engine = open_engine(db_url)
    first = ingest(engine, [old_set / "sdn.csv"])
    second = ingest(engine, [new_file])
    assert isinstance(first[0], LoadResult) and isinstance(second[0], LoadResult)
    result = second[0]
    old, new = _sdn_rows(old_set / "sdn.csv"), _sdn_rows(new_file)
    target = {f"us-ofac-{n}" for n in new.keys() - old.keys()}
    gone = {f"us-ofac-{n}" for n in old.keys() - new.keys()}
    assert target <= set(result.added)
    assert gone <= set(result.delisted)
    assert {e for e in result.added if e.startswith("us-ofac-") and "-" not in e[8:]} == target
    assert {e for e in result.delisted if e.startswith("us-ofac-") and "-" not in e[8:]} == gone
    edited = {f"us-ofac-{n}" for n in old.keys() & new.keys() if old[n] != new[n]}
    lost_aliases = {f"us-ofac-{n}" for n in _companion_ids(old_set) & new.keys()}
    changed = set(result.changed)
    assert edited - changed == set()
    assert lost_aliases - changed == set()
    with engine.connect() as conn:
        some_gone = sorted(gone)[0]
        assert read.listings(conn, some_gone)[0].delisted_on is not None
        kinds = [e.kind for e in read.history(conn, some_gone)]
    assert kinds == ["added", "delisted"]
    again = ingest(engine, [old_set / "sdn.csv", new_file])
    assert all(not isinstance(o, LoadResult) for o in again)
    engine.dispose()


def _store_size(url: str) -> tuple[int, int, int]:
    engine = open_engine(url)
    with engine.connect() as conn:
        sizes = tuple(
            int(conn.scalar(select(func.count()).select_from(table)) or 0)
            for table in (t.statement, t.source_version, t.entity)
        )
    engine.dispose()
    return sizes  # type: ignore[return-value]


def test_truncated_file_is_rejected_and_nothing_changes(
    lists_dir: Path, tmp_path: Path, db_url: str
) -> None:
    good = tmp_path / "lists" / "uk"
    good.mkdir(parents=True)
    shutil.copy(lists_dir / "uk" / "ConList_fragment_2020.csv", good)
    assert interlist("ingest", str(good), db=db_url).code == 0
    before = _store_size(db_url)
    raw = (lists_dir / "un" / "UN_consolidated_2026-02-27.xml").read_bytes()
    broken = tmp_path / "lists" / "un.xml"
    broken.write_bytes(raw[: len(raw) // 2])
    run = interlist("ingest", str(tmp_path / "lists"), db=db_url)
    assert run.code == 1
    assert str(broken) in run.stderr and "line" in run.stderr
    assert "Traceback" not in run.stderr
    assert _store_size(db_url) == before


def test_unknown_format_names_the_file(tmp_path: Path, db_url: str) -> None:
    odd = tmp_path / "notes.csv"
    odd.write_text("a,b,c\n1,2,3\n")
    run = interlist("ingest", str(odd), db=db_url)
    assert run.code == 1
    assert f"{odd}: not a list file in a known format" in run.stderr
