"""The candidate ranking counts the query's name parts a name has, spelt alike: a long
part two letters off still counts through its phonetic code or consonant skeleton."""

from __future__ import annotations

from interlist.matching import analyze
from interlist.model import make_entity
from interlist.screening.candidates import Candidate
from interlist.screening.index import Filters, build_index
from interlist.screening.keys import part_groups, search_keys

GIVEN = ["Karim", "Yusuf", "Omar", "Tariq", "Samir", "Nabil", "Rami", "Walid", "Fadi", "Ziad"]


def _candidate(entity_id: str, *names: str) -> Candidate:
    entity = make_entity("Person", entity_id, "test_list")
    for name in names:
        entity.add("name", name)
    return Candidate(entity, [entity_id])


def _index():  # type: ignore[no-untyped-def]
    # profiles whose short alias is the query's common part alone
    crowd = [_candidate(f"c-{i}", f"{g} Haddad", "Ahmad") for i, g in enumerate(GIVEN)]
    return build_index([*crowd, _candidate("target", "Ahmad Derakhshandeh")])


def test_part_groups_one_per_distinct_part() -> None:
    groups = part_groups(
        analyze({"schema": "Person", "properties": {"name": ["Ali Mahmoudabadi Ali"]}})
    )
    assert len(groups) == 2
    short, long = sorted(groups, key=len)
    assert all(k[:2] in ("f:", "g:", "d:") for k in short)  # short parts: their spelling
    assert {k for k in short if k[:2] == "d:"} == {"d:ali"}  # and itself to meet deletions
    assert any(k.startswith("d:") for k in long) and any(k.startswith("s:") for k in long)


def test_a_part_in_arabic_script_counts_through_its_consonants() -> None:
    groups = part_groups(analyze({"schema": "Person", "properties": {"name": ["حقانی"]}}))
    assert len(groups) == 1
    assert "s:hkn" in groups[0]  # the skeleton a Latin "Haqqani" also has


def test_a_short_part_meets_a_part_one_letter_longer() -> None:
    sounding_alike = ["Mor", "Mur", "Mar", "Moor", "Mer"]  # same consonants as "Mir"
    crowd = [_candidate(f"c-{i}", f"{g} Haddad") for i, g in enumerate(sounding_alike)]
    index = build_index([*crowd, _candidate("target", "Amir Haddad")])
    query = analyze({"schema": "Person", "properties": {"name": ["Mir Haddad"]}})
    mask = index.mask(Filters("Person"))
    positions = index.candidates(search_keys(query), mask, 1, 0.0, part_groups(query))
    assert [index.ids[p] for p in positions] == ["target"]


def test_a_long_part_two_letters_off_still_ranks_its_name_first() -> None:
    index = _index()
    query = analyze({"schema": "Person", "properties": {"name": ["Ahmad Deraksshandeh"]}})
    mask = index.mask(index_filters())
    positions, _ = index.ranked(search_keys(query), mask, part_groups(query))
    assert index.ids[positions[0]] == "target"


def index_filters():  # type: ignore[no-untyped-def]
    from interlist.screening.index import Filters

    return Filters("Person")
