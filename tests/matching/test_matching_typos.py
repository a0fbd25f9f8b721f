"""Slips of the pen: a typo is one letter of the written form, in a name part or in a
legal form, whatever folding makes of it. Invented names only."""

from __future__ import annotations

from interlist.matching.align import compare_names, token_similarity
from interlist.matching.model import DEFAULT_THRESHOLD
from interlist.matching.names import analyze_name
from interlist.matching.vocabulary import ORG, PERSON


def score(a: str, b: str, style: str = PERSON) -> float:
    return compare_names(analyze_name(a, style), analyze_name(b, style))[0]


def test_a_typo_that_folding_widens_is_still_one_letter() -> None:
    # "ee" folds like the sound "i", so the folded forms are three letters apart
    a, b = analyze_name("Eelectra", ORG).tokens[0], analyze_name("Electra", ORG).tokens[0]
    assert token_similarity(a, b)[0] >= 0.85
    assert score("Norvik Eectronics", "Norvik Electronics", ORG) >= DEFAULT_THRESHOLD
    assert score("Tarn Byong Ciol", "Tarn Byong Chol") >= DEFAULT_THRESHOLD


def test_different_words_stay_different() -> None:
    assert score("Norvik Electronics", "Norvik Textiles", ORG) < DEFAULT_THRESHOLD
    assert score("Tarn Byong Mira", "Tarn Byong Chol") < DEFAULT_THRESHOLD


def test_a_misspelt_legal_form_is_that_legal_form() -> None:
    assert score("Velmora Compaany", "Velmora Company", ORG) >= DEFAULT_THRESHOLD
    assert score("Velmora Trading Corporatin", "Velmora Trading Corporation", ORG) >= 0.9
    found = compare_names(analyze_name("Velmora Comany", ORG), analyze_name("Velmora Company", ORG))
    assert any(p.reason == "misspelt legal form" for p in found[1])


def test_legal_forms_of_other_kinds_and_short_words_do_not_count_as_typos() -> None:
    corp = analyze_name("Velmora Corporation", ORG).tokens[-1]
    ltd = analyze_name("Velmora Limited", ORG).tokens[-1]
    assert corp.kind == ltd.kind == "legal" and corp.family != ltd.family
    assert token_similarity(corp, ltd)[0] == 0.0
    # "compa" is too short to be read as "company" misspelt
    company = analyze_name("Velmora Company", ORG).tokens[-1]
    assert token_similarity(analyze_name("Compa", ORG).tokens[0], company)[0] == 0.0


def test_remembered_part_similarities_equal_fresh_ones() -> None:
    """The similarity cache keys on everything a comparison depends on: the same text as
    a legal form or a name part, in another script, gives its own answer."""
    from interlist.matching.align import _token_similarity, clear_similarities

    names = ["Velmora Company", "Company Velmora", "Компания Велмора", "Ali bin Yusuf",
             "Yusuf Ali", "علي بن يوسف", "Ivan Petrov", "Иван Петров"]  # fmt: skip
    tokens = [t for n in names for style in (PERSON, ORG) for t in analyze_name(n, style).tokens]
    clear_similarities()
    for a in tokens:
        for b in tokens:
            assert token_similarity(a, b) == _token_similarity(a, b)
            assert token_similarity(a, b) == _token_similarity(a, b)  # now remembered


def test_arabic_spellings_of_given_names_join_their_groups() -> None:
    """Mahmoud and محمد have equal consonant skeletons (mhmd) but are two names; the
    given-name table knows the Arabic spellings, so the groups decide."""
    mahmoud, mohammed = token("Mahmoud"), token("Mohammed")
    muhammad_ar, mahmud_ar = token("محمد"), token("محمود")
    assert token_similarity(mahmoud, muhammad_ar) == (0.0, "different names")
    assert token_similarity(mohammed, muhammad_ar)[0] >= 0.9
    assert token_similarity(mahmoud, mahmud_ar)[0] >= 0.9
    assert score("Tarek Mahmoud", "طارق محمد") < DEFAULT_THRESHOLD
    assert score("Tarek Mohammed", "طارق محمد") >= DEFAULT_THRESHOLD


def token(text: str):  # type: ignore[no-untyped-def]
    return analyze_name(text, PERSON).tokens[0]


def test_stop_words_and_legal_forms_are_never_joined_as_a_word_written_apart() -> None:
    """ "Shams al-Din" is "Shamsuddin" written apart; "Bal la" (with the article "la")
    is not "Balla", whose keys it does not share."""
    assert score("Shams al-Din", "Shamsuddin") >= DEFAULT_THRESHOLD
    assert score("Vero la", "Verola", ORG) < DEFAULT_THRESHOLD


def test_a_particle_is_not_a_known_given_name_misspelt() -> None:
    """ "al" (a particle) is one letter from "Ali" (a given name) but not its typo; a
    misspelt particle ("bben" for "ben") still is one."""
    al, ali = token("al-Rashid"), token("Ali")
    assert al.kind == "particle" and ali.groups
    assert token_similarity(al, ali)[0] == 0.0
    assert score("Tarek Nadim al-Farsi", "Tarek Nadim Ali") < DEFAULT_THRESHOLD
    assert score("Tarek bben Nadim", "Tarek ben Nadim") >= DEFAULT_THRESHOLD


def test_a_part_written_apart_is_not_a_shared_key() -> None:
    """A part joined from two ("Shams al-Din" read as one word) is not what the index
    holds: the pair must share a key of its real parts to reach the threshold."""
    from interlist.matching import compare

    def person(name: str) -> dict:
        return {"schema": "Person", "properties": {"name": [name]}}

    assert compare(person("Shams al-Din"), person("Shamsuddin")).is_match
    # joined "aah"+"aa" equals "aahaa", but no key of either part is a key of it
    assert not compare(person("aaح aa"), person("aaحaa")).is_match
    assert score("Vero B", "Verob") < DEFAULT_THRESHOLD  # an initial is a word of its own
