"""The public API: analyze, compare, Match, features beyond the name, schemata."""

from __future__ import annotations

import json

from interlist.matching import (
    DEFAULT_THRESHOLD,
    Analyzed,
    analyze,
    compare,
    format_explanation,
)
from interlist.model import make_entity


def person(name: str | list[str], **props: list[str] | str) -> dict:
    names = [name] if isinstance(name, str) else name
    return {"schema": "Person", "properties": {"name": names, **props}}


def test_compare_accepts_mappings_entities_and_analysed_objects() -> None:
    entity = make_entity("Person", "p1", "test")
    entity.add("name", "Yusuf bin Hamid al-Harbi")
    analysed = analyze(person("Yousef bin Hamed al-Harbi"))
    assert isinstance(analysed, Analyzed)
    assert analyze(analysed) is analysed
    match = compare(entity, analysed)
    assert match.is_match
    assert 0.0 <= match.score <= 1.0


def test_schema_rules() -> None:
    vessel = {"schema": "Vessel", "properties": {"name": ["Karim Nasser"]}}
    legal = {"schema": "LegalEntity", "properties": {"name": ["Karim Nasser"]}}
    org = {"schema": "Company", "properties": {"name": ["Alfa LLC"]}}
    assert compare(person("Karim Nasser"), vessel).score == 0.0
    assert compare(legal, person("Karim Nasser")).is_match
    assert compare(legal | {"properties": {"name": ["Alfa Ltd"]}}, org).is_match


def test_birth_dates() -> None:
    base = compare(person("Ivan Petrov"), person("Ivan Petrov")).score
    exact = compare(
        person("Ivan Petrov", birthDate="1970-05-01"), person("Ivan Petrov", birthDate="1970-05-01")
    )
    year = compare(
        person("Ivan Petrov", birthDate="1970-05-01"), person("Ivan Petrov", birthDate="1970")
    )
    swap = compare(
        person("Ivan Petrov", birthDate="1970-05-01"), person("Ivan Petrov", birthDate="1970-01-05")
    )
    span = compare(
        person("Ivan Petrov", birthDate="1968/1972"), person("Ivan Petrov", birthDate="1970-05-01")
    )
    other = compare(
        person("Ivan Petrov", birthDate="1955"), person("Ivan Petrov", birthDate="1970-05-01")
    )
    assert base == 1.0 and exact.score == 1.0
    fuzzy = compare(person("Ivan Petrof"), person("Ivan Petrov")).score
    assert (
        compare(
            person("Ivan Petrof", birthDate="1970-05-01"),
            person("Ivan Petrov", birthDate="1970-05-01"),
        ).score
        > fuzzy
    )
    assert "year agrees" in year.explanation[-1].detail or year.score >= 1.0
    assert any("swapped" in f.detail for f in swap.explanation)
    assert any("year agrees" in f.detail for f in span.explanation)
    assert other.score < DEFAULT_THRESHOLD


def test_birth_year_and_country_do_not_lift_a_name_half_different() -> None:
    # one part agrees, the other differs on both sides: name score 0.6
    query = person("Pavel Orlov", birthDate="1970-05-01", nationality="ru")
    half = compare(query, person("Pavel Sokolov", birthDate="1970", nationality="ru"))
    assert half.score == compare(person("Pavel Orlov"), person("Pavel Sokolov")).score
    close = compare(query, person("Pavel Orlof", birthDate="1970", nationality="ru"))
    assert close.score > compare(person("Pavel Orlov"), person("Pavel Orlof")).score
    exact = compare(query, person("Pavel Sokolov", birthDate="1970-05-01"))
    assert exact.score > half.score  # a full birth date still counts


def test_identifiers_equal_strong_different_against() -> None:
    same = compare(
        person("Ivan Petrov", passportNumber="AB 123456"),
        person("I. Petrov", passportNumber="ab123456"),
    )
    differ = compare(
        person("Ivan Petrov", passportNumber="AB123456"),
        person("Ivan Petrov", passportNumber="XY999999"),
    )
    assert same.is_match
    assert differ.score < 1.0
    assert any(f.name == "identifier" and f.weight < 0 for f in differ.explanation)


def test_gender_and_country() -> None:
    fem = compare(person("Ivan Petrov", gender="female"), person("Ivan Petrov", gender="male"))
    ctry = compare(person("Ivan Petrov", nationality="ru"), person("Ivan Petrov", country="ua"))
    same = compare(person("Ivan Petrof", nationality="ru"), person("Ivan Petrov", country="ru"))
    assert fem.score < 1.0 and ctry.score < 1.0
    assert same.score > compare(person("Ivan Petrof"), person("Ivan Petrov")).score


def test_weak_alias_weighs_less() -> None:
    strong = compare(person("Abu Ali"), person("Abu Ali")).score
    weak = compare(
        person("Abu Ali"),
        {"schema": "Person", "properties": {"name": ["Zzz Qqq"], "weakAlias": ["Abu Ali"]}},
    )
    assert weak.score < strong
    assert weak.explanation[0].detail.startswith("weak alias")


def test_explanation_is_ordered_and_json_friendly() -> None:
    match = compare(
        person("Karim Nasser", birthDate="1961"), person("كريم ناصر", birthDate="1961-03-10")
    )
    weights = [abs(f.weight) for f in match.explanation]
    assert weights == sorted(weights, reverse=True)
    data = json.loads(json.dumps(match.to_dict()))
    assert data["is_match"] is True
    assert "nasser≈ناصر (translit)" in data["explanation"][0]["detail"]
    text = format_explanation(match)
    assert text.startswith("score ") and "MATCH" in text


def test_invalid_input_is_an_interlist_error() -> None:
    from interlist.errors import InvalidInputError

    for bad in ({"properties": {}}, 42):
        try:
            analyze(bad)
        except InvalidInputError as exc:
            assert "entity" in str(exc)
        else:
            raise AssertionError("no error")


def test_a_numbered_institute_is_not_a_person_through_leetspeak() -> None:
    """An ordinal ("33rd") was once read as leetspeak, "eerd", which resembles آراد (Arad)."""
    institute = {"schema": "LegalEntity", "properties": {"name": ["33rd TsNIII"]}}
    assert compare(person("آراد حسنی"), institute).score < DEFAULT_THRESHOLD
    assert compare(institute, institute).score == 1.0


def test_values_that_are_not_text_are_read_as_text_or_skipped() -> None:
    """A caller's mapping may hold numbers and empty values (a spreadsheet's cells): the
    compiled analysis reads them as the interpreted one did."""
    entity = analyze(
        {
            "schema": "Person",
            "properties": {
                "name": ["Ivan Petrov"],
                "birthDate": [1970, None, ""],
                "idNumber": [12345, None],
                "nationality": ["ru", None],
                "gender": [None],
            },
        }
    )
    assert entity.birth_dates == ("1970",)
    assert entity.ids == {"national id": frozenset({"12345"})}
    assert entity.countries == frozenset({"ru"})  # no country "none"
    assert entity.genders == frozenset() and entity.has_details


def test_a_russian_spelling_meets_belarusian_and_ukrainian_romanisations() -> None:
    from interlist.matching import DEFAULT_THRESHOLD as T

    def person(name: str) -> dict:
        return {"schema": "Person", "properties": {"name": [name]}}

    russian = person("Вадим Сергеевич ГОРКА")
    assert compare(russian, person("Vadzim Siarhaevich HARKA")).score >= T  # 0.58 read as Russian
    assert compare(russian, person("Vadzim Siarhaevich BELOV")).score < T
    # unstressed о is not read as а: every о would bring unrelated names together
    assert compare(person("Беро Вакрилов"), person("Gabriela de Brea")).score < T


def _person(name: str) -> dict:
    return {"schema": "Person", "properties": {"name": [name]}}


def test_latvian_and_lithuanian_endings_of_russian_names() -> None:
    from interlist.matching import DEFAULT_THRESHOLD as T

    assert compare(_person("Sergejs Kedrovs"), _person("Sergey Viktorovich KEDROV")).score >= T
    assert compare(_person("Sergejus Kedrovas"), _person("Sergey KEDROV")).score >= T
    assert compare(_person("Sergejs Kedrovs"), _person("Sergey BELOV")).score < T


def test_a_parents_name_only_one_side_has_weighs_half() -> None:
    from interlist.matching import DEFAULT_THRESHOLD as T

    long = "Usama bin Muhammad ibn Awad ibn Kedrin"
    assert compare(_person("Osama bin Kedrin"), _person(long)).score >= T
    other = compare(_person("HABIB BEN MOHAMED AL-KEDRI"), _person("HABIB BEN AHMED AL-KEDRI"))
    assert other.score < T  # two different fathers


def test_initials_written_together_stand_for_the_given_names() -> None:
    from interlist.matching import DEFAULT_THRESHOLD as T

    assert compare(_person("JC Kedrer"), _person("Jean-Claude Kedrer")).score >= T
    assert compare(_person("JC Kedrer"), _person("Jean-Paul Kedrer")).score < T


def test_homophones_in_a_syllable_script_are_other_names() -> None:
    from interlist.matching import DEFAULT_THRESHOLD as T

    assert compare(_person("高石早苗"), _person("高市早苗")).score < T
    assert compare(_person("高市早苗"), _person("高市早苗")).score >= T
