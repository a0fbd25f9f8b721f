"""The register's pages: the register of the visitor's state, a freeze with its timeline
and licences, a licence above the balance refused with the balance named, another
state's freeze refused, the frozen total on the entity's profile, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.freezes.kit import freeze, world
from tests.web.site import make_web


@pytest.fixture
def site(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, int]]:
    world(engine, tmp_path)
    fid = freeze(engine, "kz-analyst", "kz-fiu-P-3", amount="5000.00")["id"]
    freeze(engine, "uz-analyst", "kz-fiu-P-1", amount="300", currency="UZS")
    yield make_web(engine, db_url, tmp_path).client, fid


def login(client: TestClient, name: str, password: str) -> str:
    page = client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"username": name, "password": password, "csrf": token, "next": "/web/"}
    assert client.post("/web/login", data=form, follow_redirects=False).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/web/screen").text)
    assert found is not None
    return found.group(1)


def test_the_register_and_a_freeze(site: tuple[TestClient, int]) -> None:
    client, fid = site
    csrf = login(client, "kz-analyst", "pw-" + "kz" * 6)
    page = client.get("/web/freezes")
    assert page.status_code == 200
    assert "Yerlan Maratovich ISKAKOV" in page.text and "5000.00 KZT" in page.text
    assert "UZS" not in page.text  # uz's freeze is not kz's to see
    one = client.get(f"/web/freezes/{fid}")
    assert "KZ86125KZT5004100100" in one.text and 'id="fz-licence-form"' in one.text
    form = {"csrf": csrf, "ground": "rent", "amount": "1200.00", "currency": "KZT",
            "granted_on": "2026-03-01", "granted_by": "Order 5"}  # fmt: skip
    done = client.post(f"/web/freezes/{fid}/licence", data=form, follow_redirects=False)
    assert done.status_code == 303
    above = client.post(f"/web/freezes/{fid}/licence", data={**form, "amount": "4000"})
    assert above.status_code == 422 and "3800.00 KZT" in above.text
    seize = {"csrf": csrf, "to": "seized", "act": "Court 1", "date": "2026-04-01"}
    seized = client.post(f"/web/freezes/{fid}/move", data=seize, follow_redirects=False)
    assert seized.status_code == 303
    after = client.get(f"/web/freezes/{fid}")
    assert "Order 5" in after.text and "Court 1" in after.text and "3800.00 KZT" in after.text
    profile = client.get("/web/entity/kz-fiu-P-3")
    assert 'id="frozen"' in profile.text and "3800.00" in profile.text
    client.get("/web/lang/ru")
    assert "Реестр замороженных активов" in client.get("/web/freezes").text


def test_another_state_sees_nothing_and_changes_nothing(site: tuple[TestClient, int]) -> None:
    client, fid = site
    csrf = login(client, "uz-analyst", "pw-" + "uz" * 6)
    assert client.get(f"/web/freezes/{fid}").status_code == 403
    form = {"csrf": csrf, "to": "unfrozen", "act": "x", "date": "2026-04-01"}
    assert client.post(f"/web/freezes/{fid}/move", data=form).status_code == 403
    assert 'id="frozen"' not in client.get("/web/entity/kz-fiu-P-3").text
    centre = TestClient(client.app, base_url="https://testserver")
    login(centre, "centre-analyst", "pw-centre-123")
    page = centre.get(f"/web/freezes/{fid}")
    assert page.status_code == 200 and "KZ86125KZT5004100100" not in page.text
