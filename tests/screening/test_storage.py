"""Saving, loading, rebuilding on a new list version, and swapping the index."""

from __future__ import annotations

import gc
import os
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.errors import NotFoundError, StoreError
from interlist.matching import align, features, names
from interlist.screening import keys as screening_keys
from interlist.screening import prepare_index, storage
from interlist.screening.index import ScreeningIndex
from interlist.screening.screen import ScreenOptions, screen
from interlist.screening.storage import (
    IndexHolder,
    build,
    databank_fingerprint,
    ensure_index,
    ensure_index_apart,
    index_path,
    load,
    read_header,
    save,
)
from interlist.settings import Settings
from interlist.store import open_engine
from interlist.store.ingest import load as load_version
from tests.factory import parsed, person

# Runs on each database backend (the PostgreSQL pass keeps tests that use `db_url`).
pytestmark = pytest.mark.usefixtures("db_url")


def test_save_and_load_round_trip(small_index: ScreeningIndex, tmp_path: Path) -> None:
    path = tmp_path / "screening.pickle"
    save(small_index, path)
    again = load(path)
    assert again.ids == small_index.ids and again.fingerprint == small_index.fingerprint
    query = {"schema": "Person", "properties": {"name": ["Usama bin Ladin"]}}
    before = [(h.position, h.score) for h in screen(small_index, query, ScreenOptions())]
    after = [(h.position, h.score) for h in screen(again, query, ScreenOptions())]
    assert before == after and before
    assert read_header(path)["fingerprint"] == small_index.fingerprint


def test_warming_reads_every_analysis_once_and_exempts_it_from_collection(
    small_index: ScreeningIndex, tmp_path: Path
) -> None:
    path = tmp_path / "screening.pickle"
    save(small_index, path)
    index = load(path)
    assert all(isinstance(a, bytes) for a in index.analyses)  # read on first use
    frozen = gc.get_freeze_count()
    try:
        index.warm()
        assert not any(isinstance(a, bytes) for a in index.analyses)
        assert gc.get_freeze_count() > frozen and gc.isenabled()
        query = {"schema": "Person", "properties": {"name": ["Usama bin Ladin"]}}
        assert screen(index, query, ScreenOptions())[0].score == pytest.approx(
            screen(small_index, query, ScreenOptions())[0].score
        )
    finally:
        gc.unfreeze()


def test_a_steady_process_freezes_what_survives_a_full_collection() -> None:
    from interlist.screening import index as index_module

    before = list(gc.callbacks)
    thresholds = gc.get_threshold()
    try:
        index_module.steady_collection()
        index_module.steady_collection()  # installed once
        added = [c for c in gc.callbacks if c not in before]
        assert added == [index_module._freeze_survivors]
        assert gc.get_threshold() == (index_module.YOUNG_OBJECTS, *thresholds[1:])
        index_module.steady_collection(index_module.BATCH_YOUNG_OBJECTS)  # a batch worker's
        assert gc.get_threshold()[0] == index_module.BATCH_YOUNG_OBJECTS
        survivor = {"kept": [1, 2, 3]}  # alive across the collection: frozen after it
        frozen = gc.get_freeze_count()
        gc.collect(1)
        assert gc.get_freeze_count() == frozen  # only a full collection freezes
        gc.collect()
        assert gc.get_freeze_count() > frozen and survivor["kept"]
    finally:
        gc.callbacks[:] = before
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_missing_and_damaged_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no screening index"):
        load(tmp_path / "none.pickle")
    bad = tmp_path / "bad.pickle"
    bad.write_bytes(b"not a pickle at all")
    with pytest.raises(StoreError, match="unreadable screening index"):
        load(bad)


def test_index_lives_beside_a_sqlite_database(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/bank.sqlite")
    assert index_path(settings) == tmp_path / "bank.sqlite.index" / "screening.pickle"
    pg = Settings(home=tmp_path / "home", database_url="postgresql://u@h/db")
    assert index_path(pg) == tmp_path / "home" / "index" / "screening.pickle"


def test_new_list_version_rebuilds_and_holder_swaps(engine: Engine, tmp_path: Path) -> None:
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"
    assert ensure_index(engine, path) is True
    assert ensure_index(engine, path) is False  # unchanged databank: nothing to do
    holder = IndexHolder(path, check_every=0.0)
    old = holder.get()
    assert old.ids == ["n-1"]
    newer = parsed(person("n-1", "Ivan Petrov"), person("n-2", "Anna Ivanova"))
    load_version(engine, newer, "v2", "test")
    assert old.fingerprint != databank_fingerprint(engine)
    assert ensure_index(engine, path) is True
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    assert _swapped(holder, ["n-1", "n-2"])  # loaded in the background, then swapped in
    assert old.ids == ["n-1"]  # whoever still holds the old index keeps a whole one


def _swapped(holder: IndexHolder, ids: list[str], within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while holder.get().ids != ids and time.monotonic() < deadline:
        time.sleep(0.02)
    return holder.get().ids == ids


def test_requests_are_answered_from_the_old_index_during_a_swap(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The swap after an ingest pauses no answer: while the new file loads (held up here
    as long as the test wants), every get() returns at once with the old index; once the
    load completes, the new index answers."""
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"
    ensure_index(engine, path)
    holder = IndexHolder(path, check_every=0.0)
    assert holder.get().ids == ["n-1"]
    newer = parsed(person("n-1", "Ivan Petrov"), person("n-2", "Anna Ivanova"))
    load_version(engine, newer, "v2", "test")
    assert ensure_index(engine, path) is True
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))

    loading, release = threading.Event(), threading.Event()

    def slow_load(p: Path) -> ScreeningIndex:
        loading.set()
        assert release.wait(30)
        return load(p)

    monkeypatch.setattr(storage, "load", slow_load)
    assert holder.get().ids == ["n-1"]  # notices the new file, starts loading it
    assert loading.wait(10), "the new index was not loaded in the background"
    slowest = 0.0
    for _ in range(50):  # the load is held up: every answer comes from the old index
        start = time.perf_counter()
        assert holder.get().ids == ["n-1"]
        slowest = max(slowest, time.perf_counter() - start)
        time.sleep(0.01)
    assert slowest < 0.05, f"a request waited {slowest:.3f} s during the swap"
    release.set()
    assert _swapped(holder, ["n-1", "n-2"])


def test_refresh_swaps_in_the_callers_thread(engine: Engine, tmp_path: Path) -> None:
    """The server's refresh loop loads the rebuilt index itself, so that no request
    has to; refresh() is a no-op while the file is unchanged."""
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"
    ensure_index(engine, path)
    holder = IndexHolder(path, check_every=3600.0)  # requests would not look for a while
    assert holder.get().ids == ["n-1"]
    assert holder.refresh() is False
    load_version(
        engine, parsed(person("n-1", "Ivan Petrov"), person("n-3", "Omar Said")), "v2", "test"
    )
    ensure_index(engine, path)
    assert holder.refresh() is True
    assert holder.get().ids == ["n-1", "n-3"]


def test_a_server_rebuilds_in_a_child_process(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ensure_index_apart reads here whether a rebuild is due and builds in another
    process: a build made impossible in this one does not stop it."""
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"

    def not_here(_engine: Engine) -> ScreeningIndex:
        raise AssertionError("the index was built in the server's process")

    monkeypatch.setattr(storage, "build", not_here)
    assert ensure_index_apart(engine, path) is True
    assert load(path).ids == ["n-1"]
    assert read_header(path)["fingerprint"] == databank_fingerprint(engine)
    assert ensure_index_apart(engine, path) is False  # unchanged databank: no child at all


def test_serve_prepares_the_index_apart_and_counts_its_profiles(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`interlist serve` builds a missing index in a child process and keeps none loaded:
    it only says how many profiles the server's processes will load."""
    engine = open_engine(db_url)
    try:
        people = parsed(person("p-1", "Ivan Petrov"), person("p-2", "Anna Ivanova"))
        load_version(engine, people, "v1", "test")
    finally:
        engine.dispose()
    settings = Settings(home=tmp_path / "home", database_url=db_url)

    def not_here(_engine: Engine) -> ScreeningIndex:
        raise AssertionError("the index was built in the serving process")

    monkeypatch.setattr(storage, "build", not_here)
    assert prepare_index(settings) == 2
    assert sorted(load(index_path(settings)).ids) == ["p-1", "p-2"]


def test_a_swap_gives_the_old_index_memory_back(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the new index replaces the old one, the part similarities remembered
    meanwhile are forgotten and the allocator's free memory is given back
    (interlist.screening.heap): the swap leaves nothing of the old index resident."""
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"
    ensure_index(engine, path)
    holder = IndexHolder(path, check_every=3600.0)
    query = {"schema": "Person", "properties": {"name": ["Ivan Petrof"]}}
    assert screen(holder.get(), query, ScreenOptions())
    assert _remembered() > 0
    at_release: list[tuple[list[str], int]] = []
    monkeypatch.setattr(
        storage, "release_free_memory", lambda: at_release.append((holder.get().ids, _remembered()))
    )
    load_version(engine, parsed(person("n-4", "Omar Said")), "v2", "test")
    ensure_index(engine, path)
    assert holder.refresh() is True
    assert at_release == [(["n-4"], 0)]  # once, with the new index in place
    assert holder.refresh() is False and len(at_release) == 1
    assert screen(holder.get(), {"schema": "Person", "properties": {"name": ["Omar Sayid"]}},
                  ScreenOptions())  # fmt: skip
    assert _remembered() > 0  # made again on use


def _remembered() -> int:
    """Entries in the caches forget_remembered empties."""
    return (align.remembered_similarities() + len(names._KEY_IDS) + len(features._YEARS)
            + len(screening_keys._SEARCH_KEYS) + len(screening_keys._PART_KEYS))  # fmt: skip


def _warm_swap(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[IndexHolder, list[tuple[bool, bool]], Callable[[], ScreeningIndex | None]]:
    """A holder of a warm index, a new version saved, and what each warm() saw: whether
    the old index was freed, and whether the index warmed was the one held."""
    load_version(engine, parsed(person("n-1", "Ivan Petrov")), "v1", "test")
    path = tmp_path / "index" / "screening.pickle"
    ensure_index(engine, path)
    holder = IndexHolder(path, check_every=3600.0)
    holder.get().warm()
    old = weakref.ref(holder.get())
    seen: list[tuple[bool, bool]] = []
    warm = ScreeningIndex.warm

    def watched(index: ScreeningIndex) -> None:
        seen.append((old() is None, holder._index is index))
        warm(index)

    monkeypatch.setattr(ScreeningIndex, "warm", watched)
    load_version(engine, parsed(person("n-5", "Anna Ivanova")), "v2", "test")
    ensure_index(engine, path)
    return holder, seen, old


def test_a_new_index_is_warmed_once_the_old_one_is_freed(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new index answers as soon as it is loaded and is warmed once the old one is
    freed, so that its analyses take the memory the old ones leave."""
    try:
        holder, seen, _ = _warm_swap(engine, tmp_path, monkeypatch)
        assert holder.refresh() is True
        assert seen == [(True, True)] and holder.get()._warm
        assert holder.get().ids == ["n-5"]
    finally:
        gc.unfreeze()


def test_a_swap_waits_a_bounded_time_for_requests_on_the_old_index(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request still holding the old index delays the warming at most OLD_INDEX_WAIT;
    the request keeps a whole old index."""
    try:
        holder, seen, old = _warm_swap(engine, tmp_path, monkeypatch)
        monkeypatch.setattr(storage, "OLD_INDEX_WAIT", 0.3)
        in_use = old()
        started = time.monotonic()
        assert holder.refresh() is True
        assert 0.3 <= time.monotonic() - started < 10
        assert seen == [(False, True)] and holder.get()._warm
        assert in_use is not None and in_use.ids == ["n-1"]
    finally:
        gc.unfreeze()


def test_save_replaces_atomically(small_index: ScreeningIndex, tmp_path: Path) -> None:
    path = tmp_path / "screening.pickle"
    save(small_index, path)
    inode = path.stat().st_ino
    save(build_like(small_index), path)
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".screening-")]


def build_like(index: ScreeningIndex) -> ScreeningIndex:
    state = {k: v for k, v in index.__dict__.items() if not k.startswith("_")}
    return ScreeningIndex(**{**state, "fingerprint": "other"})


def test_build_reads_the_databank(small_engine: Engine) -> None:
    index = build(small_engine)
    assert len(index) == 8 and index.fingerprint == databank_fingerprint(small_engine)


def test_the_index_keys_are_part_of_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built with other key rules is stale, like one built by another matcher."""
    from interlist.screening import storage

    before = storage.matcher_version()
    real = Path.read_bytes

    def other_keys(path: Path) -> bytes:
        data = real(path)
        return data + b"# changed" if path.name == "keys.py" and "screening" in path.parts else data

    storage.matcher_version.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", other_keys)
    try:
        assert storage.matcher_version() != before
    finally:
        storage.matcher_version.cache_clear()


def test_the_analyses_of_profiles_are_the_same_before_and_after_warming(
    small_index: ScreeningIndex, tmp_path: Path
) -> None:
    """Screening reads a candidate's analysis straight from the list once every one is
    read; before, one by one as it is needed."""
    path = tmp_path / "screening.pickle"
    save(small_index, path)
    index = load(path)
    positions = [len(index) - 1, 0, 1]
    cold = index.analyses_of(positions)
    assert isinstance(index.analyses[2], bytes)  # only those asked for were read
    try:
        index.warm()
        assert index.analyses_of(positions) == cold  # the very same objects
    finally:
        gc.unfreeze()
