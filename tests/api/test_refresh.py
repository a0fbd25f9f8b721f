"""A running server rebuilds its index when a new list version is ingested and swaps it
in, answering queries all along."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from interlist.api import create_app
from interlist.resolution.clusters import recluster
from interlist.resolution.judgements import Decision, Judgement, record
from interlist.screening.storage import build, ensure_index, index_path, save
from interlist.store import open_engine
from interlist.store.ingest import load
from tests.factory import parsed, person
from tests.screening.kit import settings_for


def _ids(client: TestClient) -> set[str]:
    response = client.get("/search/default", params={"limit": 50})
    assert response.status_code == 200
    return {r["id"] for r in response.json()["results"]}


def test_new_version_is_picked_up_while_serving(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    try:
        load(engine, parsed(person("r-1", "Ivan Petrov")), "v1", "test")
        settings = settings_for(tmp_path, db_url)
        save(build(engine), index_path(settings))
        app = create_app(settings, refresh_seconds=0.2)
        app.state.holder.check_every = 0.0
        with TestClient(app) as client:
            assert _ids(client) == {"r-1"}
            newer = parsed(person("r-1", "Ivan Petrov"), person("r-2", "Anna Ivanova"))
            load(engine, newer, "v2", "test")
            deadline = time.monotonic() + 120
            seen = _ids(client)
            while seen != {"r-1", "r-2"} and time.monotonic() < deadline:
                time.sleep(0.2)
                seen = _ids(client)  # answered from the old index until the swap
            assert seen == {"r-1", "r-2"}
            assert client.get("/catalog").json()["index_stale"] is False
    finally:
        engine.dispose()


def test_a_merge_is_followed_while_serving(db_url: str, tmp_path: Path) -> None:
    """After a judgement (or xref) merges two records, /catalog says the index is stale
    until the server has rebuilt it; then search, /match and /entities answer with the
    merged profile, and a member's id leads to it."""
    engine = open_engine(db_url)
    try:
        twins = parsed(person("m-1", "Ivan Petrov", birthDate="1970-01-01"),
                       person("m-2", "Иван Петров", birthDate="1970-01-01"))  # fmt: skip
        load(engine, twins, "v1", "test")
        settings = settings_for(tmp_path, db_url)
        save(build(engine), index_path(settings))
        app = create_app(settings)
        app.state.holder.check_every = 0.0
        with TestClient(app) as client:
            assert _ids(client) == {"m-1", "m-2"}
            with engine.begin() as conn:
                record(conn, [Decision("m-1", "m-2", Judgement.POSITIVE, "ana")])
                recluster(conn)
            assert client.get("/catalog").json()["index_stale"] is True
            assert ensure_index(engine, index_path(settings))
            deadline = time.monotonic() + 120
            merged = _ids(client)
            while len(merged) != 1 and time.monotonic() < deadline:
                time.sleep(0.2)
                merged = _ids(client)  # answered from the old index until the swap
            assert len(merged) == 1 and merged.isdisjoint({"m-1", "m-2"})
            ivan = {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}
            query = {"queries": {"q": ivan}}
            found = client.post("/match/default", json=query).json()["responses"]["q"]["results"]
            assert [r["id"] for r in found] == list(merged)
            moved = client.get("/entities/m-2", follow_redirects=False)
            assert moved.status_code == 308 and moved.headers["location"].endswith(merged.pop())
            assert client.get("/catalog").json()["index_stale"] is False
    finally:
        engine.dispose()
