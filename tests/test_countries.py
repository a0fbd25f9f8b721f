"""Country names to codes: the quick table agrees with followthemoney's full one."""

from __future__ import annotations

from followthemoney.types import registry

from interlist.countries import country_code, other_names


def test_every_english_name_and_code_reads_as_followthemoney_reads_it() -> None:
    names = registry.country.names
    assert len(names) > 200
    for code, label in names.items():
        for text in (label, label.upper(), code, code.upper(), f" {label} "):
            assert country_code(text) == registry.country.clean(text), text


def test_other_names_go_to_the_full_table() -> None:
    assert country_code("Deutschland") == registry.country.clean("Deutschland") == "de"
    assert country_code("Atlantis") is None


def test_the_other_english_names_read_as_followthemoney_reads_them() -> None:
    names = other_names()
    assert "turkey" in names
    for name, code in names.items():
        assert registry.country.clean(name) == code, name
        assert country_code(name.title()) == code
