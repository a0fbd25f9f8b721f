"""On the real UN list: the index never loses a hit that exhaustive comparison finds,
the list's own names find their entries, and the shared negatives raise few alarms."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from interlist.screening.evaluation import list_cases, recall, with_typos
from interlist.screening.index import ScreeningIndex
from interlist.screening.records import Query, column_map, to_query
from interlist.screening.screen import ScreenOptions, screen, screen_exhaustive

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("db_url")]  # both backends
NEGATIVES = column_map(["name=full_name", "birth_date=date_of_birth"])


def _sample(items: list, n: int, seed: int = 7) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items[:n]


def _negatives(shared_data: Path, n: int) -> list[dict]:
    queries = []
    for path in sorted((shared_data / "bench" / "negatives").glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=1):
                query = to_query(number, row, NEGATIVES)
                assert isinstance(query, Query)
                queries.append(query.mapping)
    return _sample(queries, n)


Sample = list[tuple[dict, str | None, list[tuple[int, float]]]]


@pytest.fixture(scope="module")
def sample(un_index: ScreeningIndex, shared_data: Path) -> Sample:
    """Queries (UN names as written, with a typo, negatives), the entry each should find,
    and the hits of exhaustive comparison."""
    cases = _sample(list_cases(un_index, "un_sc"), 6)
    named = [*cases, *with_typos(cases, seed=11)]
    queries = [({"schema": c.schema, "properties": {"name": [c.name]}}, c.entity_id) for c in named]
    queries += [(q, None) for q in _negatives(shared_data, 6)]
    options = ScreenOptions(limit=10)
    return [(q, own, _hits(screen_exhaustive(un_index, q, options))) for q, own in queries]


def _hits(hits: list) -> list[tuple[int, float]]:
    return [(h.position, round(h.score, 6)) for h in hits if h.match]


def test_key_sharing_screening_equals_exhaustive(un_index: ScreeningIndex, sample: Sample) -> None:
    """Comparing every profile that shares any key finds exactly what comparing every
    profile finds: no key is lost between the matcher and the index."""
    options = ScreenOptions(limit=10, max_candidates=None)
    for query, _own, full in sample:
        assert _hits(screen(un_index, query, options)) == full, query


def test_ranked_screening_keeps_own_entries_and_most_hits(
    un_index: ScreeningIndex, sample: Sample
) -> None:
    """The default (best-ranked candidates only) finds each list name's own entry whenever
    exhaustive comparison does; of the matcher's other hits it may lose a few weak
    cross-script ones (measured in docs/screening.md), never most."""
    options = ScreenOptions(limit=10)
    lost = total = 0
    for query, own, full in sample:
        fast = {un_index.ids[p] for p, _ in _hits(screen(un_index, query, options))}
        expected = {un_index.ids[p] for p, _ in full}
        if own in expected:
            assert own in fast, query
        lost += len(expected - fast)
        total += len(expected)
    assert lost <= 0.2 * total, (lost, total)


def test_list_names_find_their_own_entries(un_index: ScreeningIndex) -> None:
    cases = _sample(list_cases(un_index, "un_sc"), 200)
    as_written = recall(un_index, cases, ScreenOptions())
    assert as_written.rate >= 0.99, as_written.misses[:10]
    with_typo = recall(un_index, with_typos(cases), ScreenOptions())
    # The target is 0.99 (see docs/screening.md for the full-list measurement); misses
    # with a typo are the matcher's decisions (legal forms, very short names), not the index's.
    assert with_typo.rate >= 0.93, with_typo.misses[:10]


def test_negatives_raise_few_alarms(un_index: ScreeningIndex, shared_data: Path) -> None:
    queries = _negatives(shared_data, 400)
    alarms = [q for q in queries if any(h.match for h in screen(un_index, q, ScreenOptions()))]
    assert len(alarms) <= 0.01 * len(queries), alarms[:5]


def test_ranking_is_reproducible_and_its_cut_is_exact(un_index: ScreeningIndex) -> None:
    """The best `limit` candidates are the first `limit` of the full ranking, and the
    ranks do not depend on the order the query's keys come in (so every server process
    scores the same candidates for the same query)."""
    from interlist.matching import analyze
    from interlist.screening.keys import part_groups, search_keys

    mask = un_index.mask(ScreenOptions().filters("Thing"))
    for case in _sample(list_cases(un_index, "un_sc"), 30, seed=3):
        query = analyze({"schema": case.schema, "properties": {"name": [case.name]}})
        keys, groups = search_keys(query), part_groups(query)
        positions, ranks = un_index.ranked(keys, mask, groups)
        assert un_index.candidates(keys, mask, 0) == []
        best, best_ranks = un_index.ranked(keys, mask, groups, limit=5)
        assert best.tolist() == positions[:5].tolist()
        assert best_ranks.tolist() == ranks[:5].tolist()
        again, again_ranks = un_index.ranked(sorted(keys, reverse=True), mask, groups)
        assert again.tolist() == positions.tolist()
        assert again_ranks.tolist() == ranks.tolist()  # bit for bit
