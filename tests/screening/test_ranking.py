"""The candidate ranking counts the query's name parts a name has, spelt alike: a long
part two letters off still counts through its phonetic code or consonant skeleton."""

from __future__ import annotations

from interlist.matching import analyze
from interlist.model import make_entity
from interlist.screening.candidates import Candidate
from interlist.screening.index import Filters, build_index
from interlist.screening.keys import joined_keys, part_groups, search_keys, written_apart
from interlist.screening.screen import candidates

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
    query = analyze({"schema": "Person", "properties": {"name": ["Ali Mahmoudabadi Ali"]}})
    groups = part_groups(query)
    assert len(groups) == 2
    short, long = sorted(groups, key=len)
    joined = joined_keys(query.names["person"][0])  # "alimahmoudabadi", "mahmoudabadiali"
    assert joined and joined <= short and joined <= long
    # short parts: their spelling, and the words they make with their neighbours
    assert all(k[:2] in ("f:", "g:", "d:") for k in short - joined)
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
    # the candidates screening, the API's search and the web search all compare
    assert [index.ids[p] for p in candidates(index, query, mask, 1)] == ["target"]


def index_filters():  # type: ignore[no-untyped-def]
    from interlist.screening.index import Filters

    return Filters("Person")


def test_parts_written_apart_are_keyed_as_the_word_they_make() -> None:
    name = analyze({"schema": "Person", "properties": {"name": ["نور الله نوری"]}})
    spans = written_apart(name.names["person"][0])
    assert [[t.text for t in span] for span, _ in spans] == [["نور", "الله"], ["الله", "نوری"]]
    assert "s:nrl" in spans[0][1]  # the skeleton of "Nurullah", one word
    three = analyze({"schema": "Person", "properties": {"name": ["Shams al-Din"]}})
    assert written_apart(three.names["person"][0])[0][1] == {"s:smsldn", "s:smsdn"}
    assert "s:smsdn" in search_keys(three)  # also as the word without its particle


def test_a_name_written_apart_finds_its_one_word_spelling_first() -> None:
    # profiles sharing the query's parts one by one, and the target spelling them as one
    crowd = [_candidate(f"c-{i}", f"Nur {g}", f"{g} Nuri") for i, g in enumerate(GIVEN)]
    crowd += [_candidate(f"a-{i}", f"Abdullah {g}") for i, g in enumerate(GIVEN)]
    index = build_index([*crowd, _candidate("target", "NURULLAH NURI")])
    for text in ("نور الله نوری", "Nur Ullah Nuri"):
        query = analyze({"schema": "Person", "properties": {"name": [text]}})
        positions = index.candidates(
            search_keys(query), index.mask(Filters("Person")), 1, 0.0, part_groups(query)
        )
        assert [index.ids[p] for p in positions] == ["target"], text
    # and the other way round: a name written as one word finds it written apart
    index = build_index([*crowd, _candidate("target", "Abdul Rahman Agha")])
    query = analyze({"schema": "Person", "properties": {"name": ["عبدالرحمان آغا"]}})
    mask = index.mask(Filters("Person"))
    positions = index.candidates(search_keys(query), mask, 1, 0.0, part_groups(query))
    assert [index.ids[p] for p in positions] == ["target"]


def test_a_part_in_arabic_script_counts_through_a_common_skeleton(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # عمری has no key but its skeleton (m-r), which many names share: too common to
    # find a name by, it still says that a name found otherwise has the part
    monkeypatch.setattr("interlist.screening.index.COMMON_KEY_MIN", 15)
    monkeypatch.setattr("interlist.screening.index.COMMON_KEY_SHARE", 0.0)
    common = [
        _candidate(f"m-{i}", f"{g} {n}") for i, g in enumerate(GIVEN) for n in ("Omar", "Amir")
    ]
    others = ["Bakri", "Shukri", "Zuhri", "Fakhri", "Sabri", "Tabari", "Qadri", "Basri"]
    crowd = [_candidate(f"c-{i}", f"Abdul Jabbar {n}") for i, n in enumerate(others)]
    index = build_index([*common, *crowd, _candidate("target", "ABDUL JABBAR OMARI")])
    assert index.weights[index.keys["s:mr"]] == 0.0  # too common to rank by
    query = analyze({"schema": "Person", "properties": {"name": ["عبدالجبار عمری"]}})
    mask = index.mask(Filters("Person"))
    positions = index.candidates(search_keys(query), mask, 1, 0.0, part_groups(query))
    assert [index.ids[p] for p in positions] == ["target"]
