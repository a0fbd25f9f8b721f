"""Name evidence too thin to identify anyone (matching/thin.py): the two caps."""

from interlist.matching import compare
from interlist.matching.vocabulary import THIN_NAME, TOO_LITTLE


def person(name: str, schema: str = "Person") -> dict:
    return {"schema": schema, "properties": {"name": [name]}}


def names_of(match) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.name for f in match.explanation]


def test_one_shared_part_beside_a_left_over_is_thin() -> None:
    match = compare(person("Martin Jones"), person("Martin"))
    assert not match.is_match
    assert THIN_NAME in names_of(match)


def test_typos_only_are_thin() -> None:
    assert not compare(person("Roy Kelly"), person("David Ray Kelley")).is_match


def test_a_typo_beside_an_agreeing_part_still_matches() -> None:
    match = compare(person("John Smiht"), person("John Smith"))
    assert match.is_match
    assert THIN_NAME not in names_of(match)


def test_a_syllable_left_over_is_thin() -> None:
    assert not compare(person("琳 健 戴"), person("Jian Dai")).is_match


def test_another_family_name_by_its_ending() -> None:
    assert not compare(person("Аарон Михайло Шаповал"), person("Mikhail Shapovalov")).is_match
    assert compare(person("Ivan Petrova"), person("Ivan Petrov")).is_match


def test_a_misspelt_honorific_left_over_is_not_a_name() -> None:
    assert compare(person("AWEYS, Shekh"), person("Sheikh Aweys")).is_match
    assert compare(person("Муллах Наймуллах"), person("Mullah Naimullah")).is_match


def test_too_little_says_so() -> None:
    for query, listed in (
        ("Mohammed", "Mohammed Omar"),
        ("AAAA", "Asa'ib Ahl al-Haq (AAH)"),
        ("J.", "John Smith"),
    ):
        match = compare(person(query, "LegalEntity"), person(listed, "LegalEntity"))
        assert not match.is_match, query


def test_too_little_kept_when_a_listed_name_is_exactly_it() -> None:
    match = compare(person("Hassan"), person("Hassan"))
    assert match.is_match
    assert TOO_LITTLE in names_of(match)
