"""The register end to end through the HTTP API and the CLI, on the real UN list: freezes
in two states on a UN and on a recognised designation, licences within and above the
balance, seizure then confiscation, the UN entity delisted by a new list version and its
freezes unfrozen by a decision, the annual return, and what another state may not do."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from interlist.access import users
from interlist.api import create_app
from interlist.databank import ingest
from interlist.lifecycle import inconsistent
from interlist.settings import Settings
from interlist.store import open_engine
from tests.clitools import interlist
from tests.cooperation.kit import PEOPLE, load, national_csv, setup_states
from tests.screening.kit import UN_FILE, load_un

pytestmark = pytest.mark.shared_data
UN_ID, UN_DATAID = "un-sc-6907993", "6907993"  # ERIC BADEGE, the first individual
USERS = ("kz-analyst", "uz-analyst", "kg-analyst", "centre-analyst")


@dataclass
class World:
    engine: Engine
    url: str
    client: TestClient
    tokens: dict[str, str]
    folder: Path

    def call(self, method: str, path: str, user: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.request(method, path, headers=headers, **kw)


@pytest.fixture
def world(tmp_path: Path, lists_dir: Path, db_url: str) -> Iterator[World]:
    """The UN list, three states, kz's national list (on SQLite or PostgreSQL: `db_url`)."""
    engine = open_engine(db_url)
    load_un(engine, lists_dir)
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    with engine.begin() as conn:
        tokens = {name: users.new_token(conn, name) for name in USERS}
    settings = Settings(home=tmp_path, database_url=db_url)
    with TestClient(create_app(settings)) as client:
        yield World(engine, db_url, client, tokens, tmp_path)
    engine.dispose()


def un_without(lists_dir: Path, folder: Path, dataid: str, published: str) -> Path:
    """The real UN list less one individual, as a newer version."""
    text = (lists_dir / UN_FILE).read_text("utf-8")
    blocks = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, flags=re.S)
    gone = next(b for b in blocks if f"<DATAID>{dataid}</DATAID>" in b)
    text = text.replace(gone, "").replace(
        'dateGenerated="2026-02-27', f'dateGenerated="{published}'
    )
    path = folder / f"UN_consolidated_{published}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def freeze(world: World, user: str, entity: str, amount: str, currency: str, **kw: Any) -> Any:
    body = {"entity_id": entity, "institution": "First Bank", "asset_type": "bank_account",
            "identifier": f"ACC-{user[:2].upper()}-2345-6789", "amount": amount,
            "currency": currency, "frozen_on": "2026-02-01", **kw}  # fmt: skip
    return world.call("POST", "/freezes", user, json=body)


def recognise(world: World, entity: str, to: str) -> int:
    body = {"entity_id": entity, "to_state": to, "legal_basis": "Law art. 12",
            "reasons": "Financed a listed group", "measures": ["asset_freeze"]}  # fmt: skip
    made = world.call("POST", "/recognitions", "kz-analyst", json=body)
    rid = int(made.json()["id"])
    done = world.call("POST", f"/recognitions/{rid}/decision", f"{to}-analyst",
                      json={"decision": "recognised", "legal_act": "14/2026"})  # fmt: skip
    assert done.json()["status"] == "recognised"
    return rid


def test_the_register_end_to_end(world: World, lists_dir: Path) -> None:
    rid = recognise(world, "kz-fiu-P-1", "uz")
    kz_un = freeze(world, "kz-analyst", UN_ID, "12500.00", "KZT")
    assert kz_un.status_code == 201, kz_un.text
    assert kz_un.json()["status"] == "frozen"
    assert kz_un.json()["basis"] == {"kind": "listing", "ref": "un_sc"}
    uz_un = freeze(world, "uz-analyst", UN_ID, "3000", "USD", asset_type="securities")
    uz_rec = freeze(world, "uz-analyst", "kz-fiu-P-1", "90000000", "UZS",
                    basis={"kind": "recognition", "ref": str(rid)})  # fmt: skip
    assert uz_rec.json()["basis"] == {"kind": "recognition", "ref": str(rid)}
    assert freeze(world, "kz-analyst", UN_ID, 12.5, "KZT").status_code == 422  # a float
    kz_id, uz_id, rec_id = (r.json()["id"] for r in (kz_un, uz_un, uz_rec))

    licences(world, kz_id)
    seize_and_confiscate(world, rec_id)
    another_state(world, kz_id)

    path = un_without(lists_dir, world.folder, UN_DATAID, "2026-03-15")
    assert UN_ID in ingest(world.engine, [path])[0].delisted
    review = world.call("GET", "/freezes?needs_review=true", "kz-analyst").json()["results"]
    assert [f["id"] for f in review] == [kz_id] and review[0]["due_at"]
    uz_review = world.call("GET", f"/freezes/{uz_id}", "uz-analyst").json()
    assert uz_review["status"] == "review_required" and uz_review["needs_review"]
    decision = {"to": "unfrozen", "act": "Delisting by the UN", "date": "2026-03-20"}
    done = world.call("POST", f"/freezes/{kz_id}/transitions", "kz-analyst", json=decision)
    assert done.status_code == 200 and done.json()["status"] == "unfrozen"
    assert done.json()["history"][-1]["payload"]["amount"] == "10000.00"

    annual_return(world, uz_id)
    with world.engine.connect() as conn:
        assert inconsistent(conn) == []


def licences(world: World, fid: int) -> None:
    path = f"/freezes/{fid}/licences"
    body = {"ground": "rent", "amount": "2500.00", "currency": "KZT", "granted_on": "2026-02-15"}
    no_notice = world.call("POST", path, "kz-analyst", json=body)
    assert no_notice.status_code == 422 and "committee" in no_notice.text
    body["committee_notified_on"] = "2026-02-10"
    ok = world.call("POST", path, "kz-analyst", json=body)
    assert ok.status_code == 201, ok.text
    assert ok.json()["status"] == "partially_released" and ok.json()["balance"] == "10000.00"
    assert ok.json()["licences"][0]["committee_notified"] is True
    above = world.call("POST", path, "kz-analyst", json={**body, "amount": "10000.01"})
    assert above.status_code == 422 and "10000.00 KZT" in above.json()["detail"]


def seize_and_confiscate(world: World, fid: int) -> None:
    path = f"/freezes/{fid}/transitions"
    asked = {"to": "confiscated", "act": "Court 5/2026", "date": "2026-04-01"}
    early = world.call("POST", path, "uz-analyst", json=asked)
    assert early.status_code == 409
    for to, day in (("seized", "2026-04-01"), ("confiscated", "2026-06-01")):
        done = world.call("POST", path, "uz-analyst",
                          json={"to": to, "act": f"Court {to}", "date": day})  # fmt: skip
        assert done.status_code == 200 and done.json()["status"] == to
    step = done.json()["history"][-1]
    assert step["actor"] == "uz-analyst" and step["payload"]["amount"] == "90000000"


def another_state(world: World, fid: int) -> None:
    mine = world.call("GET", f"/freezes/{fid}", "kz-analyst").json()
    assert mine["identifier"] == "ACC-KZ-2345-6789"
    centre = world.call("GET", f"/freezes/{fid}", "centre-analyst").json()
    assert centre["identifier_masked"] and "2345" not in centre["identifier"]
    assert world.call("GET", f"/freezes/{fid}", "uz-analyst").status_code == 403
    seize = {"to": "seized", "act": "x", "date": "2026-04-01"}
    grant = {"ground": "food", "amount": "1", "currency": "KZT", "granted_on": "2026-04-01",
             "committee_notified_on": "2026-04-01"}  # fmt: skip
    for path, body in ((f"/freezes/{fid}/transitions", seize), (f"/freezes/{fid}/licences", grant)):
        assert world.call("POST", path, "uz-analyst", json=body).status_code == 403
    listed = world.call("GET", "/freezes", "uz-analyst").text
    assert "ACC-KZ" not in listed and f'"id":{fid},' not in listed
    assert world.call("GET", "/freezes/summary?state=kz", "uz-analyst").status_code == 403


def annual_return(world: World, uz_id: int) -> None:
    summary = world.call("GET", "/freezes/summary?state=uz&at=2026-09-30", "uz-analyst").json()
    assert {t["currency"]: (t["frozen"], t["count"]) for t in summary["totals"]} == {
        "USD": ("3000", 1)
    }  # the UZS asset was confiscated in June
    at_may = world.call("GET", "/freezes/summary?at=2026-05-01", "uz-analyst").json()
    assert {t["currency"]: t["seized"] for t in at_may["totals"]} == {"USD": "0", "UZS": "90000000"}
    xlsx, csv_path = world.folder / "return.xlsx", world.folder / "return.csv"
    for target in (xlsx, csv_path):
        run = interlist("freezes", "report", "--state", "uz", "--at", "2026-05-01", "-o",
                        str(target), "--user", "uz-analyst", db=world.url)  # fmt: skip
        assert run.code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8"))))
    body, totals = [r for r in rows if r["id"] != "TOTAL"], [r for r in rows if r["id"] == "TOTAL"]
    assert {r["id"] for r in body} == {str(uz_id), str(uz_id + 1)}
    for total in totals:
        same = [r for r in body if r["currency"] == total["currency"]]
        assert Decimal(total["balance"]) == sum(Decimal(r["balance"]) for r in same)
    sheet = load_workbook(xlsx)["return"]
    cells = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [c[0] for c in cells if c[0] == "TOTAL"] == ["TOTAL", "TOTAL"]
    assert len(cells) == len(rows)
