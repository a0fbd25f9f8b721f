"""Saving, loading and swapping the candidate index beside the database.

The index is one pickle file, ``<index_dir>/screening.pickle``, written to a
temporary file and renamed over the old one (an atomic swap on POSIX), so a
reader sees either the old or the new index, never half of one. It records
the databank's fingerprint: when a new list version is ingested the
fingerprint changes and :func:`ensure_index` rebuilds. A rebuild holds a lock
file so that several server workers do not rebuild at once; an
:class:`IndexHolder` notices the new file and swaps it in between requests.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

import orjson
from sqlalchemy import Engine, func, select

from interlist import matching
from interlist.errors import NotFoundError, StoreError
from interlist.matching import forget_remembered as matcher_forget_remembered
from interlist.screening import keys as screening_keys
from interlist.screening.candidates import candidates_source
from interlist.screening.heap import release_free_memory
from interlist.screening.index import ScreeningIndex, build_index, steady_collection
from interlist.settings import Settings, normalize_db_url
from interlist.store import open_engine
from interlist.store import resolution_tables as rt
from interlist.store import tables as t
from interlist.store.db import aware

log = logging.getLogger(__name__)

INDEX_FILE = "screening.pickle"
FORMAT = 3


def index_path(settings: Settings) -> Path:
    """Where the index of a databank lives: beside a SQLite file (``<file>.index/``),
    else in the settings' index folder (``$INTERLIST_HOME/index``)."""
    url = normalize_db_url(settings.database_url)
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        db_file = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        return db_file.parent / f"{db_file.name}.index" / INDEX_FILE
    return settings.index_dir / INDEX_FILE


def databank_fingerprint(engine: Engine) -> str:
    """Changes whenever a list version is loaded, the clusters change (xref, a judgement:
    the index holds one profile per cluster), or the matcher's code or tables change
    (the index keeps the matcher's analyses, which a new matcher may read differently)."""
    v, m = t.source_version.c, rt.cluster_member.c
    with engine.connect() as conn:
        count, newest = conn.execute(select(func.count(), func.max(v.id))).one()
        members, since = conn.execute(select(func.count(), func.max(m.since))).one()
    clusters = f"{members}:{aware(since).isoformat() if since else '-'}"
    return f"versions={count}:{newest or 0};clusters={clusters};matcher={matcher_version()}"


@functools.cache
def matcher_version() -> str:
    """A digest of the matcher's code and name tables, and of the index's keys."""
    digest = hashlib.sha256()
    root = Path(matching.__file__).parent
    for folder in (root, root.parent / "resources" / "names"):
        for file in sorted(folder.rglob("*")):
            if file.is_file() and file.suffix in (".py", ".yml", ".yaml", ".csv", ".txt"):
                digest.update(file.name.encode() + file.read_bytes())
    keys = Path(__file__).with_name("keys.py")  # what a name is indexed under
    digest.update(keys.name.encode() + keys.read_bytes())
    return digest.hexdigest()[:16]


def build(engine: Engine) -> ScreeningIndex:
    """A fresh index of every candidate in the databank."""
    fingerprint = databank_fingerprint(engine)
    return build_index(candidates_source(engine), fingerprint=fingerprint)


def save(index: ScreeningIndex, path: Path) -> None:
    """Write the index atomically (temporary file, then rename over the old one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v for k, v in index.__dict__.items() if not k.startswith("_")}
    # Each profile's analysis as its own small pickle, unpickled on first use: loading
    # tens of thousands of analysed names eagerly would take seconds.
    state["properties"] = [p if isinstance(p, bytes) else orjson.dumps(p) for p in index.properties]
    state["analyses"] = [
        a if a is None or isinstance(a, bytes) else pickle.dumps(a, pickle.HIGHEST_PROTOCOL)
        for a in index.analyses
    ]
    header = {"format": FORMAT, "fingerprint": index.fingerprint, "built_at": index.built_at}
    fd, tmp = tempfile.mkstemp(prefix=".screening-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(header, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def read_header(path: Path) -> dict[str, str]:
    """The saved index's small header (format, fingerprint, build time), not the index."""
    with _opened(path) as fh:
        return _header(path, fh)


def load(path: Path) -> ScreeningIndex:
    """Read a saved index; a missing, unreadable or outdated file is a clear error."""
    with _opened(path) as fh:
        _header(path, fh)
        gc.disable()  # the collector would run many times over the new objects for nothing
        try:
            return ScreeningIndex(**pickle.load(fh))
        finally:
            gc.enable()


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    try:
        with open(path, "rb") as fh:
            yield fh
    except FileNotFoundError as exc:
        raise NotFoundError(
            f"{path}: no screening index (`interlist screen` and `interlist serve` build it)"
        ) from exc
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        raise StoreError(f"{path}: unreadable screening index ({exc}); rebuild it") from exc


def _header(path: Path, fh: BinaryIO) -> dict[str, str]:
    header = pickle.load(fh)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise StoreError(f"{path}: screening index of an unknown format; rebuild it")
    return header


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint of the saved index, or None if there is none (reads only the header)."""
    try:
        return read_header(path)["fingerprint"]
    except (NotFoundError, StoreError):
        return None


def ensure_index(engine: Engine, path: Path, current: ScreeningIndex | None = None) -> bool:
    """Rebuild and save the index if it is missing or older than the databank.

    Returns True when a new index was written. `current` (an index already in
    memory) spares reading the file to learn its fingerprint.
    """
    wanted = databank_fingerprint(engine)
    have = current.fingerprint if current is not None else stored_fingerprint(path)
    if have == wanted:
        return False
    with _build_lock(path):
        if stored_fingerprint(path) == wanted:  # another process rebuilt meanwhile
            return False
        save(build(engine), path)
    return True


def ensure_index_apart(engine: Engine, path: Path) -> bool:
    """:func:`ensure_index` for a server: whether a rebuild is due is read here, and the
    rebuild itself runs in a child process. Building allocates several times the index
    for a minute or more; in the server it would hold the interpreter from the answers
    and leave the allocator's memory fragmented (resident for good, docs/reliability.md).
    Returns True when a new index was written."""
    if stored_fingerprint(path) == databank_fingerprint(engine):
        return False
    url = engine.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no forked threads
    with ProcessPoolExecutor(1, mp_context=spawn) as child:
        return child.submit(_ensure_index_here, url, str(path)).result()


def _ensure_index_here(url: str, path: str) -> bool:
    engine = open_engine(url, migrate=False)
    try:
        return ensure_index(engine, Path(path))
    finally:
        engine.dispose()


def forget_remembered() -> None:
    """Forget what the matcher and the index's keys remember about name parts and dates
    (each cache is bounded; every entry is made again on its next use). A server does it
    when it swaps in a new index: the entries made while the old index was held lie
    scattered among the old index's objects, and Python's allocator gives memory back
    only in whole arenas, so a few of them would keep most of the old index resident."""
    matcher_forget_remembered()
    screening_keys._SEARCH_KEYS.clear()
    screening_keys._PART_KEYS.clear()


OLD_INDEX_WAIT = 10.0  # seconds a swap waits for the requests still on the old index


def _released(old: weakref.ref[ScreeningIndex] | None, wait: float) -> bool:
    """Whether the index `old` refers to is freed (the requests that held it finished),
    waiting up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while old is not None and old() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return old is None or old() is None


class IndexHolder:
    """The index in use by a long-running process, swapped when its file changes.

    A swap never pauses the answers: while a new file is loaded, every request goes on
    with the index held so far; the new one replaces it in one reference assignment
    once it is fully loaded (and is warmed once the old one is gone, see :meth:`refresh`).
    Only the very first load, when there is nothing to answer from, happens in the
    caller. A request that notices a new file starts the load in a background thread
    (one at a time); the server's refresh loop calls :meth:`refresh`, which loads in its
    own thread."""

    def __init__(self, path: Path, check_every: float = 1.0) -> None:
        self.path = path
        self.check_every = check_every
        self._index: ScreeningIndex | None = None
        self._stamp: tuple[int, int] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()  # held for the first load only
        self._swap_lock = threading.Lock()  # one swap at a time; no request takes it
        self._loading = False  # a background load is under way

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def get(self) -> ScreeningIndex:
        """The current index; when its file was replaced, the new one is loaded in the
        background and answers from the moment it is complete."""
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    stamp = self._file_stamp()
                    self._index, self._stamp = load(self.path), stamp
            assert self._index is not None
            return self._index
        now = time.monotonic()
        if now - self._checked >= self.check_every:
            self._checked = now
            stamp = self._file_stamp()
            if stamp is not None and stamp != self._stamp:
                self._start_swap()
        return index

    def _start_swap(self) -> None:
        if self._loading:
            return
        self._loading = True  # two requests racing here start two threads: the second
        # finds the file already swapped in (refresh is serialised) and does nothing
        threading.Thread(target=self._swap_quietly, daemon=True, name="index-swap").start()

    def _swap_quietly(self) -> None:
        try:
            self.refresh()
        except (NotFoundError, StoreError):  # a bad new file: keep answering from the old
            log.exception("screening index %s could not be loaded; the old one stays", self.path)
        finally:
            self._loading = False

    def refresh(self) -> bool:
        """Load the file if it changed since the index held was read and swap it in;
        returns whether it swapped. Requests go on with the old index while the file is
        read (the caller's thread does the work). When the old index was warm, the new
        one is warmed once the old one is gone: its analyses then take the memory the
        old ones leave, rather than more (Python's allocator gives memory back only in
        whole arenas, which the new objects would pin); the few queries in between read
        the analyses they need on use, as an index not yet warm does."""
        with self._swap_lock:
            stamp = self._file_stamp()
            if stamp is None or (stamp == self._stamp and self._index is not None):
                return False
            index = load(self.path)
            warm = self._index is not None and self._index._warm
            old = weakref.ref(self._index) if self._index is not None else None
            self._index, self._stamp = index, stamp
            forget_remembered()
            if warm:
                _released(old, OLD_INDEX_WAIT)
                index.warm()
            release_free_memory()  # (interlist.screening.heap)
            return True

    def warm(self) -> None:
        """Load the index and read every profile's analysis now
        (:meth:`ScreeningIndex.warm`): a server's first queries are then as fast as the
        others."""
        self.get().warm()
        steady_collection()
        release_free_memory()  # the pickled analyses read, now freed

    @property
    def ready(self) -> bool:
        """Whether an index is loaded or loadable."""
        try:
            self.get()
        except (NotFoundError, StoreError):
            return False
        return True
