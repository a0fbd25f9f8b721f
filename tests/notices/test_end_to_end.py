"""A wanted notice end to end through the HTTP API, on the real UN list: drafted by
Kazakhstan in Cyrillic and Latin, reviewed and published by the centre, found by
/match/default and by Uzbekistan's sweep of 10,000 prisoners (where he is written as
Uzbekistan writes him), reported to Kazakhstan, located and detained by Uzbekistan,
extradited; a withdrawn notice is no longer found, even by a server whose index is
older."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import audit, users
from interlist.api import create_app
from interlist.screening.storage import IndexHolder, build, index_path, save
from interlist.settings import Settings
from interlist.store import open_engine
from tests.cooperation.kit import setup_states
from tests.notices.kit import CHECKLIST, body
from tests.notices.prison import prison_file
from tests.screening.kit import load_un

pytestmark = pytest.mark.shared_data
AS_UZ_WRITES_HIM = "Toxtarov Bauirjan Nurlanovich"  # Uzbek Latin of Тохтаров Бауыржан
OTHER = {"name": ["Сапаров Ильдар Маратович", "Saparov Ildar Maratovich"],
         "birthDate": ["1990-11-02"], "nationality": ["kz"]}  # fmt: skip


@dataclass
class World:
    engine: Engine
    settings: Settings
    client: TestClient
    tokens: dict[str, str]
    folder: Path

    def as_(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def post(self, user: str, path: str, **kw: Any) -> Any:
        return self.client.post(path, headers=self.as_(user), **kw)

    def get(self, user: str, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.as_(user), **kw)

    def reindex(self) -> None:
        save(build(self.engine), index_path(self.settings))
        self.client.app.state.holder = IndexHolder(index_path(self.settings))  # type: ignore[attr-defined]


def make_world(tmp_path: Path, db_url: str, lists_dir: Path | None) -> Iterator[World]:
    """On `db_url`, so that the PostgreSQL pass runs it too."""
    engine = open_engine(db_url)
    if lists_dir is not None:
        load_un(engine, lists_dir)
    setup_states(engine)
    settings = Settings(home=tmp_path, database_url=db_url)
    save(build(engine), index_path(settings))
    with engine.begin() as conn:
        names = ("kz-analyst", "uz-analyst", "kg-analyst", "centre-analyst")
        tokens = {name: users.new_token(conn, name) for name in names}
    with TestClient(create_app(settings)) as client:
        yield World(engine, settings, client, tokens, tmp_path)
    engine.dispose()


@pytest.fixture
def world(tmp_path: Path, lists_dir: Path, db_url: str) -> Iterator[World]:
    """With the real UN list."""
    yield from make_world(tmp_path, db_url, lists_dir)


@pytest.fixture
def bare(tmp_path: Path, db_url: str) -> Iterator[World]:
    """States and users only."""
    yield from make_world(tmp_path, db_url, None)


def move(world: World, user: str, rid: int, to: str, **body: Any) -> Any:
    return world.post(user, f"/notices/{rid}/transitions", json={"to": to, **body})


def match(world: World, name: str, dataset: str = "default") -> list[dict[str, Any]]:
    props = {"name": [name], "birthDate": ["1987-03-14"]}
    query = {"queries": {"q": {"schema": "Person", "properties": props}}}
    answer = world.post("uz-analyst", f"/match/{dataset}", json=query)
    assert answer.status_code == 200, answer.text
    return [r for r in answer.json()["responses"]["q"]["results"] if r["match"]]


def publish(world: World, notice: dict[str, Any]) -> int:
    made = world.post("kz-analyst", "/notices", json=notice)
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "draft" and made.json()["entity_id"]
    rid = int(made.json()["id"])
    assert move(world, "uz-analyst", rid, "submitted").status_code == 403  # not its notice
    assert move(world, "kz-analyst", rid, "submitted").status_code == 200
    assert move(world, "centre-analyst", rid, "published").status_code == 422  # no checklist
    done = move(world, "centre-analyst", rid, "published", checklist=CHECKLIST)
    assert done.status_code == 200 and done.json()["status"] == "published", done.text
    return rid


def sweep(world: World, path: Path) -> tuple[list[dict[str, Any]], Any]:
    with path.open("rb") as fh:
        answer = world.post("uz-analyst", "/notices/sweep", params={"kind": "prison"},
                            files={"file": (path.name, fh, "text/csv")})  # fmt: skip
    assert answer.status_code == 200, answer.text
    lines = [orjson.loads(line) for line in answer.content.splitlines()]
    return lines, answer.headers


def test_notice_end_to_end(world: World, shared_data: Path) -> None:
    rid = publish(world, body())
    other = publish(world, {**body(), "subject": {"schema": "Person", "properties": OTHER}})
    world.reindex()

    found = match(world, AS_UZ_WRITES_HIM)
    assert [r["id"] for r in found] == [f"notices-{rid}"]
    assert found[0]["notice"]["action"] == "arrest" and found[0]["notice"]["flags"] == ["armed"]
    assert set(found[0]["properties"]["topics"]) == {"wanted", "crime.terror"}
    report = found[0]["notice"]["hit_report_id"]
    again = match(world, AS_UZ_WRITES_HIM, "uz")  # the same record: no new report
    assert again[0]["notice"]["hit_report_id"] == report and not again[0]["notice"]["new_report"]

    hidden = {4321: {"name": AS_UZ_WRITES_HIM, "birth_date": "14.03.1987", "nationality": "uz"}}
    prison = prison_file(shared_data / "bench" / "negatives", world.folder / "prison.csv",
                         10_000, hidden)  # fmt: skip
    lines, headers = sweep(world, prison)
    assert len(lines) == 10_000 and headers["x-sweep-matches"] == "1"
    hit = next(line for line in lines if line["results"])
    assert hit["id"] == "PR-004321" and hit["results"][0]["entity_id"] == f"notices-{rid}"
    assert hit["results"][0]["notice"]["hit_report_id"] != report  # another record
    assert set(lines[0]) >= {"row", "id", "results"}

    addressed = world.get("kz-analyst", "/hits", params={"notice": rid}).json()["results"]
    assert {h["channel"] for h in addressed} == {"api", "sweep"}
    assert {h["screened_state"] for h in addressed} == {"uz"}
    assert all(h["status"] == "open" and h["issuing_state"] == "kz" for h in addressed)
    assert world.get("kg-analyst", "/hits").json()["results"] == []
    sweep_report = next(h["id"] for h in addressed if h["channel"] == "sweep")
    ack = {"outcome": "confirmed", "note": "Our man"}
    assert (
        world.post("uz-analyst", f"/hits/{sweep_report}/acknowledge", json=ack).status_code == 403
    )
    done = world.post("kz-analyst", f"/hits/{sweep_report}/acknowledge", json=ack)
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert (
        world.post("kz-analyst", f"/hits/{sweep_report}/acknowledge", json=ack).status_code == 409
    )

    assert move(world, "uz-analyst", rid, "located", place="Tashkent, prison 64").status_code == 200
    assert move(world, "kz-analyst", rid, "extradited").status_code == 409  # not detained yet
    assert move(world, "uz-analyst", rid, "detained", date="2026-12-01").status_code == 200
    assert move(world, "uz-analyst", rid, "extradited").status_code == 403  # not its notice
    closed = move(world, "kz-analyst", rid, "extradited", note="Handed over")
    assert closed.status_code == 200 and closed.json()["status"] == "extradited"

    notice = world.get("kg-analyst", f"/notices/{rid}").json()
    assert [e["transition"] for e in notice["history"]] == [
        "drafted",
        "submitted",
        "published",
        "located",
        "detained",
        "extradited",
    ]
    assert [e["state"] for e in notice["history"]][3:] == ["uz", "uz", "kz"]
    logged = [e.action for e in audit.entries(world.engine, limit=None)]
    for step in ("drafted", "submitted", "published", "located", "detained", "extradited"):
        assert f"notice.{step}" in logged
    assert "hit_report.reported" in logged and "hit_report.confirmed" in logged

    assert match(world, AS_UZ_WRITES_HIM) == []  # closed: stops at once, same index
    assert [r["id"] for r in match(world, "Saparov Ildar")] == []  # other birth date
    props = {"name": ["Ildar Saparov"], "birthDate": ["1990-11-02"]}
    query = {"queries": {"q": {"schema": "Person", "properties": props}}}
    before = world.post("uz-analyst", "/match/default", json=query).json()
    assert before["responses"]["q"]["results"][0]["id"] == f"notices-{other}"
    assert move(world, "kz-analyst", other, "withdrawn", note="Charges dropped").status_code == 200
    after = world.post("uz-analyst", "/match/default", json=query).json()
    assert all(r["id"] != f"notices-{other}" for r in after["responses"]["q"]["results"])
    lines, headers = sweep(world, prison)
    assert headers["x-sweep-matches"] == "0"
    listed = world.get("uz-analyst", "/notices", params={"status": "withdrawn"}).json()
    assert [n["id"] for n in listed["results"]] == [other]


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 20


def test_photographs_only_to_those_entitled(bare: World) -> None:
    world = bare
    made = world.post("kz-analyst", "/notices", json=body()).json()
    path = f"/notices/{made['id']}/photos"
    image = {"file": ("face.png", PNG, "image/png")}
    assert world.post("uz-analyst", path, files=image).status_code == 403
    added = world.post("kz-analyst", path, files=image)
    assert added.status_code == 201, added.text
    photo = f"{path}/{added.json()['id']}"
    assert world.get("kz-analyst", photo).content == PNG
    assert world.get("uz-analyst", photo).status_code == 403  # a draft: only its state
    assert world.get("kz-analyst", f"/notices/{made['id']}").json()["photos"][0]["id"]
    text = world.post("kz-analyst", path, files={"file": ("a.txt", b"hi", "text/plain")})
    assert text.status_code == 422
