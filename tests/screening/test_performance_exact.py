"""The screening speed-ups must not change results: the per-query memo of name
comparisons, the ranking's best-name pick and the screening of a chunk of queries
step by step give exactly what the plain code gives."""

from __future__ import annotations

import numpy as np

from interlist.matching import DEFAULT_THRESHOLD, analyze, compare
from interlist.screening.index import ScreeningIndex, _best_per_profile
from interlist.screening.screen import (
    Hit,
    ScreenOptions,
    candidates,
    explanation_of,
    query_mapping,
    screen_many,
)

QUERY = {"schema": "Person", "properties": {"name": ["Usama bin Ladin", "Osama Bin Laden"]}}
PROFILES = [
    {"schema": "Person", "properties": {"name": ["Usama bin Laden"], "alias": ["Osama bin Ladin"]}},
    {"schema": "Person", "properties": {"name": ["Osama bin Ladin"], "weakAlias": ["Abu Abdalla"]}},
    {"schema": "Person", "properties": {"name": ["Usama bin Laden"], "birthDate": ["1957-03-10"]}},
    {"schema": "Company", "properties": {"name": ["Bin Laden Construction"]}},
    {"schema": "LegalEntity", "properties": {"name": ["Osama bin Ladin"]}},
]


def test_memo_gives_the_same_scores_and_explanations() -> None:
    query = analyze(QUERY)
    memo: dict = {}
    for profile in PROFILES:
        candidate = analyze(profile)
        plain = compare(query, candidate)
        memoised = compare(query, candidate, memo=memo)
        assert memoised.score == plain.score
        assert memoised.to_dict() == plain.to_dict()
    assert memo  # shared names were kept


def _reference(profiles: np.ndarray, scores: np.ndarray) -> tuple[list[int], list[float]]:
    order = np.argsort(-scores, kind="stable")
    p, s = profiles[order], scores[order]
    _, first = np.unique(p, return_index=True)
    first.sort()
    return p[first].tolist(), s[first].tolist()


def test_best_per_profile_matches_sorting() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        profiles = np.sort(rng.integers(0, 40, size=rng.integers(1, 120))).astype(np.int32)
        scores = rng.choice([0.5, 1.0, 1.5, 2.0], size=len(profiles)) + rng.random() * 0.01
        got_p, got_s = _best_per_profile(profiles, scores)
        want_p, want_s = _reference(profiles, scores)
        assert got_p.tolist() == want_p
        assert got_s.tolist() == want_s


def test_best_per_profile_of_nothing_is_empty() -> None:
    got_p, got_s = _best_per_profile(np.zeros(0, dtype=np.int32), np.zeros(0))
    assert len(got_p) == 0 and len(got_s) == 0


def test_best_per_profile_with_a_limit_matches_sorting() -> None:
    """With a limit, only the documents scoring near the top are looked at: the same
    profiles come out, ties with the last place included."""
    rng = np.random.default_rng(11)
    for _ in range(300):
        profiles = np.sort(rng.integers(0, 60, size=rng.integers(1, 400))).astype(np.int32)
        scores = rng.choice([0.5, 1.0, 1.5, 2.0, 2.5], size=len(profiles))
        limit = int(rng.integers(1, 30))
        got_p, got_s = _best_per_profile(profiles, scores, limit)
        want_p, want_s = _reference(profiles, scores)
        assert got_p.tolist() == want_p[:limit]
        assert got_s.tolist() == want_s[:limit]


def _hits(found: list[Hit]) -> list[tuple[int, float, bool, object]]:
    return [(h.position, h.score, h.match, explanation_of(h.result)) for h in found]


def test_a_chunk_of_queries_gets_what_each_query_gets_alone(un_index: ScreeningIndex) -> None:
    """screen_many finds all candidates first, then compares: the same hits, scores and
    explanations as each query screened on its own, with and without a cutoff."""
    names = un_index.captions[::40][:40]
    queries = [query_mapping("Person", {"name": n}) for n in names]
    queries += [query_mapping("LegalEntity", {"name": n[:-1]}) for n in names[:10]]
    queries.append(query_mapping("Person", {"name": "Nobody Anywhere", "birthDate": "1970"}))
    for options in (ScreenOptions(), ScreenOptions(cutoff=0.0, limit=3)):
        together = screen_many(un_index, queries, options)
        alone = [screen_many(un_index, [q], options)[0] for q in queries]
        assert [_hits(h) for h in together] == [_hits(h) for h in alone]
        assert any(together)
    assert not all(screen_many(un_index, queries, ScreenOptions()))  # the made-up name


def test_a_threshold_of_the_caller_decides_the_match_not_the_score(
    un_index: ScreeningIndex,
) -> None:
    """The matcher scores as at its default threshold (which caps a pair sharing no
    key) whatever the caller's threshold; that threshold only says which hits are a
    match. The same hits as compare() with the caller's floor, one candidate at a time."""
    names = un_index.captions[5::60][:25]
    queries = [query_mapping("Person", {"name": n[:-2]}) for n in names]
    for options in (ScreenOptions(threshold=0.5), ScreenOptions(threshold=0.9, cutoff=0.6)):
        for query, found in zip(queries, screen_many(un_index, queries, options), strict=True):
            analysis = analyze(query)
            mask = un_index.mask(options.filters("Person"))
            expected = []
            for pos in candidates(un_index, analysis, mask, options.max_candidates or 0):
                match = compare(analysis, un_index.analysis(pos), floor=options.floor)
                if match.score >= options.floor:
                    expected.append((pos, match.score, match.score >= options.threshold))
            expected.sort(key=lambda e: (-e[1], un_index.ids[e[0]]))
            assert [(h.position, h.score, h.match) for h in found] == expected[: options.limit]
            assert all(h.result.threshold == DEFAULT_THRESHOLD for h in found)
