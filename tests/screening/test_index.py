"""The candidate index: keys, ranking, filters, and screening through it."""

from __future__ import annotations

import pytest

from interlist.matching import analyze
from interlist.screening.index import Filters, ScreeningIndex
from interlist.screening.keys import search_keys
from interlist.screening.screen import ScreenOptions, hit_record, screen, screen_exhaustive

# Runs on each database backend (the PostgreSQL pass keeps tests that use `db_url`).
pytestmark = pytest.mark.usefixtures("db_url")


def _person(name: str, **props: str) -> dict:
    return {
        "schema": "Person",
        "properties": {"name": [name], **{k: [v] for k, v in props.items()}},
    }


def _ids(index: ScreeningIndex, query: dict, **options: object) -> list[str]:
    hits = screen(index, query, ScreenOptions(**options))  # type: ignore[arg-type]
    return [index.ids[h.position] for h in hits if h.match]


def test_index_holds_every_listed_target_once(small_index: ScreeningIndex) -> None:
    assert sorted(small_index.ids) == ["o-1", "o-2", "t-1", "t-2", "t-3", "t-4", "t-5", "t-6"]
    assert small_index.referents[small_index.ids.index("t-1")] == ["t-1"]
    assert small_index.sources() == {"test_list", "other_list"}


def test_deletion_keys_let_a_typo_share_a_key() -> None:
    right = search_keys(analyze(_person("Laden")))
    wrong = search_keys(analyze(_person("Ladem")))
    assert "d:lade" in right & wrong
    assert "d:lade" not in search_keys(analyze(_person("Lagos")))


def test_cross_script_and_reordered_names_are_found(small_index: ScreeningIndex) -> None:
    assert "t-2" in _ids(small_index, _person("PUTIN Vladimir"))
    assert "t-2" in _ids(small_index, _person("Владимир Путин"))
    assert "t-3" in _ids(small_index, _person("Кравченко Ігор"))
    assert set(_ids(small_index, _person("Usama bin Ladin"))) == {"t-1", "o-2"}


def test_unrelated_name_has_no_hit(small_index: ScreeningIndex) -> None:
    assert _ids(small_index, _person("Gudrun Svensdottir")) == []


def test_identifier_finds_candidate(small_index: ScreeningIndex) -> None:
    query = _person("I. Kravchenko", passportNumber="FA 123456")
    assert _ids(small_index, query)[:1] == ["t-3"]


def test_dataset_filters(small_index: ScreeningIndex) -> None:
    query = _person("Osama bin Laden")
    assert _ids(small_index, query, include_datasets=("other_list",)) == ["o-2"]
    assert _ids(small_index, query, exclude_datasets=("other_list",)) == ["t-1"]


def test_schema_and_topic_filters(small_index: ScreeningIndex) -> None:
    org = {"schema": "Organization", "properties": {"name": ["Alfa Trading LLP"]}}
    assert _ids(small_index, org) == ["t-5"]
    assert _ids(small_index, org, exclude_schemata=("Organization",)) == []
    query = _person("Osama bin Laden")
    assert _ids(small_index, query, topics=("crime.terror",)) == ["t-1"]
    assert _ids(small_index, query, topics=("sanction",)) == []


def test_person_query_never_hits_an_organization(small_index: ScreeningIndex) -> None:
    mask = small_index.mask(Filters("Person"))
    allowed = {small_index.ids[i] for i in mask.nonzero()[0]}
    assert "t-5" not in allowed and "t-1" in allowed


def test_limit_threshold_and_cutoff(small_index: ScreeningIndex) -> None:
    query = _person("Osama bin Laden")
    assert len(screen(small_index, query, ScreenOptions(limit=1))) == 1
    everything = screen(small_index, query, ScreenOptions(cutoff=0.0, limit=50))
    assert any(not h.match for h in everything)
    assert [h.score for h in everything] == sorted((h.score for h in everything), reverse=True)


def test_hit_record_has_the_batch_fields(small_index: ScreeningIndex) -> None:
    hit = screen(small_index, _person("Vladimir Putin"), ScreenOptions())[0]
    record = hit_record(small_index, hit)
    assert set(record) == {
        "entity_id", "caption", "schema", "score", "match", "datasets", "referents", "explanation"
    }  # fmt: skip
    assert record["entity_id"] == "t-2" and record["datasets"] == ["test_list"]
    assert record["explanation"] and record["explanation"][0]["name"] == "name"


def test_index_agrees_with_exhaustive_on_small_bank(small_index: ScreeningIndex) -> None:
    options = ScreenOptions(limit=10)
    for name in ("Usama bin Ladin", "Путин", "Maria Garsia", "Ivan Petrov", "Alfa Trading"):
        for schema in ("Person", "LegalEntity"):
            query = {"schema": schema, "properties": {"name": [name]}}
            fast = [(h.position, h.score) for h in screen(small_index, query, options)]
            full = [(h.position, h.score) for h in screen_exhaustive(small_index, query, options)]
            assert fast == full, (name, schema)
