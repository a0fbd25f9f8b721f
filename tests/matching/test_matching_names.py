"""Name analysis: each kind of name part is recognised by a general rule."""

from __future__ import annotations

from interlist.matching.names import analyze_name
from interlist.matching.vocabulary import ORG, PERSON, VESSEL


def kinds(name: str, style: str = PERSON) -> list[tuple[str, str]]:
    return [(t.lat, t.kind) for t in analyze_name(name, style).tokens]


def test_particles_are_kept_with_little_weight() -> None:
    tokens = analyze_name("Bashar al-Assad", PERSON).tokens
    assert [(t.lat, t.kind) for t in tokens] == [
        ("bashar", "name"),
        ("al", "particle"),
        ("assad", "name"),
    ]
    assert tokens[1].weight < tokens[0].weight


def test_honorifics_weigh_nothing() -> None:
    tokens = analyze_name("Sheikh Haji Karim Nasser", PERSON).tokens
    assert [t.weight for t in tokens[:2]] == [0.0, 0.0]


def test_name_forming_prefixes_weigh_more_than_particles() -> None:
    tokens = {t.lat: t for t in analyze_name("Abu Bakr al-Baghdadi", PERSON).tokens}
    assert tokens["abu"].kind == "prefix_name"
    assert tokens["al"].weight < tokens["abu"].weight < tokens["bakr"].weight


def test_patronymic_and_initial() -> None:
    assert kinds("P. Ivanovich Sokolov") == [
        ("p", "initial"),
        ("ivanovich", "patronymic"),
        ("sokolov", "name"),
    ]


def test_parent_names_after_kinship_particles() -> None:
    name = analyze_name("Salman bin Abdul Aziz al-Saud", PERSON)
    parents = [t.lat for t in name.tokens if t.parent]
    assert parents == ["abdul", "aziz"]
    assert name.has_parents


def test_kinship_word_first_is_a_given_name() -> None:
    name = analyze_name("Bin Tao", PERSON)
    assert [t.kind for t in name.tokens] == ["name", "name"]
    assert not name.has_parents
    assert analyze_name("Ben Carter", PERSON).tokens[0].weight == 1.0
    assert analyze_name("Omar bin Tariq", PERSON).tokens[1].kind == "particle"


def test_arabic_article_written_joined_is_split() -> None:
    assert kinds("عبد الفتاح السيسي")[1:3] == [("al", "particle"), ("ftah", "name")]


def test_allah_is_one_word_not_the_article() -> None:
    assert kinds("عبد الله") == [("abd", "prefix_name"), ("allh", "name")]


def test_honorifics_written_in_arabic_script_weigh_nothing() -> None:
    assert [t.weight for t in analyze_name("حاجی گلاب", PERSON).tokens] == [0.0, 1.0]
    assert [t.weight for t in analyze_name("حافظ سعيد", PERSON).tokens] == [0.0, 1.0]


def test_legal_forms_across_languages_become_one_canonical_form() -> None:
    forms = [
        analyze_name(n, ORG).tokens
        for n in ("ООО Альфа", "Alfa o.O.O.", "Alfa LLC", "Limited Liability Company Alfa")
    ]
    assert {next(t.lat for t in ts if t.kind == "legal") for ts in forms} == {"llc"}
    assert analyze_name("ТОО «Альфа»", ORG).tokens[0].family == "limited"
    assert analyze_name("Alfa GmbH", ORG).tokens[1].family == "limited"
    assert analyze_name("Alfa AG", ORG).tokens[1].family == "stock"


def test_number_words_ordinals_and_roman_numerals() -> None:
    assert kinds("Unit Forty-Four", ORG) == [("unit", "name"), ("44", "number")]
    assert kinds("1st Coastal Bank", ORG)[0] == ("1", "number")
    assert kinds("Fund VII", ORG)[1] == ("7", "number")
    # an ordinal is a number in a person's name too, not a word in leetspeak ("eerd")
    assert kinds("33rd TsNIII", ORG)[0] == ("33", "number")
    assert kinds("33rd TsNIII", PERSON)[0] == ("33", "number")
    assert kinds("Karl 2nd", PERSON)[1] == ("2", "number")


def test_vessel_prefix() -> None:
    assert kinds("MV Hellenic Spirit", VESSEL)[0] == ("mv", "prefix")


def test_joined_form_skips_light_parts() -> None:
    assert (
        analyze_name("Dr Karim Nasser", PERSON).joined == analyze_name("KarimNasser", PERSON).joined
    )
