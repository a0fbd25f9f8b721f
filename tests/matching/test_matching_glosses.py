"""Names written with a gloss: acronyms, other-script spellings and alias lists in
brackets, alternatives after " / " (interlist.matching.glosses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interlist.matching import analyze, compare
from interlist.matching.glosses import name_forms
from interlist.matching.text import script_of
from interlist.sources import un_sc


def org(*names: str) -> dict:
    return {"schema": "Organization", "properties": {"name": list(names)}}


def person(*names: str) -> dict:
    return {"schema": "Person", "properties": {"name": list(names)}}


def letters_script(text: str) -> str:
    return script_of("".join(c for c in text if c.isalpha()))


def test_a_plain_name_has_no_other_form() -> None:
    assert name_forms("Karim Nasser al-Harbi") == []
    assert name_forms("Syria/the Levant Front") == []  # no spaces around the slash


def test_an_acronym_in_brackets_is_a_weak_alias() -> None:
    assert name_forms("HAQQANI NETWORK (HQN)") == [("HAQQANI NETWORK", False), ("HQN", True)]
    assert name_forms("AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)") == [
        ("AL-QAIDA IN THE ARABIAN PENINSULA", False),
        ("AQAP", True),
    ]
    assert name_forms("AL-ITIHAAD AL-ISLAMIYA / AIAI") == [
        ("AL-ITIHAAD AL-ISLAMIYA", False),
        ("AIAI", True),
    ]


def test_a_qualifying_bracket_adds_only_a_persons_name_outside_it() -> None:
    sabri = "Abdel Ilah Sabri (false identity, passport confiscated)"
    assert name_forms(sabri, person=True) == [("Abdel Ilah Sabri", False)]
    assert name_forms("Well Smart (HK) Technology", person=True) == [
        ("Well Smart Technology", False)
    ]
    # an organisation's qualifier tells a subsidiary from its parent
    assert name_forms("Well Smart (HK) Technology") == []
    assert name_forms("Bank of China (Hong Kong) Limited") == []
    assert name_forms("GOLDEN FISH S.A.L. (OFFSHORE)") == []


def test_a_name_in_another_script_and_its_gloss_are_both_names() -> None:
    assert name_forms("عبدالله السندي (Abdullah Sindhi)") == [
        ("عبدالله السندي", False),
        ("Abdullah Sindhi", False),
    ]
    assert name_forms("Abubakar (original script: Абубакар)") == [
        ("Abubakar", False),
        ("Абубакар", False),
    ]


def test_a_bracketed_list_of_aliases_with_nested_labels() -> None:
    name = (
        "Hay’at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script); "
        "Hayat Tahrir al-Sham; Assembly for the Liberation of Syria - sub-unit name)"
    )
    assert name_forms(name) == [
        ("Hay’at Tahrir al-Sham", False),
        ("HTS", True),
        ("هيئة تحرير الشام", False),
        ("Hayat Tahrir al-Sham", False),
        ("Assembly for the Liberation of Syria", False),
    ]


def test_an_unclosed_bracket_runs_to_the_end() -> None:
    assert name_forms("نصار الشريعة (Ansar al Charia") == [
        ("نصار الشريعة", False),
        ("Ansar al Charia", False),
    ]


@given(st.text(alphabet="ab (;)/[]-:", max_size=30), st.booleans())
def test_forms_are_distinct_non_empty_and_never_the_name(name: str, person: bool) -> None:
    forms = [text for text, _ in name_forms(name, person)]
    assert len(forms) == len(set(forms))
    assert name not in forms
    assert all(text.strip() == text and text for text in forms)


def test_a_gloss_is_compared_as_a_name_of_its_own() -> None:
    listed = org("HAQQANI NETWORK (HQN)")
    assert compare(org("Haqqani Network"), listed).score == pytest.approx(1.0)
    assert compare(org("شبکه حقانی"), listed).is_match
    assert compare(person("Abdullah Sindhi"), person("عبدالله السندي (Abdullah Sindhi)")).is_match
    assert compare(org("AQAP"), org("AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)")).is_match


def test_what_a_bracket_qualifies_is_no_name() -> None:
    assert not compare(org("China"), org("K Logistics (China) Limited")).is_match
    assert not compare(org("Offshore"), org("GOLDEN FISH S.A.L. (OFFSHORE)")).is_match
    singapore, hong_kong = "Bank of China (Singapore) Limited", "Bank of China (Hong Kong) Limited"
    assert not compare(org(singapore), org(hong_kong)).is_match


def test_the_names_as_written_come_first_in_the_analysis() -> None:
    analysed = analyze(org("HAQQANI NETWORK (HQN)", "Haqqani Group"))
    texts = [(n.text, n.weak) for n in analysed.names["org"]]
    assert texts == [
        ("HAQQANI NETWORK (HQN)", False),
        ("Haqqani Group", False),
        ("HAQQANI NETWORK", False),
        ("HQN", True),
    ]


def test_every_other_script_gloss_of_the_un_list_becomes_a_name(lists_dir: Path) -> None:
    parsed = un_sc.parse(lists_dir / "un" / "UN_consolidated_2026-02-27.xml")
    glossed = 0
    for entity in parsed.entities:
        for value in entity.get("name", quiet=True) + entity.get("alias", quiet=True):
            outside = value.split("(", 1)[0]
            inside = value.split("(", 1)[1] if "(" in value else ""
            if not inside or not outside.strip():
                continue
            if letters_script(inside) == letters_script(outside):
                continue
            glossed += 1
            scripts = {letters_script(form) for form, _ in name_forms(value)}
            assert len(scripts) == 2, value
    assert glossed >= 10  # the list writes such names: this test must see some
