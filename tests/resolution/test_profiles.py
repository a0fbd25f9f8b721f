"""Merged profiles: every value with its sources, conflicts side by side, re-ingest safe."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from interlist.resolution import iter_profiles, profile
from interlist.resolution.clusters import cluster_map, recluster
from interlist.resolution.judgements import Decision, Judgement, record
from tests.resolution.kit import entity, load_source


def _same(engine: Engine, a: str, b: str) -> None:
    with engine.begin() as conn:
        record(conn, [Decision(a, b, Judgement.POSITIVE, "ana")])
        recluster(conn)


def _load_two(engine: Engine, published: date = date(2024, 1, 1)) -> None:
    load_source(
        engine,
        "un_sc",
        entity("un-sc-1", "un_sc", name="Ivan Petrov", birthDate="1970-01-02", nationality="ru"),
        entity("un-sc-2", "un_sc", name="Anna Smirnova"),
        published=published,
    )
    load_source(
        engine,
        "gb_ofsi",
        entity("gb-ofsi-7", "gb_ofsi", name=["PETROV Ivan"], birthDate="1970-02-01"),
    )


def test_profile_shows_each_value_with_its_sources_and_conflicts(engine: Engine) -> None:
    _load_two(engine)
    _same(engine, "un-sc-1", "gb-ofsi-7")
    with engine.connect() as conn:
        found = profile(conn, "gb-ofsi-7")
    assert found is not None
    data = found.to_dict()
    assert data["id"].startswith("NK-")
    assert data["referents"] == ["gb-ofsi-7", "un-sc-1"]
    assert data["datasets"] == ["gb_ofsi", "un_sc"]
    births = {v["value"]: v["sources"] for v in data["properties"]["birthDate"]}
    assert births == {"1970-01-02": ["un_sc"], "1970-02-01": ["gb_ofsi"]}
    assert "birthDate" in data["conflicts"]
    assert "nationality" not in data["conflicts"]  # stated by one source only


def test_profile_of_an_unclustered_entity_is_itself(engine: Engine) -> None:
    _load_two(engine)
    with engine.connect() as conn:
        found = profile(conn, "un-sc-2")
        assert profile(conn, "nope-1") is None
    assert found is not None
    assert found.canonical_id == "un-sc-2" and [m.id for m in found.members] == ["un-sc-2"]


def test_iter_profiles_yields_one_entity_per_cluster(engine: Engine) -> None:
    _load_two(engine)
    _same(engine, "un-sc-1", "gb-ofsi-7")
    profiles = {p.id: p for p in iter_profiles(engine)}
    assert len(profiles) == 2
    merged = next(p for pid, p in profiles.items() if pid and pid.startswith("NK-"))
    assert merged.referents == {"un-sc-1", "gb-ofsi-7"}
    assert merged.datasets == {"un_sc", "gb_ofsi"}
    assert set(merged.get("name")) == {"Ivan Petrov", "PETROV Ivan"}
    assert profiles["un-sc-2"].referents == {"un-sc-2"}


def test_reingest_keeps_cluster_and_marks_delisted_member(engine: Engine) -> None:
    _load_two(engine)
    _same(engine, "un-sc-1", "gb-ofsi-7")
    with engine.connect() as conn:
        before = cluster_map(conn)
    load_source(  # newer UN version: un-sc-1 no longer listed
        engine,
        "un_sc",
        entity("un-sc-2", "un_sc", name="Anna Smirnova"),
        published=date(2024, 6, 1),
    )
    with engine.connect() as conn:
        assert cluster_map(conn) == before
        found = profile(conn, "un-sc-1")
    assert found is not None
    members = {m.id: m for m in found.members}
    assert members["un-sc-1"].listed is False
    assert members["un-sc-1"].delisted_on
    assert members["gb-ofsi-7"].listed is True


def test_screening_candidates_are_one_per_cluster(engine: Engine) -> None:
    from interlist.screening.candidates import candidates_source

    _load_two(engine)
    _same(engine, "un-sc-1", "gb-ofsi-7")
    found = {tuple(c.referents) for c in candidates_source(engine)}
    assert found == {("gb-ofsi-7", "un-sc-1"), ("un-sc-2",)}
