"""Backup and restore of the databank while the server runs.

SQLite: the online backup API copies a consistent snapshot page by page while others
read and write; a restore copies the backup back the same way, in one step that
readers see whole or not at all. PostgreSQL: ``pg_dump`` in its custom format (a
consistent snapshot, taken while others write) and ``pg_restore`` in one transaction
(``--single-transaction``): a failed restore leaves the databank as it was.

A backup is written beside its target and renamed into place only when complete, so a
killed backup leaves no half file under the target's name. A restore first verifies the
backup (its invariants and audit chain, :mod:`interlist.maintenance.check`) and refuses a
damaged one before touching the databank.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from interlist.errors import InvalidInputError, StoreError
from interlist.maintenance.check import Finding, check
from interlist.store import open_engine
from interlist.store.db import is_postgres


@dataclass
class Restored:
    """What a restore did: the backup it read and the checks its copy passed."""

    path: Path
    findings: list[Finding]


def backup(engine: Engine, target: Path) -> Path:
    """Write a consistent copy of the databank to `target` (a file)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        if not is_postgres(engine):
            _sqlite_copy(_sqlite_path(engine), partial)
        else:
            _run(["pg_dump", "--format=custom", "--compress=1", "--no-owner", f"--file={partial}",
                  *_schema_args(engine), f"--dbname={_libpq(engine)}"])  # fmt: skip
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(engine: Engine, source: Path) -> Restored:
    """Replace the databank's content with the backup at `source`, after verifying it."""
    if not source.is_file():
        raise InvalidInputError(f"{source}: no such backup file")
    if not is_postgres(engine):
        findings = _verified_sqlite(source)
        _sqlite_copy(source, _sqlite_path(engine))
    else:
        _run(["pg_restore", "--list", str(source)])  # refuses a damaged archive first
        _run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
              f"--dbname={_libpq(engine)}", str(source)])  # fmt: skip
        findings = check(engine)
    return Restored(source, findings)


def _verified_sqlite(source: Path) -> list[Finding]:
    """The checks of a SQLite backup, read from a scratch copy; raises if it fails one."""
    with _scratch_copy(source) as copy:
        try:
            with sqlite3.connect(copy) as conn:
                verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(f"{source}: not a SQLite databank backup ({exc})") from exc
        if verdict != "ok":
            raise InvalidInputError(f"{source}: the backup file is damaged: {verdict}")
        scratch = open_engine(f"sqlite:///{copy}")
        try:
            findings = check(scratch)
        finally:
            scratch.dispose()
    failed = [f for f in findings if not f.ok]
    if failed:
        reasons = "; ".join(f"{f.name}: {f.problems[0]}" for f in failed)
        raise InvalidInputError(f"{source}: the backup fails its checks ({reasons}); not restored")
    return findings


@contextmanager
def _scratch_copy(source: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="interlist-restore-") as folder:
        copy = Path(folder) / "check.sqlite"
        shutil.copyfile(source, copy)
        yield copy


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup from one file to another (the target replaced whole)."""
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise InvalidInputError("an in-memory databank has nothing to back up or restore")
    return Path(database)


def _libpq(engine: Engine) -> str:
    """The engine's URL as libpq (pg_dump, pg_restore) reads it, password included."""
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _schema_args(engine: Engine) -> list[str]:
    """``--schema`` when the URL confines the databank to one schema (a search_path)."""
    query = parse_qs(urlsplit(_libpq(engine)).query)
    for option in query.get("options", []):
        for part in unquote(option).split():
            if part.startswith("-csearch_path="):
                return [f"--schema={part.split('=', 1)[1]}"]
    return []


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise StoreError(f"{command[0]} is not installed: PostgreSQL's client tools are "
                         "needed for a PostgreSQL backup") from exc  # fmt: skip
    if done.returncode != 0:
        raise StoreError(f"{command[0]} failed: {done.stderr.strip()[:500]}")
