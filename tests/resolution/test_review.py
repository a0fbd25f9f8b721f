"""The review screen, driven by a list of keys instead of a keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import StringIO

from rich.console import Console
from sqlalchemy import Engine

from interlist.resolution.clusters import cluster_map
from interlist.resolution.judgements import history, open_judgements
from interlist.resolution.review import pending, review
from interlist.resolution.xref import XrefOptions, xref
from tests.resolution.kit import entity, load_source


def _keys(keys: Iterable[str]) -> Callable[[], str]:
    it = iter(keys)
    return lambda: next(it)


def _setup(engine: Engine) -> None:
    load_source(
        engine,
        "un_sc",
        entity("un-sc-1", "un_sc", name="Ivan Petrov", birthDate="1970"),
        entity("un-sc-2", "un_sc", name="Anna Smirnova", birthDate="1980"),
    )
    load_source(
        engine,
        "gb_ofsi",
        entity("gb-ofsi-1", "gb_ofsi", name="PETROV, Ivan", birthDate="1970"),
        entity("gb-ofsi-2", "gb_ofsi", name="Smirnova Anna", birthDate="1980"),
    )
    xref(engine, XrefOptions(auto_threshold=None, min_score=0.3, explicit=False))


def _console() -> tuple[Console, StringIO]:
    buffer = StringIO()
    return Console(file=buffer, width=160, color_system=None), buffer


def test_review_shows_pairs_side_by_side_and_records_decisions(engine: Engine) -> None:
    _setup(engine)
    with engine.connect() as conn:
        queue = pending(conn)
    assert len(queue) >= 2
    console, buffer = _console()
    summary = review(engine, "ana", _keys(["x", "s", "n", "q"]), console)
    text = buffer.getvalue()
    assert queue[0].left_id in text and queue[0].right_id in text
    assert "unknown key 'x'" in text
    assert summary.decided == {"positive": 1, "negative": 1}
    with engine.connect() as conn:
        rows = {(r.left_id, r.right_id): r for r in open_judgements(conn)}
        clusters = cluster_map(conn)
    first, second = queue[0], queue[1]
    assert rows[(first.left_id, first.right_id)].judgement == "positive"
    assert rows[(first.left_id, first.right_id)].user == "ana"
    assert rows[(second.left_id, second.right_id)].judgement == "negative"
    assert clusters[first.left_id] == clusters[first.right_id]


def test_skip_unsure_and_undo(engine: Engine) -> None:
    _setup(engine)
    console, buffer = _console()
    summary = review(engine, "bo", _keys(["u", "z", " ", "q"]), console)
    assert summary.decided == {"unsure": 1} and summary.undone == 1 and summary.skipped == 1
    with engine.connect() as conn:
        assert open_judgements(conn) == []
        assert len(history(conn)) == 1  # the undone judgement stays in the history
    assert "undone: unsure" in buffer.getvalue()


def test_review_stops_when_nothing_is_left(engine: Engine) -> None:
    _setup(engine)
    with engine.connect() as conn:
        count = len(pending(conn))
    console, _ = _console()
    summary = review(engine, "ana", _keys(["n"] * count), console)
    assert summary.decided == {"negative": count} and summary.remaining == 0
    with engine.connect() as conn:
        assert pending(conn) == []
