"""The other-script recall measure takes a list's names in other scripts out of the
profiles and screens them, so that they must be found through the Latin names."""

from __future__ import annotations

from interlist.model import make_entity
from interlist.screening.candidates import Candidate
from interlist.screening.evaluation import other_script_cases, recall
from interlist.screening.index import build_index
from interlist.screening.screen import ScreenOptions


def _candidate(entity_id: str, dataset: str, *names: str) -> Candidate:
    entity = make_entity("Person", entity_id, dataset)
    entity.add("name", names[0])
    for name in names[1:]:
        entity.add("alias", name)
    return Candidate(entity, [entity_id])


def test_names_in_other_scripts_are_taken_out_and_screened() -> None:
    candidates = [
        _candidate("un-1", "un_sc", "Jalaluddin Haqqani", "جلال الدين حقانى", "Jalāluddīn Ḥaqqānī"),
        _candidate("un-2", "un_sc", "Иван Петров"),  # no Latin name left: left out
        _candidate("x-1", "other", "Владимир Путин"),  # another list: kept as it is
    ]
    kept, cases = other_script_cases(candidates, "un_sc")
    assert [c.entity.id for c in kept] == ["un-1", "x-1"]
    assert [(c.entity_id, c.name) for c in cases] == [
        ("un-1", "جلال الدين حقانى"),
        ("un-2", "Иван Петров"),
    ]
    assert sorted(kept[0].entity.get("alias")) == ["Jalāluddīn Ḥaqqānī"]  # accents are Latin
    found = recall(build_index(kept), cases[:1], ScreenOptions())
    assert found.rate == 1.0  # the Arabic spelling finds the entry by its Latin names
