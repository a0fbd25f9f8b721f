"""Judgements are rows, clusters derived: decide, undo, history, stable canonical ids."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from interlist.errors import InvalidInputError, NotFoundError
from interlist.resolution.clusters import Resolver, cluster_map, recluster, resolve
from interlist.resolution.judgements import (
    Decision,
    Judgement,
    history,
    open_judgements,
    pair,
    parse_judgement,
    record,
    undo,
)
from interlist.store.resolution_tables import canonical


def _decide(engine: Engine, a: str, b: str, verdict: Judgement, user: str = "ana") -> None:
    with engine.begin() as conn:
        record(conn, [Decision(a, b, verdict, user)])
        recluster(conn)


def _undo(engine: Engine, a: str, b: str) -> None:
    with engine.begin() as conn:
        undo(conn, a, b, "ana")
        recluster(conn)


def _clusters(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return cluster_map(conn)


def test_pair_is_ordered_and_rejects_self() -> None:
    assert pair("b", "a") == ("a", "b") == pair("a", "b")
    with pytest.raises(InvalidInputError):
        pair("a", "a")


def test_parse_judgement_accepts_words() -> None:
    assert parse_judgement("same") is Judgement.POSITIVE
    assert parse_judgement("not-same") is Judgement.NEGATIVE
    assert parse_judgement("unsure") is Judgement.UNSURE
    with pytest.raises(InvalidInputError):
        parse_judgement("maybe")


def test_same_judgements_form_one_cluster_with_nk_id(engine: Engine) -> None:
    _decide(engine, "a-1", "b-1", Judgement.POSITIVE)
    _decide(engine, "b-1", "c-1", Judgement.POSITIVE)
    clusters = _clusters(engine)
    assert set(clusters) == {"a-1", "b-1", "c-1"}
    assert len(set(clusters.values())) == 1
    cid = clusters["a-1"]
    assert cid.startswith("NK-")
    with engine.connect() as conn:
        assert resolve(conn, "c-1") == (cid, ["a-1", "b-1", "c-1"])
        assert resolve(conn, cid) == (cid, ["a-1", "b-1", "c-1"])
        assert resolve(conn, "z-9") == ("z-9", ["z-9"])


def test_canonical_id_survives_growth_and_merges(engine: Engine) -> None:
    _decide(engine, "a-1", "b-1", Judgement.POSITIVE)
    first = _clusters(engine)["a-1"]
    _decide(engine, "c-1", "d-1", Judgement.POSITIVE)
    _decide(engine, "d-1", "e-1", Judgement.POSITIVE)
    bigger = _clusters(engine)["c-1"]
    _decide(engine, "b-1", "c-1", Judgement.POSITIVE)  # merge: the larger cluster's id wins
    clusters = _clusters(engine)
    assert set(clusters.values()) == {bigger}
    with engine.connect() as conn:
        retired = conn.execute(select(canonical).where(canonical.c.id == first)).one()
        assert retired.retired_at is not None and retired.replaced_by == bigger
        assert resolve(conn, first)[0] == bigger  # an old id still finds its cluster


def test_undo_splits_and_keeps_history(engine: Engine) -> None:
    _decide(engine, "a-1", "b-1", Judgement.POSITIVE)
    _decide(engine, "b-1", "c-1", Judgement.POSITIVE)
    cid = _clusters(engine)["a-1"]
    _undo(engine, "b-1", "c-1")
    clusters = _clusters(engine)
    assert clusters == {"a-1": cid, "b-1": cid}
    with engine.connect() as conn:
        rows = history(conn)
        assert [(r.left_id, r.right_id, r.deleted_at is None) for r in rows] == [
            ("a-1", "b-1", True),
            ("b-1", "c-1", False),
        ]
        assert rows[1].deleted_by == "ana"
        with pytest.raises(NotFoundError):
            undo(conn, "b-1", "c-1", "ana")


def test_redeciding_closes_the_old_judgement(engine: Engine) -> None:
    _decide(engine, "a-1", "b-1", Judgement.POSITIVE)
    _decide(engine, "a-1", "b-1", Judgement.NEGATIVE, user="bo")
    with engine.connect() as conn:
        open_rows = open_judgements(conn)
        assert [(r.judgement, r.user) for r in open_rows] == [("negative", "bo")]
        assert len(history(conn)) == 2
    assert _clusters(engine) == {}


def test_resolver_negative_blocks_merging_clusters() -> None:
    resolver = Resolver()
    resolver.add("a", "b", Judgement.POSITIVE)
    resolver.add("c", "d", Judgement.POSITIVE)
    resolver.add("a", "d", Judgement.NEGATIVE)
    assert resolver.judgement("b", "c") is Judgement.NEGATIVE
    assert not resolver.can_merge("b", "c")
    resolver.add("e", "f", Judgement.UNSURE)
    assert resolver.judgement("e", "f") is Judgement.UNSURE
    assert resolver.judgement("a", "e") is None
    assert resolver.judgement("a", "b") is Judgement.POSITIVE
