"""Ingesting list files into the databank: find, fingerprint, parse, order, load.

Files already loaded (same SHA-256) are reported unchanged without being
parsed again. The others are parsed in worker processes while the main
process loads what is ready, all in ONE database transaction: if any file
turns out bad, nothing of the whole run is stored. Versions of one source
are loaded oldest publication first, so that a folder holding two versions of
a list builds the right history. A file older than what its source already
holds is refused unless ``allow_older`` is given, since loading it would
delist what is newer. A file that would delist a large share of its source's
designated parties (more than SHRINK_SHARE of them and more than SHRINK_MIN) is
held unless ``accept_shrink`` is given: a list cut short at the end of a row
looks complete, and loading it would delist everything after the cut.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from interlist import sources
from interlist.alerts.monitor import StoredPostings, screen_ingested
from interlist.cooperation.recognition import lapse_delisted
from interlist.errors import ListShrinkError, SourceError, StoreError
from interlist.freezes.basis import delisted as freezes_delisted
from interlist.sources.helpers import date_from_path
from interlist.store import tables as t
from interlist.store.db import CACHE_KIB, deferred_indexes
from interlist.store.ingest import (
    Known,
    LoadResult,
    Snapshot,
    file_sha256,
    find_loaded,
    load_in,
    snapshot,
)

Progress = Callable[[str, Path], None]
MAX_WORKERS = 2
# A version that would delist more than this share of its source's listed designated
# parties, and more than SHRINK_MIN of them, is held (ListShrinkError) unless accepted.
SHRINK_SHARE = 0.10
SHRINK_MIN = 10
LOAD_CACHE_KIB = -400_000  # 400 MB of pages while loading (negative: KiB, as SQLite takes it)
SORT_THREADS = 2  # threads SQLite may sort with when it builds an index at the end of a load


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
    accept_shrink: bool = False,
) -> list[Outcome]:
    """Load every list file under `paths`, all or nothing, one version per file."""
    step = progress or (lambda _stage, _path: None)
    outcomes: list[Outcome] = []
    todo: list[tuple[Path, str, str]] = []
    for path in sources.discover(paths):
        digest = file_sha256(path)
        known = find_loaded(engine, digest)
        if known:
            outcomes.append(Unchanged(path, known[0], known[1]))
            step("unchanged", path)
        else:
            todo.append((path, digest, sources.detect(path).name))
    if not todo:
        return outcomes
    try:
        # the statements of the sources that several files of this run feed, as loaded
        loaded: Known = {}
        several = {fmt for fmt, count in Counter(fmt for *_, fmt in todo).items() if count > 1}
        with without_gc(), engine.begin() as conn, _load_settings(conn), _first_load(conn):
            for snap in _in_load_order(_parsed(todo, step), todo):
                _check_not_older(conn, snap, allow_older)
                if not accept_shrink:
                    _check_shrink(conn, snap)
                step("load", snap.path)
                outcome = load_in(conn, snap, loaded if snap.fmt in several else None)
                outcome.lapsed = lapse_delisted(conn, outcome.source, outcome.delisted,
                                                outcome.version_id)  # fmt: skip
                freezes_delisted(conn, outcome.source, outcome.delisted, outcome.version_id)
                screen_ingested(conn, outcome)
                outcomes.append(outcome)
    except SQLAlchemyError as exc:
        raise StoreError(f"loading failed, nothing was stored: {exc}") from exc
    return outcomes


@contextmanager
def _load_settings(conn: Connection) -> Iterator[None]:
    """On SQLite, for this load's connection: a page cache big enough for a whole first
    load (a smaller one writes pages out to the journal more than once within the
    transaction), and the index builds' sorting in memory and on a second thread (the
    parse workers are done by then). Journaling and synchronous commits stay as they are
    (a killed load leaves the databank as it was)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size={LOAD_CACHE_KIB}")
    conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
    conn.exec_driver_sql(f"PRAGMA threads={SORT_THREADS}")
    try:
        yield
    finally:  # the connection goes back to the pool: as the others
        conn.exec_driver_sql(f"PRAGMA cache_size={CACHE_KIB}")
        conn.exec_driver_sql("PRAGMA temp_store=DEFAULT")
        conn.exec_driver_sql("PRAGMA threads=0")


def _first_load(conn: Connection) -> AbstractContextManager[None]:
    """Into an empty databank that nobody watches yet, the statements, changes and
    listings are stored without their secondary indexes (and on PostgreSQL without their
    foreign keys), which are built (and checked) at the end of the load: faster than
    growing them row by row. Only then: with subjects watched, screening inside the load
    looks statements up by entity."""
    empty = conn.scalar(select(t.statement.c.id).limit(1)) is None
    if empty and not StoredPostings(conn).total():
        return deferred_indexes(conn, [t.statement, t.change, t.listing])
    return nullcontext()


def parse_file(path: Path, digest: str) -> Snapshot:
    """Detect, parse and reduce one file (runs in a worker process)."""
    fmt = sources.detect(path)
    with without_gc():
        return snapshot(fmt.parse(path), digest, fmt.name)


@contextmanager
def without_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a parse allocates hundreds of thousands of
    objects that stay alive until the file is reduced, a load as many rows, and each
    collection walks them all again (some 40% of a parse's CPU time). What little
    cyclic garbage they leave is collected by the next collection after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parsed(todo: list[tuple[Path, str, str]], step: Progress) -> Iterator[Snapshot]:
    """Snapshots as their parsing finishes (started in _parse_order)."""
    if len(todo) == 1:
        yield parse_file(todo[0][0], todo[0][1])
        return
    sources.warm_up()  # once here rather than once in each worker
    context = multiprocessing.get_context("fork")
    workers = min(len(todo), os.cpu_count() or 1, MAX_WORKERS)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=end_with_parent,
        initargs=(os.getpid(),),
    )  # fmt: skip
    with pool:
        pending: set[Future[Snapshot]] = {
            pool.submit(parse_file, path, digest) for path, digest, _ in _parse_order(todo)
        }
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    snap = future.result()
                    step("parsed", snap.path)
                    yield snap
        finally:
            for future in pending:
                future.cancel()


def _parse_order(todo: list[tuple[Path, str, str]]) -> list[tuple[Path, str, str]]:
    """The files of a format that has several first, the oldest by their names first
    (they are loaded in that order, none before the older ones are parsed: see
    _in_load_order), then the others; else biggest first (the parent loads the first
    while the workers parse the rest)."""
    per_format = Counter(fmt for _, _, fmt in todo)

    def key(item: tuple[Path, str, str]) -> tuple[bool, date, int]:
        path, _, fmt = item
        named = date_from_path(path) if per_format[fmt] > 1 else None
        return (per_format[fmt] == 1, named or date.max, -path.stat().st_size)

    return sorted(todo, key=key)


PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the process that started it ends, also
    when that one is killed (SIGKILL, SIGTERM) and cannot shut its pool down. On Linux
    the kernel sends SIGKILL at the parent's death (prctl PR_SET_PDEATHSIG); elsewhere,
    and as a second guard, a thread checks every half second that the parent lives."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _in_load_order(
    snaps: Iterator[Snapshot], todo: list[tuple[Path, str, str]]
) -> Iterator[Snapshot]:
    """Pass each snapshot on as soon as it may be loaded: at once when it is the only
    file of its format, else once every file of that format is parsed, oldest first; for
    a format dated by its file names, also as soon as every file of the format not yet
    parsed is named with a later date."""
    waiting = Counter(fmt for _, _, fmt in todo)
    unparsed: dict[str, list[Path]] = {}
    for path, _, fmt in todo:
        unparsed.setdefault(fmt, []).append(path)
    held: dict[str, list[Snapshot]] = {}
    for snap in snaps:
        waiting[snap.fmt] -= 1
        if snap.path in unparsed[snap.fmt]:
            unparsed[snap.fmt].remove(snap.path)
        ready = held.setdefault(snap.fmt, [])
        ready.append(snap)
        ready.sort(key=_publication_order)
        if not waiting[snap.fmt]:
            yield from held.pop(snap.fmt)
            continue
        while ready and _older_than_all(ready[0], unparsed[snap.fmt]):
            yield ready.pop(0)


def _older_than_all(snap: Snapshot, paths: list[Path]) -> bool:
    """Whether `snap` is known to be older than every file of `paths` (of its format)
    before they are parsed: its format dates files by their names, and theirs are later."""
    if snap.publisher_date is None or not sources.named(snap.fmt).dated_by_name:
        return False
    dates = [date_from_path(path) for path in paths]
    return all(d is not None and d > snap.publisher_date for d in dates)


def _publication_order(snap: Snapshot) -> tuple[str, date]:
    return (snap.source.name, snap.publisher_date or date.max)


def _check_not_older(conn: Connection, snap: Snapshot, allow_older: bool) -> None:
    if allow_older or snap.publisher_date is None:
        return
    v = t.source_version.c
    newest = conn.scalar(select(func.max(v.publisher_date)).where(v.source == snap.source.name))
    if newest is not None and snap.publisher_date < newest:
        raise SourceError(
            f"{snap.path}: published {snap.publisher_date}, older than the version of "
            f"{snap.source.name} already loaded ({newest}); loading it would delist newer "
            "entries. Use --allow-older to load it anyway."
        )


def _check_shrink(conn: Connection, snap: Snapshot) -> None:
    """Hold a version that would delist a large share of its source's designated parties."""
    e, li = t.entity.c, t.listing.c
    query = select(li.entity_id).join(t.entity, e.id == li.entity_id)
    query = query.where(li.source == snap.source.name, li.delisted_on.is_(None), e.target)
    listed = set(conn.scalars(query))
    gone = len(listed - snap.entities.keys())
    if gone > SHRINK_MIN and gone > SHRINK_SHARE * len(listed):
        raise ListShrinkError(snap.path, snap.source.name, gone, len(listed))
