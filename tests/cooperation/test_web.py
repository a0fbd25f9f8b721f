"""The recognition pages: the queue of the state asked, keyboard decisions through the
form, the record's timeline, refusals shown with their reason, the centre's matrix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist import i18n
from interlist.cooperation import recognition
from interlist.cooperation.recognition import Request
from tests.cooperation.kit import PEOPLE, actor, load, national_csv, setup_states
from tests.web.site import make_web


@pytest.fixture
def site(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    setup_states(engine)
    load(engine, national_csv(tmp_path, PEOPLE, "2026-01-10"))
    with engine.begin() as conn:
        asked = Request("", "", "Law art. 12", "Financed a listed group", ["asset_freeze"])
        recognition.request_list(conn, actor(engine, "kz-analyst"), "kz_fiu", ["uz"], asked)
    web = make_web(engine, db_url, tmp_path)
    yield web.client, engine


def login(client: TestClient, name: str, password: str) -> str:
    page = client.get("/web/login")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    form = {"username": name, "password": password, "csrf": token, "next": "/web/"}
    assert client.post("/web/login", data=form, follow_redirects=False).status_code == 303
    queue = client.get("/web/recognition")
    return queue.text.split('name="csrf" value="')[1].split('"')[0]


def test_the_state_asked_decides_from_its_queue(site: tuple[TestClient, Engine]) -> None:
    client, engine = site
    csrf = login(client, "uz-analyst", "pw-" + "uz" * 6)
    page = client.get("/web/recognition")
    assert page.status_code == 200
    assert "Arman Serikovich ZHAKUPOV" in page.text and 'data-key="r"' in page.text
    first = int(page.text.split('action="/web/recognition/')[1].split("/")[0])
    form = {"csrf": csrf, "decision": "recognised", "legal_act": "14/2026"}
    done = client.post(f"/web/recognition/{first}/decide", data=form, follow_redirects=False)
    assert done.status_code == 303
    with engine.connect() as conn:
        assert recognition.get(conn, first)["status"] == "recognised"
    again = client.post(f"/web/recognition/{first}/decide", data={**form, "decision": "refused",
                        "ground": "humanitarian"})  # fmt: skip
    assert again.status_code == 409 and "allowed only from" in again.text
    record = client.get(f"/web/recognition/{first}")
    assert "14/2026" in record.text and "uz-analyst" in record.text


def test_another_state_cannot_decide(site: tuple[TestClient, Engine]) -> None:
    client, engine = site
    csrf = login(client, "kg-analyst", "pw-" + "kg" * 6)
    with engine.connect() as conn:
        rid = recognition.search(conn, None, to_state="uz")[0]["id"]
    assert client.get(f"/web/recognition/{rid}").status_code == 403
    form = {"csrf": csrf, "decision": "recognised", "legal_act": "1"}
    assert client.post(f"/web/recognition/{rid}/decide", data=form).status_code == 403


def test_matrix_and_russian(site: tuple[TestClient, Engine]) -> None:
    client, _ = site
    login(client, "centre-analyst", "pw-centre-123")
    matrix = client.get("/web/recognition/matrix")
    assert matrix.status_code == 200
    assert "from_state=kz&amp;to_state=uz&amp;status=requested" in matrix.text
    assert "pending 4" in matrix.text
    client.get("/web/lang/ru")
    russian = client.get("/web/recognition?to_state=uz")
    assert "Признание перечней" in russian.text and "Запрошено" in russian.text


def test_every_message_in_both_languages() -> None:
    messages = i18n.catalogue()
    assert set(messages["en"]) == set(messages["ru"])


def test_screening_form_defaults_to_what_is_in_force_in_the_state(
    site: tuple[TestClient, Engine],
) -> None:
    client, engine = site
    csrf = login(client, "uz-analyst", "pw-" + "uz" * 6)
    with engine.begin() as conn:
        (first,) = recognition.search(conn, None, to_state="uz", entity_id="kz-fiu-P-1")
        recognition.decide(conn, actor(engine, "uz-analyst"), first["id"], "recognised",
                           legal_act="14/2026")  # fmt: skip
    form = client.get("/web/screen").text
    assert '<option value="uz" selected>' in form

    def found(name: str, collection: str) -> bool:
        data = {"csrf": csrf, "schema": "Person", "name": name, "collection": collection}
        return "kz-fiu-P-" in client.post("/web/screen", data=data).text

    assert found(PEOPLE["P-1"], "uz") and found(PEOPLE["P-2"], "default")
    assert not found(PEOPLE["P-2"], "uz")
    page = client.post("/web/screen", data={"csrf": csrf, "schema": "Person",
                       "name": PEOPLE["P-1"], "collection": "uz"})  # fmt: skip
    assert "14/2026" in page.text
