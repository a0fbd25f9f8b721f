"""The matcher's shortcuts must never change a result: the pre-check before comparing a
part with a joined word, the numbers that key remembered part comparisons, a
comparison that stops at the caller's floor, screening's loop over candidates, and
analyses read back from the index."""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.matching import analyze, compare
from interlist.matching import names as names_module
from interlist.matching.align import (
    CLOSE,
    _joined_tokens,
    _may_be_close,
    joined_spans,
    token_similarity,
)
from interlist.matching.compare import matches_above
from interlist.matching.features import checks, explained
from interlist.matching.names import analyze_name
from interlist.matching.vocabulary import ORG, PERSON

# Name parts that meet the rules: given-name groups, particles, folding, patronymics,
# legal forms, organisation words, and parts one or two letters apart. Invented
# combinations; the parts are common words of names.
PARTS = [
    "abdul", "abdel", "rahman", "rahmaan", "abdulrahman", "abdelrahman", "shams", "al",
    "din", "shamsuddin", "shamsudin", "nur", "ullah", "nurullah", "mohammed", "muhammad",
    "mohamed", "ivanov", "ivanovich", "petrova", "ibn", "bin", "saleh", "salih", "sayf",
    "saif", "trading", "company", "llc", "group", "islamic", "state", "ali", "aly",
    "karim", "kareem", "abu", "bakr", "abubakr", "abubakar", "van", "der", "berg",
    "vanderberg", "o", "connor", "oconnor", "jean", "pierre", "jeanpierre", "mac",
]  # fmt: skip

names = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(names, names, st.sampled_from([PERSON, ORG]))
def test_the_pre_check_never_rules_out_a_close_joined_word(a: str, b: str, style: str) -> None:
    parts = analyze_name(a, style).content
    for span, _ in joined_spans(analyze_name(b, style)):
        for joined in _joined_tokens(span):
            for part in parts:
                if not _may_be_close(part, joined):
                    assert token_similarity(part, joined)[0] < CLOSE, (part, joined)


def test_the_pre_check_rules_out_words_far_apart_and_keeps_close_ones() -> None:
    joined = _joined_tokens(tuple(analyze_name("Shams al-Din", PERSON).content))
    assert any(_may_be_close(analyze_name("Shamsuddin", PERSON).content[0], j) for j in joined)
    assert not any(_may_be_close(analyze_name("Petrova", PERSON).content[0], j) for j in joined)


def test_equal_parts_share_a_number_and_different_parts_never_do() -> None:
    first = analyze_name("Ali Karim Ali", PERSON).content
    assert first[0].key_id == first[2].key_id
    assert first[0].key_id != first[1].key_id
    names_module._KEY_IDS.clear()  # as when the table is full
    again = analyze_name("Karim Saleh", PERSON).content
    assert again[0].key_id != first[1].key_id  # a new number, never a used one
    assert again[1].key_id not in (first[0].key_id, first[1].key_id)
    assert token_similarity(again[0], first[1]) == (1.0, "same")


QUERIES = [
    {"schema": "Person", "properties": {"name": ["Karim Saleh"], "birthDate": ["1970-01-02"]}},
    {"schema": "Person", "properties": {"name": ["Ali Mohammed"], "passportNumber": ["X123"]}},
    {"schema": "Company", "properties": {"name": ["Shams Trading LLC"], "country": ["ae"]}},
]
CANDIDATES = [
    {"schema": "Person", "properties": {"name": ["Kareem Salih"], "birthDate": ["1970-01-02"]}},
    {"schema": "Person", "properties": {"name": ["Karim Petrov"], "birthDate": ["1970"]}},
    {"schema": "Person", "properties": {"name": ["Ivan Ivanov"], "passportNumber": ["X123"]}},
    {"schema": "Person", "properties": {"name": ["Aly Muhammad"], "gender": ["male"]}},
    {"schema": "Company", "properties": {"name": ["Shamsuddin Group"], "country": ["ae"]}},
    {"schema": "Company", "properties": {"name": ["Trading Company"], "country": ["ru"]}},
]


def test_a_floor_changes_no_score_at_or_above_it() -> None:
    for query in QUERIES:
        for candidate in CANDIDATES:
            for floor in (0.3, 0.5, 0.7, 0.9):
                _assert_the_floor_keeps_scores_above_it(query, candidate, floor)


def _assert_the_floor_keeps_scores_above_it(query: dict, candidate: dict, floor: float) -> None:
    plain = compare(analyze(query), analyze(candidate))
    floored = compare(analyze(query), analyze(candidate), floor=floor)
    if plain.score >= floor:
        assert floored.to_dict() == plain.to_dict()
    else:
        assert plain.score <= floored.score < floor


def test_an_equal_number_still_lifts_a_weak_name_past_the_floor() -> None:
    query, candidate = analyze(QUERIES[1]), analyze(CANDIDATES[2])
    assert compare(query, candidate, floor=0.7).score == compare(query, candidate).score >= 0.7


def test_a_remembered_comparison_keeps_the_style_of_the_name() -> None:
    """An organisation word ("مغربية" is "Moroccan") in a person's name is no such word:
    the comparison remembered for the persons' names must not answer for the
    organisations'."""
    person = analyze_name("مغربية", PERSON).content[0], analyze_name("Moroccan", PERSON).content[0]
    org = analyze_name("مغربية", ORG).content[0], analyze_name("Moroccan", ORG).content[0]
    assert token_similarity(*person)[1] != "same word"
    assert token_similarity(*org) == (0.9, "same word")


DATES = ["1970-01-02", "1970-02-01", "1970", "1971-05-05", "1980-03-03", "1969/1971"]
COUNTRIES = ["ru", "ae", "de", "sy"]


def _person(name: str, dates: list[str], countries: list[str], passport: list[str]) -> dict:
    props: dict[str, list[str]] = {"name": [name], "birthDate": dates}
    props.update(nationality=countries, passportNumber=passport, gender=["male"])
    return {"schema": "Person", "properties": {k: v for k, v in props.items() if v}}


people = st.builds(
    _person,
    names,
    st.lists(st.sampled_from(DATES), max_size=2),
    st.lists(st.sampled_from(COUNTRIES), max_size=2),
    st.lists(st.sampled_from(["X123", "Y456"]), max_size=1),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(people, people, st.sampled_from([0.5, 0.7, 0.9]))
def test_evidence_that_stops_a_comparison_never_hides_a_score_above_the_floor(
    query: dict, candidate: dict, floor: float
) -> None:
    """Different birth dates, countries or numbers stop the comparison before the names
    are compared only when even equal names could not reach the floor."""
    _assert_the_floor_keeps_scores_above_it(query, candidate, floor)


def test_a_different_birth_date_stops_the_comparison_before_the_names() -> None:
    query = analyze(_person("Karim Saleh", ["1970-01-02"], [], []))
    candidate = analyze(_person("Karim Saleh", ["1980-03-03"], [], []))
    floored = compare(query, candidate, floor=0.7)
    assert floored.score == compare(query, candidate).score < 0.7
    assert any("not compared" in f.detail for f in floored.explanation)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(people, people)
def test_the_scores_of_the_checks_are_those_they_explain(query: dict, candidate: dict) -> None:
    """The floor reads the checks' scores without their explanations: the same scores
    in the same order as the explained features."""
    q, c = analyze(query), analyze(candidate)
    assert checks(q, c) == [(f.name, f.score) for f in explained(q, c)]


def _organisation(name: str, countries: list[str]) -> dict:
    props = {"name": [name], "country": countries} if countries else {"name": [name]}
    return {"schema": "Company", "properties": props}


entities = st.one_of(people, st.builds(_organisation, names, st.lists(st.sampled_from(COUNTRIES))))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(people, st.lists(entities, max_size=6), st.sampled_from([0.5, 0.7, 0.9]))
def test_screening_many_candidates_keeps_what_compare_keeps(
    query: dict, candidates: list[dict], floor: float
) -> None:
    """matches_above (screening's loop over candidates) keeps exactly the candidates
    compare() scores at or above the floor, with the same scores and explanations, in
    order; a person never matches a company."""
    q, found = analyze(query), [analyze(c) for c in candidates]
    expected = [(n, compare(q, c, floor=floor)) for n, c in enumerate(found)]
    kept = [(n, m.to_dict()) for n, m in expected if m.score >= floor]
    assert [(n, m.to_dict()) for n, m in matches_above(q, found, floor, memo={})] == kept


def test_a_saved_analysis_compares_as_the_fresh_one() -> None:
    """The index keeps analyses pickled: read again, they give the same comparisons."""
    for entity in [*QUERIES, *CANDIDATES]:
        fresh = analyze(entity)
        again = pickle.loads(pickle.dumps(fresh))
        assert (again.schema, again.birth_dates, again.countries, again.genders) == (
            fresh.schema, fresh.birth_dates, fresh.countries, fresh.genders,
        )  # fmt: skip
        assert again.ids == fresh.ids and again.has_details == fresh.has_details
        for query in QUERIES:
            assert compare(query, again).to_dict() == compare(query, fresh).to_dict()


def test_birth_dates_are_explained_with_how_far_apart_they_are() -> None:
    query = analyze(_person("Karim Saleh", ["1970-01-02"], [], []))
    details = {
        date: explained(query, analyze(_person("Karim Saleh", [date], [], [])))[0].detail
        for date in ("1970-01-02", "1970-02-01", "1970-03-04", "1970", "1971-05-05", "1955")
    }
    assert details == {
        "1970-01-02": "1970-01-02 (same date)",
        "1970-02-01": "1970-01-02~1970-02-01 (day and month swapped)",
        "1970-03-04": "1970-01-02≠1970-03-04 (same year, other day)",
        "1970": "1970-01-02~1970 (year agrees)",
        "1971-05-05": "1970-01-02~1971-05-05 (one year apart)",
        "1955": "1970-01-02≠1955 (15 years apart)",
    }
