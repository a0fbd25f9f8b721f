"""The blocking-key guarantee: whatever compare() scores at or above the default
threshold shares at least one index key with the query."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlist.matching import DEFAULT_THRESHOLD, analyze, compare, index_keys

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыьэюя"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
word = st.text(alphabet=st.sampled_from(LATIN + CYRILLIC + ARABIC), min_size=1, max_size=9)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)
schema = st.sampled_from(["Person", "Company", "LegalEntity", "Vessel"])


def entity(schema_name: str, text: str) -> dict:
    return {"schema": schema_name, "properties": {"name": [text]}}


def mutate(text: str, data: st.DataObject) -> str:
    """A near copy: a letter swapped, dropped or doubled, or words reordered."""
    if len(text) < 2:
        return text
    i = data.draw(st.integers(0, len(text) - 2))
    how = data.draw(st.sampled_from(["swap", "drop", "double", "reorder"]))
    if how == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if how == "drop":
        return text[:i] + text[i + 1 :]
    if how == "double":
        return text[:i] + text[i] + text[i:]
    return " ".join(reversed(text.split()))


def check_guarantee(query: dict, candidate: dict) -> bool:
    """True when the pair matches (and then the keys must overlap)."""
    match = compare(query, candidate)
    if match.score >= DEFAULT_THRESHOLD:
        assert index_keys(analyze(query)) & index_keys(analyze(candidate)), (query, candidate)
        return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema, name, st.data())
def test_near_copies_that_match_share_a_key(
    schema_name: str, text: str, data: st.DataObject
) -> None:
    check_guarantee(entity(schema_name, text), entity(schema_name, mutate(text, data)))


@settings(max_examples=300, deadline=None)
@given(schema, name, name)
def test_random_pairs_that_match_share_a_key(schema_name: str, a: str, b: str) -> None:
    check_guarantee(entity(schema_name, a), entity(schema_name, b))


def test_identifiers_are_keys() -> None:
    a = analyze({"schema": "Person", "properties": {"name": ["X"], "passportNumber": ["ab 12"]}})
    assert "i:AB12" in index_keys(a)


def test_guarantee_on_benchmark_positives(shared_data: Path) -> None:
    path = shared_data / "bench/name_bench/cases.csv"
    with open(path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["is_match"] == "true"]
    matched = sum(
        check_guarantee(entity(r["schema"], r["name1"]), entity(r["schema"], r["name2"]))
        for r in rows
    )
    assert matched > len(rows) // 2  # the check ran on real matches, not on nothing
    for lang in ("russian", "arabic"):
        with open(shared_data / f"bench/translit/wd_{lang}_16.txt", encoding="utf-8") as fh:
            for line in list(fh)[:2000]:
                latin, native = line.rstrip("\n").split("\t")[:2]
                check_guarantee(entity("Person", latin), entity("Person", native.replace(" ", "")))


def test_keys_do_not_depend_on_the_cap(shared_data: Path) -> None:
    """The cap that enforces the guarantee should rarely be needed on true matches."""
    path = shared_data / "bench/translit/wd_russian_16.txt"
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t")[:2] for line in list(fh)[:2000]]
    capped = sum(
        any(
            f.name == "no_shared_key"
            for f in compare(entity("Person", a), entity("Person", b.replace(" ", ""))).explanation
        )
        for a, b in rows
    )
    assert capped < len(rows) * 0.02
