"""The recognition procedure end to end through the HTTP API, against the real UN list:
what is in force in a state is what `/match/{state}` finds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import audit, users
from interlist.api import create_app
from interlist.screening.storage import build, index_path, save
from interlist.settings import Settings
from interlist.store import open_engine
from tests.cooperation.kit import PEOPLE, load, national_csv, setup_states
from tests.screening.kit import load_un

pytestmark = pytest.mark.shared_data


@dataclass
class World:
    engine: Engine
    settings: Settings
    client: TestClient
    tokens: dict[str, str]
    folder: Path

    def as_(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}


@pytest.fixture
def world(tmp_path: Path, lists_dir: Path, db_url: str) -> Iterator[World]:
    engine = open_engine(db_url)
    load_un(engine, lists_dir)
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    settings = Settings(home=tmp_path, database_url=db_url)
    save(build(engine), index_path(settings))
    with engine.begin() as conn:
        names = ("kz-analyst", "uz-analyst", "kg-analyst", "centre-analyst", "uz-viewer")
        tokens = {name: users.new_token(conn, name) for name in names}
    with TestClient(create_app(settings)) as client:
        yield World(engine, settings, client, tokens, tmp_path)
    engine.dispose()


def request(world: World, entity: str, to: str = "uz", user: str = "kz-analyst"):  # type: ignore[no-untyped-def]
    body = {"entity_id": entity, "to_state": to, "legal_basis": "Law art. 12",
            "reasons": "Financed a listed group", "measures": ["asset_freeze"]}  # fmt: skip
    return world.client.post("/recognitions", json=body, headers=world.as_(user))


def decide(world: World, rid: int, user: str = "uz-analyst", **body: str):  # type: ignore[no-untyped-def]
    return world.client.post(f"/recognitions/{rid}/decision", json=body, headers=world.as_(user))


def hits(world: World, dataset: str, name: str) -> list[str]:
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": [name]}}}}
    answer = world.client.post(f"/match/{dataset}", json=query, headers=world.as_("uz-analyst"))
    assert answer.status_code == 200, answer.text
    return [r["id"] for r in answer.json()["responses"]["q"]["results"] if r["match"]]


def test_what_is_in_force_in_a_state(world: World) -> None:
    made = {n: request(world, f"kz-fiu-P-{n}") for n in (1, 2, 3)}
    assert all(r.status_code == 201 for r in made.values()), made[1].text
    ids = {n: r.json()["id"] for n, r in made.items()}
    assert made[1].json()["status"] == "requested"
    ok = decide(world, ids[1], decision="recognised", legal_act="14/2026")
    assert ok.status_code == 200 and ok.json()["status"] == "recognised"
    no = decide(world, ids[2], decision="refused", ground="not_terrorism_related")
    assert no.json()["status"] == "refused"

    assert hits(world, "uz", PEOPLE["P-1"]) == ["kz-fiu-P-1"]
    assert hits(world, "uz", PEOPLE["P-2"]) == []  # refused
    assert hits(world, "uz", PEOPLE["P-3"]) == []  # not decided yet
    assert hits(world, "kz", PEOPLE["P-3"]) == ["kz-fiu-P-3"]  # its own list
    assert hits(world, "uz", "Usama bin Laden") != []  # the UN list is in force everywhere
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": [PEOPLE["P-1"]]}}}}
    answer = world.client.post("/match/uz", json=query, headers=world.as_("uz-analyst")).json()
    (reason,) = answer["responses"]["q"]["results"][0]["recognitions"]
    assert reason["state"] == "uz" and reason["legal_act"] == "14/2026"
    assert reason["text"].startswith("recognised by uz on ")

    catalog = world.client.get("/catalog", headers=world.as_("uz-analyst")).json()
    uz = next(d for d in catalog["datasets"] if d["name"] == "uz")
    assert uz["children"] == ["un_sc"] and uz["recognised"] == 1

    # the next kz list drops P-1: it lapses and leaves uz's collection in the same ingest
    kept = {k: v for k, v in PEOPLE.items() if k != "P-1"}
    (outcome,) = load(world.engine, national_csv(world.folder, kept, "2026-03-01"))
    assert outcome.lapsed == [ids[1]]
    assert hits(world, "uz", PEOPLE["P-1"]) == []
    record = world.client.get(f"/recognitions/{ids[1]}", headers=world.as_("centre-analyst"))
    history = record.json()["history"]
    assert [e["to_status"] for e in history] == ["requested", "recognised", "lapsed"]
    actions = {e.action for e in audit.entries(world.engine)}
    assert {"recognition.requested", "recognition.recognised", "recognition.refused",
            "recognition.lapsed"} <= actions  # fmt: skip


def test_403_for_another_state_and_409_out_of_order(world: World) -> None:
    rid = request(world, "kz-fiu-P-1").json()["id"]
    assert request(world, "kz-fiu-P-1", user="uz-analyst").status_code == 403
    assert decide(world, rid, "kg-analyst", decision="recognised", legal_act="1").status_code == 403
    assert decide(world, rid, "uz-viewer", decision="recognised", legal_act="1").status_code == 403
    assert (
        world.client.get(f"/recognitions/{rid}", headers=world.as_("kg-analyst")).status_code == 403
    )
    assert decide(world, rid, decision="refused", ground="humanitarian").status_code == 200
    late = decide(world, rid, decision="recognised", legal_act="1")
    assert late.status_code == 409 and "refused" in late.json()["detail"]
    assert decide(world, rid, decision="refused").status_code == 409
    missing = decide(world, request(world, "kz-fiu-P-2").json()["id"], decision="refused")
    assert missing.status_code == 422 and "ground" in missing.json()["detail"]


def test_lists_are_scoped_to_the_state(world: World) -> None:
    for to in ("uz", "kg"):
        assert request(world, "kz-fiu-P-1", to).status_code == 201
    seen = {
        user: world.client.get("/recognitions", headers=world.as_(user)).json()["results"]
        for user in ("kz-analyst", "uz-analyst", "kg-analyst", "centre-analyst")
    }
    assert len(seen["kz-analyst"]) == 2 and len(seen["centre-analyst"]) == 2
    assert [r["to_state"] for r in seen["uz-analyst"]] == ["uz"]
    assert [r["to_state"] for r in seen["kg-analyst"]] == ["kg"]
    states = world.client.get("/states", headers=world.as_("kg-analyst")).json()["results"]
    assert [s["code"] for s in states] == ["kg", "kz", "uz"]
    assert next(s for s in states if s["code"] == "kz")["sources"] == ["kz_fiu"]
