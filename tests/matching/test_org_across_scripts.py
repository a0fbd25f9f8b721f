"""Organisations across scripts (issue 20): legal forms, translated words and their
stems, abbreviations of words, and a short form in brackets after the long one."""

from interlist.matching import DEFAULT_THRESHOLD, compare
from interlist.matching.glosses import name_forms


def org(name: str) -> dict:
    return {"schema": "Company", "properties": {"name": [name]}}


def score(a: str, b: str) -> float:
    return compare(org(a), org(b)).score


def test_translated_words_in_any_case_and_gender() -> None:
    assert score("АО ‘Соликамский Завод ‘Урал’’", "JSC Solikamsk Plant Ural") >= DEFAULT_THRESHOLD
    russian = "АО ЦЕНТРАЛЬНЫЙ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИЙ ИНСТИТУТ ‘БУРЕВЕСТНИК’"
    assert score(russian, "JSC CENTRAL RESEARCH INSTITUTE ‘BUREVESTNIK’") >= DEFAULT_THRESHOLD


def test_abbreviations_of_words() -> None:
    english = "Joint Stock Company Research and Production Enterprise Radar MMS"
    assert score("АО «НПП «Радар ММС»", english) >= DEFAULT_THRESHOLD


def test_a_short_form_in_brackets_is_a_name() -> None:
    long = "Акционерное Общество «Завод «Метеор» (АО «Завод «Метеор»)"
    forms = [text for text, _ in name_forms(long)]
    assert "АО «Завод «Метеор»" in forms
    assert "Акционерное Общество «Завод «Метеор»" in forms
    assert name_forms("Bank of China (Hong Kong)") == []


def test_other_organisations_stay_apart() -> None:
    assert score("АО ‘Завод ‘Метеор’’", "JSC Radar Plant") < DEFAULT_THRESHOLD
    assert score("BAE Systems, Inc.", "BAE Industries, Inc.") < DEFAULT_THRESHOLD
