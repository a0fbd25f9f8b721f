"""The compiled ranking core (rank.c, `make install`) ranks exactly as the numpy code
does: the same profiles in the same order, with the same ranks to the last bit, on the
UN list with its names as written, misspelt and filtered."""

from __future__ import annotations

import dataclasses
import gc
import random
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from interlist.matching import analyze, index_keys
from interlist.screening import ranking
from interlist.screening.index import Filters, ScreeningIndex
from interlist.screening.keys import joined_keys, part_groups, search_keys, with_deletions


@pytest.fixture
def compiled() -> Iterator[None]:
    if not ranking.available():
        pytest.skip("the ranking core is not compiled here (`make install` compiles it)")
    yield


def _numpy_ranked(
    index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch, *args: object
) -> tuple[np.ndarray, np.ndarray]:
    with monkeypatch.context() as patched:
        patched.setattr(ranking, "available", lambda: False)
        return index.ranked(*args)  # type: ignore[arg-type]


def _queries(index: ScreeningIndex, count: int) -> list[dict]:
    """Names of the index's own profiles, every other one with a letter left out."""
    rng = random.Random(4)
    out = []
    for pos in rng.sample(range(len(index)), count):
        names = [n.text for ns in index.analysis(pos).names.values() for n in ns]
        name = rng.choice(names)
        if len(out) % 2 and len(name) > 5:
            cut = rng.randrange(len(name))
            name = name[:cut] + name[cut + 1 :]
        out.append({"schema": index.schemata[pos], "properties": {"name": [name]}})
    return out


def test_the_compiled_ranking_ranks_as_numpy_does(
    un_index: ScreeningIndex, compiled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = [Filters("Person"), Filters("Thing"), Filters("Organization")]
    compared = 0
    for query in _queries(un_index, 150):
        analysis = analyze(query)
        keys, groups = search_keys(analysis), part_groups(analysis)
        for mask in (un_index.mask(f) for f in filters):
            for limit in (1, 5, 24, 500):
                want = _numpy_ranked(un_index, monkeypatch, keys, mask, groups, limit)
                got = un_index.ranked(keys, mask, groups, limit)
                assert got[0].tolist() == want[0].tolist(), query
                assert got[1].tolist() == want[1].tolist(), query
                compared += bool(len(want[0]))
    assert compared > 1000  # most rankings found something to compare


def test_a_query_sharing_only_common_keys_ranks_as_numpy_does(
    compiled: None, monkeypatch: pytest.MonkeyPatch, un_index: ScreeningIndex
) -> None:
    """When every key of the query is too common to weigh, each shared key counts 1."""
    common = [key for key, slot in un_index.keys.items() if un_index.weights[slot] == 0]
    if not common:
        pytest.skip("no key of the UN list is common enough to have no weight")
    mask = un_index.mask(Filters("Thing"))
    want = _numpy_ranked(un_index, monkeypatch, set(common[:3]), mask, None, 24)
    got = un_index.ranked(set(common[:3]), mask, None, 24)
    assert len(want[0]) > 0
    assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: bytes) -> None:
    """The ranking module reading `source` as its rank.c, in `tmp_path`, not loaded yet."""
    (tmp_path / "rank.c").write_bytes(source)
    monkeypatch.setattr(ranking, "SOURCE", tmp_path / "rank.c")
    monkeypatch.setattr(ranking, "FOLDER", tmp_path)
    monkeypatch.setattr(ranking, "_LOADED", False)
    monkeypatch.setattr(ranking, "_LIBRARY", None)


def test_a_build_of_other_sources_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's file name is the digest of the source it was made from."""
    present = ranking.library_path().name
    _elsewhere(tmp_path, monkeypatch, ranking.SOURCE.read_bytes() + b"/* changed */\n")
    (tmp_path / present).write_bytes(b"not a library")  # a build of the old source
    assert ranking.library_path().name != present
    assert not ranking.available()


def test_the_core_builds_and_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("cc") is None:
        pytest.skip("no C compiler here")
    _elsewhere(tmp_path, monkeypatch, ranking.SOURCE.read_bytes())
    (tmp_path / "_rank_0000000000000000.so").write_bytes(b"an old build")
    built = ranking.build()
    assert built.exists() and built == ranking.library_path()
    assert [p.name for p in tmp_path.glob("_rank_*.so")] == [built.name]  # the old one gone
    assert ranking.available()


def test_the_slots_looked_up_per_part_are_those_of_the_query_keys(
    un_index: ScreeningIndex,
) -> None:
    """query_slots remembers each name part's key slots: it must give what mapping the
    query's keys and part groups one by one gives, the second time as the first."""
    queries = _queries(un_index, 200)
    queries.append({"schema": "Person", "properties": {"name": ["X"], "passportNumber": ["A1"]}})
    for query in queries * 2:
        analysis = analyze(query)
        slots, covering = un_index.query_slots(analysis)
        keys = search_keys(analysis)
        joined = [joined_keys(n) for names in analysis.names.values() for n in names]
        assert keys == with_deletions(index_keys(analysis)).union(*joined)
        assert slots == sorted({un_index.keys[k] for k in keys if k in un_index.keys})
        want = [un_index._covering_slots(group) for group in part_groups(analysis)]
        assert [sorted(c) for c in covering] == [sorted(c) for c in want]


def test_threads_ranking_at_once_get_what_one_alone_gets(
    un_index: ScreeningIndex, compiled: None
) -> None:
    """The core runs without the interpreter lock; each ranking has its own scratch."""
    mask = un_index.mask(Filters("Thing"))
    prepared = [un_index.query_slots(analyze(q)) for q in _queries(un_index, 60)]
    alone = [un_index.ranked_slots(s, c, mask, 24)[0].tolist() for s, c in prepared]

    def rank_all() -> list[list[int]]:
        return [un_index.ranked_slots(s, c, mask, 24)[0].tolist() for s, c in prepared * 5]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: rank_all(), range(4)))
    assert all(found == alone * 5 for found in results)
    assert sum(1 for found in alone if found) > 50


def test_threads_share_a_few_scratches(un_index: ScreeningIndex, compiled: None) -> None:
    """A scratch serves one ranking at a time, whichever thread asks: ten threads ranking
    one after another use one scratch, four at once at most four; the scratches of an
    index no longer held are let go."""
    mask = un_index.mask(Filters("Thing"))
    prepared = [un_index.query_slots(analyze(q)) for q in _queries(un_index, 20)]
    ranking._FREE.clear()

    def rank_all(index: ScreeningIndex = un_index) -> None:
        for slots, covering in prepared:
            index.ranked_slots(slots, covering, mask, 24)

    for _ in range(10):
        thread = threading.Thread(target=rank_all)
        thread.start()
        thread.join()
    assert len(ranking._FREE) == 1
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: rank_all(), range(8)))
    assert 1 <= len(ranking._FREE) <= 4
    arrays = ("offsets", "postings", "weights", "doc_norms", "doc_profiles")
    copy = dataclasses.replace(un_index, **{a: getattr(un_index, a).copy() for a in arrays})
    rank_all(copy)
    assert any(scratch.serves(copy) for scratch in ranking._FREE)
    del copy
    gc.collect()
    rank_all()
    assert ranking._FREE and all(scratch.serves(un_index) for scratch in ranking._FREE)


def test_more_part_groups_than_the_core_counts_are_ranked_by_numpy(
    un_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document's part groups are the bits of one word: a query of more distinct parts
    than that is ranked by numpy, with the same result as numpy alone gives."""
    words = [f"{a}{b}" for a in "bdfgklmnprst" for b in ("ar", "en", "ol", "ux", "im", "ey")]
    query = analyze({"schema": "Organization", "properties": {"name": [" ".join(words)]}})
    slots, covering = un_index.query_slots(query)
    assert len(covering) > ranking.MAX_GROUPS
    mask = un_index.mask(Filters("Thing"))
    got = un_index.ranked_slots(slots, covering, mask, 24)
    with monkeypatch.context() as patched:
        patched.setattr(ranking, "available", lambda: False)
        want = un_index.ranked_slots(slots, covering, mask, 24)
    assert got[0].tolist() == want[0].tolist() and len(want[0]) > 0


def _slots_ranked_both_ways(
    index: ScreeningIndex,
    monkeypatch: pytest.MonkeyPatch,
    slots: list[int],
    covering: list[list[int]],
    mask: np.ndarray,
    limit: int,
) -> tuple[tuple[list, list], tuple[list, list]]:
    """ranked_slots compiled, then by numpy, as lists."""
    got = index.ranked_slots(slots, covering, mask, limit)
    with monkeypatch.context() as patched:
        patched.setattr(ranking, "available", lambda: False)
        want = index.ranked_slots(slots, covering, mask, limit)
    return (got[0].tolist(), got[1].tolist()), (want[0].tolist(), want[1].tolist())


def test_covering_slots_besides_the_query_slots_rank_as_numpy_does(
    un_index: ScreeningIndex, compiled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The core gives each slot a bit per part group it covers, whether the slot is one
    the query ranks by, one too common to, or none of the query's; in one group or in
    several, once or twice."""
    rng = random.Random(7)
    common = [slot for slot in un_index.keys.values() if un_index.weights[slot] == 0]
    everyone = list(un_index.keys.values())
    mask = un_index.mask(Filters("Thing"))
    compared = 0
    for query in _queries(un_index, 80):
        slots, covering = un_index.query_slots(analyze(query))
        if not slots:
            continue
        groups = [list(c) for c in covering] + [[]]
        for group in groups:
            group += rng.sample(everyone, 3) + rng.sample(common, min(2, len(common)))
            group += rng.sample(slots, min(2, len(slots)))  # in more than one group
            group.append(group[0])  # twice in one group
        got, want = _slots_ranked_both_ways(un_index, monkeypatch, slots, groups, mask, 24)
        assert got == want, query
        compared += bool(want[0])
    assert compared > 60


def test_a_query_meeting_every_document_ranks_as_numpy_does(
    un_index: ScreeningIndex, compiled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every key of the index at once: every document and profile is met (the core's
    lists of those met are full), and the weights summed are thousands (numpy sums
    them pairwise, and so must the core)."""
    slots = sorted(un_index.keys.values())
    covering = [slots[::7], slots[3::11]]
    mask = un_index.mask(Filters("Thing"))
    got, want = _slots_ranked_both_ways(un_index, monkeypatch, slots, covering, mask, len(un_index))
    assert got == want
    assert len(want[0]) == int(np.count_nonzero(mask))  # each allowed profile, once


def test_the_compiled_ranking_refuses_a_mask_of_another_index(
    un_index: ScreeningIndex, compiled: None
) -> None:
    """The core reads the mask by address: one too short would be read past its end."""
    slots, covering = un_index.query_slots(analyze(_queries(un_index, 1)[0]))
    with pytest.raises(ValueError, match="each profile"):
        un_index.ranked_slots(slots, covering, np.ones(len(un_index) - 1, dtype=bool), 24)
