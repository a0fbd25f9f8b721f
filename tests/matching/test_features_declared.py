"""The matcher's features are declared once: the score, the explanation, the API's
`matcher` documentation and docs/matching.md's table all follow the declaration; and
one rule says which schemata can match, for the matcher, screening and xref."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from followthemoney import model as ftm_model

from interlist.api.results import matcher_docs
from interlist.matching import FEATURES, TARGET_SCHEMATA, analyze, can_match, compare
from interlist.matching.features import CHECKS, docs_table
from interlist.matching.vocabulary import SEARCH_SCHEMATA
from interlist.resolution.matcher import DefaultMatcher
from interlist.screening.index import Filters, _schema_passes

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "matching.md"


def _docs_features() -> list[str]:
    """The feature names of docs/matching.md's feature table."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("| feature | coefficient |")
    rows = text[start:].split("\n\n", 1)[0].splitlines()[2:]
    return [row.split("|")[1].strip().strip("`") for row in rows]


def test_docs_table_is_the_declaration() -> None:
    assert docs_table() in DOCS.read_text(encoding="utf-8")
    assert _docs_features() == [f.name for f in FEATURES]


def test_api_matcher_docs_follow_the_declaration() -> None:
    docs = matcher_docs()
    assert list(docs) == [f.name for f in FEATURES] == _docs_features()
    for feature in FEATURES:
        assert docs[feature.name]["description"] == feature.description
        assert docs[feature.name]["coefficient"] == feature.coefficient


def _person(name: str, **props: list[str]) -> dict[str, object]:
    return {"schema": "Person", "properties": {"name": [name], **props}}


def test_result_feature_names_are_declared_and_documented() -> None:
    query = _person(
        "Ivan Petrov",
        passportNumber=["AB123"],
        birthDate=["1970-01-02"],
        gender=["male"],
        nationality=["ru"],
    )
    candidate = _person(
        "Иван Петров",
        passportNumber=["AB123"],
        birthDate=["1970-01-02"],
        gender=["male"],
        nationality=["ru"],
    )
    names = {f.name for f in compare(query, candidate).explanation}
    assert names == {"name", *(c.name for c in CHECKS)}
    assert "identifier" in names  # the results' name, which the API docs follow
    vessel = {"schema": "Vessel", "properties": {"name": ["Ivan Petrov"]}}
    names |= {f.name for f in compare(query, vessel).explanation}
    other = _person("Zhu Wenqiang")
    names |= {f.name for f in compare(query, other).explanation}
    assert names <= set(matcher_docs()) == set(_docs_features())


def test_check_effects_come_from_the_declaration() -> None:
    """An equal identifier pulls the name score its declared share of the way to 1."""
    identifier = next(c for c in CHECKS if c.name == "identifier")
    plain = compare(_person("Ivan Petrov"), _person("Ivan Petrova"))
    both = compare(
        _person("Ivan Petrov", passportNumber=["X1"]),
        _person("Ivan Petrova", passportNumber=["X1"]),
    )
    name_score = next(f.score for f in plain.explanation if f.name == "name")
    expected = name_score + (1 - name_score) * identifier.pull
    assert both.score == pytest.approx(min(expected, 1.0))


SCHEMATA = (*TARGET_SCHEMATA, "PublicBody", "Thing")


@pytest.mark.parametrize("left", SCHEMATA)
@pytest.mark.parametrize("right", SCHEMATA)
def test_one_rule_for_which_schemata_can_match(left: str, right: str) -> None:
    """FtM's rule, asked the same way by the matcher, screening's filter and xref."""
    expected = ftm_model[left].can_match(ftm_model[right])
    assert can_match(left, right) is expected
    assert DefaultMatcher().can_match(left, right) is expected
    if ftm_model[left].matchable:
        assert _schema_passes(right, Filters(schema=left)) is (
            expected or ftm_model[right].is_a(ftm_model[left])
        )


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Company", "PublicBody", False),  # compare() once said these could match
        ("PublicBody", "Company", False),
        ("Organization", "PublicBody", True),
        ("LegalEntity", "Company", True),
        ("Person", "Organization", False),
        ("Person", "Vessel", False),
        ("Vessel", "Airplane", False),
    ],
)
def test_pairs_where_the_rules_differed(left: str, right: str, expected: bool) -> None:
    assert can_match(left, right) is expected
    query = {"schema": left, "properties": {"name": ["Rosneft"]}}
    candidate = {"schema": right, "properties": {"name": ["Rosneft"]}}
    match = compare(analyze(query), analyze(candidate))
    assert match.is_match is expected
    if not expected:
        assert [f.name for f in match.explanation] == ["schema"]


def test_schema_lists_come_from_the_matcher() -> None:
    from interlist import model
    from interlist.web.pages import search as pages_search

    assert model.TARGET_SCHEMATA is TARGET_SCHEMATA
    assert pages_search.SCHEMATA == SEARCH_SCHEMATA == ("Thing", *TARGET_SCHEMATA)


def test_screening_imports_only_the_matchers_public_names() -> None:
    import interlist.matching as matching

    for path in (ROOT / "src" / "interlist" / "screening").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "interlist.matching"
            ):
                assert node.module == "interlist.matching", f"{path.name}: {node.module}"
                for alias in node.names:
                    assert alias.name in matching.__all__, f"{path.name}: {alias.name}"


def test_text_does_not_import_names() -> None:
    """No cycle: names.py reads text.py's forms, text.py knows nothing of names."""
    source = (ROOT / "src" / "interlist" / "matching" / "text.py").read_text(encoding="utf-8")
    assert "interlist.matching.names" not in source
