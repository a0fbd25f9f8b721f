"""The reference tables load, and each keeps its promises (sources, uniqueness)."""

from __future__ import annotations

from interlist.matching import tables


def test_translit_table_covers_every_script_section() -> None:
    table = tables.translit_table()
    for name, section in tables.load_yaml("translit.yml").items():
        target = tables.latin_sounds_table() if name == "latin_sounds" else table
        for char in section:
            assert ord(char) in target


def test_given_names_have_a_known_source() -> None:
    sources = set(tables.given_name_sources().values())
    assert sources <= {"translit", "cognate", "hypocorism", "arabic script"}
    assert "muhammad" in tables.given_name_groups()["magomed"]


def test_legal_forms_have_unique_canonical_names_and_families() -> None:
    entries = tables.legal_form_entries()
    canonical = [e["canonical"] for e in entries]
    assert len(canonical) == len(set(canonical))
    assert all(e["family"] and e["forms"] for e in entries)


def test_word_lists_are_disjoint_where_they_must_be() -> None:
    words = tables.word_lists()
    assert not words["particles"] & words["honorifics"]
    assert words["kinship"] <= words["particles"]
    assert tables.number_words()["forty"] == 40


def test_every_translated_organisation_word_is_read_as_one_word() -> None:
    from interlist.matching.names import (
        _org_phrase_at,
        _org_word_groups,
        _org_word_stems,
        split_name,
    )
    from interlist.matching.tables import org_word_entries

    for word, forms in org_word_entries().items():
        assert word in forms  # the English word itself is one of the spellings
        for form in forms:
            stem = form.endswith("*")  # a stem: any word of another script starting so
            groups = _org_word_stems() if stem else _org_word_groups()
            lats = [lat for _, lat, _ in split_name(form.rstrip("*")) if lat not in ("al", "el")]
            if len(lats) > 1:  # written as several words: read as one phrase
                assert not stem, form
                phrase = _org_phrase_at(lats, 0)
                assert phrase is not None and "o:" + word in phrase[1], form
                continue
            assert len(lats) == 1, form
            assert "o:" + word in groups[lats[0]], form
