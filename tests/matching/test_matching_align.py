"""Name comparison: each scoring rule on its own small examples."""

from __future__ import annotations

from interlist.matching.align import compare_names, token_similarity
from interlist.matching.model import DEFAULT_THRESHOLD
from interlist.matching.names import ORG, PERSON, analyze_name


def score(a: str, b: str, style: str = PERSON) -> float:
    return compare_names(analyze_name(a, style), analyze_name(b, style))[0]


def token(text: str, style: str = PERSON):
    return analyze_name(text, style).tokens[0]


def test_identical_and_reordered_names_score_one() -> None:
    assert score("Vladimir Putin", "Vladimir Putin") == 1.0
    assert score("PUTIN, Vladimir", "Vladimir Putin") == 1.0


def test_cross_script_names_match() -> None:
    assert score("Vladimir Putin", "Владимир Путин") >= 0.95
    assert score("Usama bin Laden", "Усама бен Ладен") >= DEFAULT_THRESHOLD
    assert score("Osama bin Laden", "أسامة بن لادن") >= DEFAULT_THRESHOLD
    assert score("Ihor Kravchenko", "Кравченко Ігор Васильович") >= DEFAULT_THRESHOLD


def test_equivalent_given_names_from_the_table() -> None:
    sim, why = token_similarity(token("Mohammed"), token("Magomed"))
    assert (sim, why) == (0.9, "same name")


def test_known_different_given_names_do_not_align() -> None:
    sim, why = token_similarity(token("Ahmed"), token("Mohamed"))
    assert sim == 0.0 and why == "different names"


def test_one_or_two_typos_are_forgiven_three_are_a_different_name() -> None:
    assert score("Tim Cook", "Tim Cokk") >= DEFAULT_THRESHOLD
    assert score("Igor Sechev", "Igor Sechin") >= DEFAULT_THRESHOLD
    assert score("Roger Federman", "Roger Federer") < DEFAULT_THRESHOLD


def test_a_different_part_on_both_sides_is_a_conflict() -> None:
    assert score("Saddam Hussein al-Rawi", "Saddam Hussein al-Tikriti") < DEFAULT_THRESHOLD
    assert score("Sergey Ivanovich Lavrov", "Sergey Viktorovich Lavrov") < DEFAULT_THRESHOLD


def test_a_part_only_one_person_name_has_costs_little() -> None:
    assert score("Sergey Lavrov", "Sergey Viktorovich Lavrov") >= DEFAULT_THRESHOLD
    assert score("Sergey Lavrov", "Sergey Viktorovich Lavrov") < 1.0


def test_an_organisation_word_only_one_name_has_is_a_difference() -> None:
    assert score("Banco Santander S.A.", "Banco Santander Chile S.A.", ORG) < DEFAULT_THRESHOLD


def test_initials() -> None:
    assert score("V. Putin", "Vladimir Putin") >= DEFAULT_THRESHOLD
    assert score("A. Nazarbayev", "Nursultan Nazarbayev") < DEFAULT_THRESHOLD


def test_parents_name_is_not_own_name() -> None:
    assert score("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi") < DEFAULT_THRESHOLD
    assert score("Muhammad bin Salman", "Mohammed bin Salman") >= DEFAULT_THRESHOLD


def test_run_together_words() -> None:
    assert score("RamiMakhlouf", "Rami Makhlouf") >= 0.95
    assert score("Nikolai Plat Ono Vich Patrushev", "Nikolai Platonovich Patrushev") >= 0.95


def test_legal_forms_across_languages() -> None:
    assert score("ТОО «Альфа»", "Alfa LLP", ORG) >= 0.95
    assert score("OOO Oboronnye Initsiativy", "Oboronnye Initsiativy LLC", ORG) >= 0.95
    assert score("Deutsche Bank AG", "Deutsche Bank GmbH", ORG) < DEFAULT_THRESHOLD


def test_numbers_written_as_words() -> None:
    assert score("Brigade Forty-Four", "Brigade 44", ORG) == 1.0
    assert score("1st International Bank", "First International Bank", ORG) == 1.0


def test_acronyms_of_organisations() -> None:
    assert score("PLA", "People's Liberation Army", ORG) >= DEFAULT_THRESHOLD
    assert score("PLA", "People's Liberation Army", PERSON) < DEFAULT_THRESHOLD


def test_syllabic_scripts_compare_characters() -> None:
    assert score("김정은", "김정은") == 1.0
    assert score("김종은", "김정은") < DEFAULT_THRESHOLD


def test_explanation_pairs_name_the_aligned_parts() -> None:
    _, pairs = compare_names(
        analyze_name("Usama bin Laden", PERSON), analyze_name("Усама бен Ладен", PERSON)
    )
    texts = [p.text() for p in pairs]
    assert "laden=ладен (translit)" in texts
