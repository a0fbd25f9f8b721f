"""Ingesting list files into the databank: find, fingerprint, parse, order, load.

Files already loaded (same SHA-256) are reported unchanged without being
parsed again. The others are parsed first, then loaded oldest publication
first, so that a folder holding two versions of one list builds the right
history. A file older than what its source already holds is refused unless
``allow_older`` is given, since loading it would delist what is newer.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from interlist import sources
from interlist.errors import SourceError
from interlist.store import tables as t
from interlist.store.ingest import LoadResult, Snapshot, file_sha256, find_loaded, load, snapshot

Progress = Callable[[str, Path], None]
MAX_WORKERS = 4


@dataclass
class Unchanged:
    """A file whose exact content is already loaded."""

    file: Path
    source: str
    version_id: int


Outcome = LoadResult | Unchanged


def ingest(
    engine: Engine,
    paths: Iterable[Path],
    progress: Progress | None = None,
    allow_older: bool = False,
) -> list[Outcome]:
    """Load every list file under `paths`; each file is one version, all or nothing.

    All files are parsed (in parallel worker processes when there are several)
    before any is loaded, so a bad file stops the whole run with nothing stored.
    """
    step = progress or (lambda _stage, _path: None)
    outcomes: list[Outcome] = []
    todo: list[tuple[Path, str]] = []
    for path in sources.discover(paths):
        digest = file_sha256(path)
        known = find_loaded(engine, digest)
        if known:
            outcomes.append(Unchanged(path, known[0], known[1]))
            step("unchanged", path)
        else:
            todo.append((path, digest))
    snaps = _parse_all(todo, step)
    for snap in sorted(snaps, key=_publication_order):
        _check_not_older(engine, snap, allow_older)
        step("load", snap.path)
        outcomes.append(load(engine, snap))
    return outcomes


def parse_file(path: Path, digest: str) -> Snapshot:
    """Detect, parse and reduce one file (runs in a worker process)."""
    fmt = sources.detect(path)
    return snapshot(fmt.parse(path), digest, fmt.name)


def _parse_all(todo: list[tuple[Path, str]], step: Progress) -> list[Snapshot]:
    for path, _ in todo:
        sources.detect(path)  # unknown formats fail before any work starts
    if len(todo) < 2:
        snaps = [parse_file(path, digest) for path, digest in todo]
        for snap in snaps:
            step("parsed", snap.path)
        return snaps
    workers = min(len(todo), os.cpu_count() or 1, MAX_WORKERS)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(parse_file, path, digest) for path, digest in todo]
        snaps = []
        for future in futures:
            snaps.append(future.result())
            step("parsed", snaps[-1].path)
    return snaps


def _publication_order(snap: Snapshot) -> tuple[str, date]:
    return (snap.source.name, snap.publisher_date or date.max)


def _check_not_older(engine: Engine, parsed: Snapshot, allow_older: bool) -> None:
    if allow_older or parsed.publisher_date is None:
        return
    v = t.source_version.c
    query = select(func.max(v.publisher_date)).where(v.source == parsed.source.name)
    with engine.connect() as conn:
        newest = conn.scalar(query)
    if newest is not None and parsed.publisher_date < newest:
        raise SourceError(
            f"{parsed.path}: published {parsed.publisher_date}, older than the version of "
            f"{parsed.source.name} already loaded ({newest}); loading it would delist newer "
            "entries. Use --allow-older to load it anyway."
        )
