"""The bounds that spare comparisons must never change a result: a part pair
bounds.may_align rules out is below the similarity from which parts are aligned, a
name pair align.may_score rules out scores 0, and best_names finds what comparing
every pair finds. They must also rule out what is plainly different."""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.matching import analyze, compare
from interlist.matching.align import MIN_SIM, compare_names, may_score, token_similarity
from interlist.matching.bounds import may_align
from interlist.matching.compare import _styles, best_names, pair_score
from interlist.matching.model import Analyzed
from interlist.matching.names import analyze_name
from interlist.matching.vocabulary import PERSON

# Name parts across scripts and kinds: transliterations of one another, given-name
# groups, second readings, glides, place adjectives, syllable scripts, initials and
# numbers. Invented combinations of common words of names.
PARTS = [
    "mohammed", "muhammad", "محمد", "мухаммед", "karim", "kareem", "كريم", "карим",
    "yusuf", "yousef", "يوسف", "юсуф", "habib", "حبیب", "ullah", "الله", "habibullah",
    "ivanov", "иванов", "ivanova", "sergejs", "сергей", "sergei", "lavrovas", "lavrov",
    "čavrić", "chavrich", "غیاث", "gias", "yakovlev", "яковлев", "wang", "王", "小明",
    "xiaoming", "김", "kim", "민수", "minsoo", "राम", "ram", "rama", "shri", "श्री",
    "j", "jc", "u.s.", "ali", "aly", "علي", "ahmad", "أحمد", "taha", "طه", "rosa",
    "روزا", "muath", "معاذ", "рязанский", "ryazan", "smith", "karimov", "petrova",
    "nasser", "насер", "ناصر", "tariq", "طارق", "oleksandr", "олександр", "12345",
]  # fmt: skip

names = st.lists(st.sampled_from(PARTS), min_size=1, max_size=3).map(" ".join)


def _parts(text: str) -> list:
    return analyze_name(text, PERSON).content


def test_a_part_pair_ruled_out_is_never_aligned() -> None:
    tokens = [t for text in PARTS for t in _parts(text)]
    ruled_out = 0
    for a in tokens:
        for b in tokens:
            if not may_align(a, b):
                ruled_out += 1
                assert token_similarity(a, b)[0] < MIN_SIM, (a, b)
    assert ruled_out > len(tokens) ** 2 // 2  # most pairs of these are different names


def test_plainly_different_parts_are_ruled_out_and_transliterations_kept() -> None:
    smith, karimov = _parts("Smith Karimov")
    assert not may_align(smith, karimov)
    assert not may_align(_parts("Smith")[0], _parts("محمد")[0])
    for one, other in [("mohammed", "محمد"), ("sergejs", "sergei"), ("kim", "김")]:
        assert may_align(_parts(one)[0], _parts(other)[0]), (one, other)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(names, names)
def test_a_name_pair_ruled_out_scores_nothing(a: str, b: str) -> None:
    left, right = analyze_name(a, PERSON), analyze_name(b, PERSON)
    if not may_score(left, right):
        assert compare_names(left, right)[0] == 0.0


def test_unrelated_names_are_ruled_out_related_ones_kept() -> None:
    assert not may_score(analyze_name("John Smith", PERSON), analyze_name("Tariq Karimov", PERSON))
    for a, b in [("Habibullah Karimi", "حبیب الله کریمی"), ("KarimNasser", "Karim Nasser")]:
        assert may_score(analyze_name(a, PERSON), analyze_name(b, PERSON)), (a, b)


def _every_pair(q: Analyzed, c: Analyzed) -> tuple:
    """best_names as it was: every pair of names compared, the first best kept."""
    best, found = -1.0, None
    for style in _styles(q, c):
        for qn in q.names[style]:
            for cn in c.names[style]:
                raw, pairs = compare_names(qn, cn)
                score, thin = pair_score(raw, pairs, qn, cn, style)
                if score > best:
                    best, found = score, (qn, cn, pairs, thin, raw)
    return max(best, 0.0), _shown(found)


def _shown(found: tuple | None) -> tuple | None:
    if found is None:
        return None
    qn, cn, pairs, thin, raw = found
    return qn.text, cn.text, [p.text() for p in pairs], thin, raw


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(names, min_size=1, max_size=2), st.lists(names, min_size=1, max_size=4))
def test_best_names_finds_what_comparing_every_pair_finds(qs: list[str], cs: list[str]) -> None:
    q = analyze({"schema": "Person", "properties": {"name": qs}})
    c = analyze({"schema": "Person", "properties": {"name": cs}})
    score, found = best_names(q, c)
    assert (score, _shown(found)) == _every_pair(q, c)


def test_a_part_pickles_without_its_profile() -> None:
    part = _parts("Mohammed")[0]
    may_align(part, _parts("محمد")[0])  # its profile is made
    again = pickle.loads(pickle.dumps(part))
    assert again.fold == part.fold and again.alt == part.alt
    assert may_align(again, _parts("محمد")[0])


def test_names_not_compared_are_explained_as_if_compared() -> None:
    """A candidate none of whose names may score is explained, when the explanation is
    read, by its first pair of names compared as before."""
    q = analyze({"schema": "Person", "properties": {"name": ["John Smith"]}})
    c = analyze({"schema": "Person", "properties": {"name": ["Tariq Karimov", "طارق کریموف"]}})
    assert not any(may_score(qn, cn) for qn in q.names[PERSON] for cn in c.names[PERSON])
    plain, floored = compare(q, c), compare(q, c, floor=0.9)
    assert plain.score == floored.score == 0.0
    assert floored.to_dict() == plain.to_dict()
    assert "john" in str(plain.to_dict()) and "tariq" in str(plain.to_dict()).lower()
