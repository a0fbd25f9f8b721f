"""Evidence beyond the names: detail tokens, and ties between equally named candidates."""

from __future__ import annotations

from typing import Any

from followthemoney import model
from sqlalchemy import Engine

from interlist.resolution.clusters import cluster_map
from interlist.resolution.evidence import Evidence, detail_tokens
from interlist.resolution.targets import Target
from interlist.resolution.xref import Scored, XrefOptions, _ambiguous, xref
from tests.resolution.kit import entity, load_source


def _target(entity_id: str, schema: str = "Organization", **props: list[str]) -> Target:
    return Target(entity_id, model[schema], {entity_id.split("-")[0]}, dict(props))


def _evidence(*targets: Target, filler: int = 200) -> Evidence:
    """Evidence over the targets plus `filler` unrelated ones (so that rare tokens weigh)."""
    others = [_target(f"z-{i}", notes=[f"filler record {i}"]) for i in range(filler)]
    return Evidence([*targets, *others])


def test_detail_tokens_are_words_pairs_countries_dates_and_numbers() -> None:
    target = _target(
        "a-1",
        "Person",
        name=["Tomas Varga"],
        alias=["Tom Varga"],
        firstName=["Tomas"],
        birthDate=["1971-05-02"],
        country=["hu"],
        passportNumber=["AB 123-45"],
        notes=["Lives in Szeged."],
        topics=["sanction"],
    )
    tokens = detail_tokens(target)
    assert {"lives", "szeged", "lives in", "in szeged"} <= tokens
    assert {"hungary", "d:1971-05-02", "y:1971", "n:AB12345"} <= tokens  # "hu" -> its name
    assert not {"tomas", "tom", "varga", "sanction"} & tokens  # names tied; topics say little


def test_evidence_prefers_the_candidate_sharing_what_tells_them_apart() -> None:
    mine = _target("n-1", notes=["Operates in Valmora, Freedonia. Support cells in Ostria."])
    valmora = _target("u-1", address=["Valmora, Freedonia"], notes=["Support cells in Ostria"])
    ostria = _target("u-2", notes=["Support cells in Ostria"])
    bare = _target("u-3")
    evidence = _evidence(mine, valmora, ostria, bare)
    assert evidence.prefers("n-1", "u-1", "u-2")  # "valmora freedonia" only in u-1
    assert not evidence.prefers("n-1", "u-2", "u-1")
    assert evidence.prefers("n-1", "u-2", "u-3")  # shared detail beats none at all
    assert not evidence.prefers("n-1", "u-3", "u-2")


def test_evidence_does_not_decide_on_equal_or_slight_differences() -> None:
    mine = _target("n-1", notes=["Operates in Valmora."])
    one = _target("u-1", notes=["Operates in Valmora."])
    two = _target("u-2", notes=["Operates in Valmora."])
    common = _target("u-3", notes=["operates"])
    fillers = [_target(f"w-{i}", notes=["operates in"]) for i in range(100)]
    evidence = Evidence([mine, one, two, common, *fillers])
    assert not evidence.prefers("n-1", "u-1", "u-2")  # the same detail: no preference
    assert not evidence.prefers("n-1", "u-2", "u-1")
    # u-1 shares more than u-3, but only words most records hold: not enough to decide
    weak = Evidence([mine, common, _target("u-4", notes=["operates in"]), *fillers])
    assert not weak.prefers("n-1", "u-4", "u-3")


def test_a_rival_bearing_the_main_name_stops_a_preference_on_detail() -> None:
    mine = _target(
        "n-1", name=["NORTHWIND FOUNDRY GROUP"], address=["12 Quarry Lane, Valmora, Freedonia"]
    )
    parent = _target("u-1", name=["Foundry Group, Northwind (NFG)"])  # no address listed
    cover = _target(
        "u-2", name=["ASHFORD CASTINGS (ACX)"], address=["12 Quarry Lane, Valmora, Freedonia"]
    )
    evidence = _evidence(mine, parent, cover)
    assert not evidence.prefers("n-1", "u-2", "u-1")  # detail says u-2, the main name u-1
    assert not evidence.prefers("n-1", "u-1", "u-2")  # and the name alone decides nothing
    other = _target("u-3", name=["Northwind Castings"])
    assert _evidence(mine, other, cover).prefers("n-1", "u-2", "u-3")  # no main name shared


def _pair(left: str, right: str, score: float = 1.0) -> Scored:
    return Scored(left, right, score, [])


SOURCES = {"n-1": {"n"}, "n-2": {"n"}, "u-1": {"u"}, "u-2": {"u"}}


def test_ambiguous_tie_is_broken_only_by_clearly_better_detail() -> None:
    mine = _target("n-1", notes=["Operates in Valmora, Freedonia."])
    valmora = _target("u-1", address=["Valmora, Freedonia"])
    other = _target("u-2", address=["Ostria"])
    sure = [_pair("n-1", "u-1"), _pair("n-1", "u-2")]
    assert _ambiguous(sure, SOURCES) == {("n-1", "u-1"), ("n-1", "u-2")}  # no evidence
    evidence = _evidence(mine, valmora, other)
    assert _ambiguous(sure, SOURCES, evidence) == {("n-1", "u-2")}
    # a rival clearly ahead on the score is not overruled by detail
    sure = [_pair("n-1", "u-1", 0.985), _pair("n-1", "u-2", 0.999)]
    assert ("n-1", "u-1") in _ambiguous(sure, SOURCES, evidence)
    # without telling detail the guard stands
    bare = _evidence(_target("n-1"), _target("u-1"), _target("u-2"))
    sure = [_pair("n-1", "u-1"), _pair("n-1", "u-2")]
    assert _ambiguous(sure, SOURCES, bare) == {("n-1", "u-1"), ("n-1", "u-2")}


def _org(entity_id: str, source: str, **props: Any) -> Any:
    return entity(entity_id, source, "Organization", **props)


def _load_others(engine: Engine, count: int = 150) -> None:
    """Unrelated entries: rarity needs a databank of some size (in a handful of
    records no token is rare, and xref decides nothing on detail)."""
    others = [
        entity(f"us-ofac-{i}", "us_ofac_sdn", "Vessel", name=f"V{i:03d}K", notes=f"Vessel {i}")
        for i in range(count)
    ]
    load_source(engine, "us_ofac_sdn", *others)


def test_xref_merges_a_tie_the_details_decide_and_then_the_rival_it_freed(
    engine: Engine,
) -> None:
    _load_others(engine)
    load_source(
        engine,
        "un_sc",
        _org(
            "un-sc-1",
            "un_sc",
            name="GREEN CRESCENT FRONT VALMORA",
            alias=["Green Crescent Front"],
            address="Operates in Valmora, Freedonia",
        ),
        _org(
            "un-sc-2",
            "un_sc",
            name="GREEN CRESCENT FRONT IN OSTRIA (GCF-O)",
            alias=["Green Crescent Front"],
            notes="An armed group of Ostria.",
        ),
    )
    load_source(
        engine,
        "gb_ofsi",
        _org(
            "gb-ofsi-1",
            "gb_ofsi",
            name="GREEN CRESCENT FRONT",
            notes="Operates in Valmora, Freedonia.",
        ),
        _org("gb-ofsi-2", "gb_ofsi", name="GCF-O", notes="Active in the east."),
    )
    result = xref(engine, XrefOptions(explicit=False))
    with engine.connect() as conn:
        clusters = cluster_map(conn)
    # gb-ofsi-1 names both UN entries; its notes tell Valmora. Once it is Valmora's,
    # the Ostria entry's only other candidate, "GCF-O", is left and merged.
    assert clusters["gb-ofsi-1"] == clusters["un-sc-1"]
    assert clusters["gb-ofsi-2"] == clusters["un-sc-2"]
    assert clusters["un-sc-1"] != clusters["un-sc-2"]
    assert result.auto_merged == 2


def test_xref_leaves_a_tie_to_review_when_the_details_do_not_decide(engine: Engine) -> None:
    _load_others(engine)
    load_source(
        engine,
        "un_sc",
        _org("un-sc-1", "un_sc", name="SILVER DAWN BRIGADE", notes="Armed group."),
        _org("un-sc-2", "un_sc", name="Silver Dawn Brigade", notes="Armed group."),
    )
    load_source(engine, "gb_ofsi", _org("gb-ofsi-1", "gb_ofsi", name="SILVER DAWN BRIGADE"))
    result = xref(engine, XrefOptions(explicit=False))
    with engine.connect() as conn:
        assert "gb-ofsi-1" not in cluster_map(conn)
    assert result.auto_merged == 0
    pairs = {(s.left, s.right) for s in result.suggestions}
    assert {("gb-ofsi-1", "un-sc-1"), ("gb-ofsi-1", "un-sc-2")} <= pairs
