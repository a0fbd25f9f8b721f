"""`interlist backup` and `interlist restore`: a restored databank passes its checks,
verifies its audit chain and gives the same export; a damaged backup is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.access import audit
from interlist.errors import InvalidInputError, StoreError
from interlist.maintenance.backup import backup, restore
from tests.clitools import interlist
from tests.cooperation.kit import PEOPLE, load, national_csv, setup_states


@pytest.fixture
def listed(engine: Engine, tmp_path: Path) -> Engine:
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    return engine


def exported(db_url: str, folder: Path, name: str) -> bytes:
    target = folder / name
    done = interlist("export", "-o", str(target), db=db_url)
    assert done.code == 0, done.stderr
    return target.read_bytes()


def test_restore_gives_back_the_databank_as_it_was(listed: Engine, db_url: str,
                                                   tmp_path: Path) -> None:  # fmt: skip
    before = exported(db_url, tmp_path, "before.json")
    saved = interlist("backup", str(tmp_path / "bank.backup"), db=db_url)
    assert saved.code == 0, saved.stderr
    fewer = {k: v for k, v in PEOPLE.items() if k not in ("P-1", "P-2")}
    load(listed, national_csv(tmp_path, fewer, "2026-02-10"))
    assert exported(db_url, tmp_path, "changed.json") != before
    restored = interlist("restore", str(tmp_path / "bank.backup"), db=db_url)
    assert restored.code == 0, restored.stderr
    assert exported(db_url, tmp_path, "after.json") == before
    assert audit.verify(listed).ok
    assert interlist("check", db=db_url).code == 0
    actions = [e.action for e in audit.entries(listed)]
    assert "restore" in actions and "backup" not in actions  # the backup was taken before it


def test_a_damaged_backup_is_refused_and_changes_nothing(listed: Engine, db_url: str,
                                                         tmp_path: Path) -> None:  # fmt: skip
    before = exported(db_url, tmp_path, "before.json")
    path = backup(listed, tmp_path / "bank.backup")
    data = bytearray(path.read_bytes())
    half = tmp_path / "half.backup"
    half.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises((InvalidInputError, StoreError)):
        restore(listed, half)
    with pytest.raises(InvalidInputError, match="no such backup file"):
        restore(listed, tmp_path / "missing.backup")
    assert exported(db_url, tmp_path, "after.json") == before


def test_a_backup_never_leaves_a_half_file_under_its_name(listed: Engine, tmp_path: Path) -> None:
    path = backup(listed, tmp_path / "sub" / "bank.backup")
    assert path.is_file() and path.stat().st_size > 0
    assert [p.name for p in path.parent.iterdir()] == ["bank.backup"]
