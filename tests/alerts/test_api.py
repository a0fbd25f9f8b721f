"""The monitoring contract through the HTTP API: subjects, alerts, decisions, four eyes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import users
from interlist.api import create_app
from interlist.settings import Settings
from interlist.store import open_engine
from tests.alerts.kit import LISTED, national, setup
from tests.conftest import module_db_url
from tests.cooperation.kit import load

SUBJECTS = [
    {"id": "C-1", "name": "Жакупов Арман Серикович", "birth_date": "1980-03-14"},
    {"id": "C-2", "name": "Maria Petrova", "birth_date": "1990-01-01"},
]


@dataclass
class World:
    engine: Engine
    client: TestClient
    tokens: dict[str, str]

    def as_(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with module_db_url(tmp_path) as url:
        engine = open_engine(url)
        setup(engine)
        load(engine, national(tmp_path, LISTED, "2026-01-10"))
        with engine.begin() as conn:
            names = ("kz-analyst", "kz-analyst2", "uz-analyst", "uz-viewer")
            tokens = {name: users.new_token(conn, name) for name in names}
        settings = Settings(home=tmp_path, database_url=url)
        with TestClient(create_app(settings)) as client:
            yield World(engine, client, tokens)
        engine.dispose()


def test_the_contract(world: World) -> None:
    kz, kz2, uz = world.as_("kz-analyst"), world.as_("kz-analyst2"), world.as_("uz-analyst")
    answer = world.client.post("/monitoring/subjects", json={"subjects": SUBJECTS}, headers=kz)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["registered"], answer.json()["alerts"]) == (2, 1)
    listed = world.client.get("/alerts?status=open&subject=C-1", headers=kz).json()["results"]
    assert len(listed) == 1
    alert = listed[0]
    assert {"id", "subject_id", "entity_id", "status", "score", "explanation"} <= set(alert)
    assert alert["subject_id"] == "C-1" and alert["status"] == "open"
    assert world.client.get("/alerts", headers=uz).json()["results"] == []
    assert world.client.get(f"/alerts/{alert['id']}", headers=uz).status_code == 403
    path = f"/alerts/{alert['id']}"
    bad = world.client.post(f"{path}/decision", json={"decision": "confirmed", "reason": "x"},
                            headers=kz)  # fmt: skip
    assert bad.status_code == 422
    done = world.client.post(f"{path}/decision", headers=kz,
                             json={"decision": "confirmed", "reason": "same_person"})  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "confirmed_pending"
    own = world.client.post(f"{path}/approve", json={"approve": True}, headers=kz)
    assert own.status_code == 403
    assert (
        world.client.post(f"{path}/approve", json={"approve": True}, headers=uz).status_code == 403
    )
    approved = world.client.post(f"{path}/approve", json={"approve": True}, headers=kz2)
    assert approved.status_code == 200 and approved.json()["status"] == "confirmed"
    cleared = {"decision": "false_positive", "reason": "common_name"}
    again = world.client.post(f"{path}/decision", headers=kz, json=cleared)
    assert again.status_code == 409
    full = world.client.get(path, headers=kz).json()
    assert [e["transition"] for e in full["history"]] == ["opened", "confirmed", "approved"]
    assert full["freeze"] is True
    counts = world.client.get("/alerts/counts", headers=kz).json()
    assert counts == {"open": 0, "overdue": 0}


def test_json_lines_and_file_upload_and_removal(world: World) -> None:
    kz = world.as_("kz-analyst")
    body = b"\n".join(orjson.dumps(s) for s in SUBJECTS) + b"\nnot json\n"
    answer = world.client.post("/monitoring/subjects", content=body,
                               headers={**kz, "Content-Type": "application/x-ndjson"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert (answer.json()["registered"], len(answer.json()["bad"])) == (2, 1)
    csv = "id,name,birth_date\nC-2,Maria Petrova-Ivanova,1990-01-01\nC-3,Daniyar Kasymov,\n"
    files = {"file": ("subjects.csv", csv.encode(), "text/csv")}
    upload = world.client.post("/monitoring/subjects", files=files, headers=kz).json()
    assert (upload["registered"], upload["updated"], upload["alerts"]) == (1, 1, 1)
    subject = world.client.get("/monitoring/subjects/C-2", headers=kz).json()
    assert [h["action"] for h in subject["history"]] == ["registered", "updated"]
    assert world.client.delete("/monitoring/subjects/C-3", headers=kz).json()["withdrawn"] == 1
    names = [
        s["subject_id"]
        for s in world.client.get("/monitoring/subjects", headers=kz).json()["results"]
    ]
    assert names == ["C-1", "C-2"]
    viewer = world.client.post("/monitoring/subjects", json={"subjects": SUBJECTS},
                               headers=world.as_("uz-viewer"))  # fmt: skip
    assert viewer.status_code == 403


def test_bulk_clearing_and_cases(world: World) -> None:
    kz = world.as_("kz-analyst")
    rows = [
        *SUBJECTS,
        {"id": "C-3", "name": "Daniyar Kasymov"},
        {"id": "C-4", "name": "Erlan Iskakov"},
    ]
    world.client.post("/monitoring/subjects", json={"subjects": rows}, headers=kz)
    ids = [a["id"] for a in world.client.get("/alerts?status=open", headers=kz).json()["results"]]
    assert len(ids) == 3
    cleared = world.client.post("/alerts/clear", json={"ids": ids[:2], "reason": "common_name"},
                                headers=kz)  # fmt: skip
    assert [a["status"] for a in cleared.json()["results"]] == ["false_positive"] * 2
    asked = {"decision": "escalated", "reason": "needs_investigation"}
    escalated = world.client.post(f"/alerts/{ids[2]}/decision", headers=kz, json=asked)
    case_id = escalated.json()["case_id"]
    assert world.client.get("/cases", headers=kz).json()["results"][0]["id"] == case_id
    closing = {"move": "closed", "outcome": "no_match"}
    moved = world.client.post(f"/cases/{case_id}/move", json=closing, headers=kz)
    assert moved.json()["status"] == "closed"
