"""The API's `require_client` dependency: Bearer and Apikey tokens, 401, 403, auth off."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import http, users
from interlist.settings import Settings


def _app(engine: Engine, db_url: str, auth: bool = True) -> TestClient:
    app = FastAPI()
    app.state.engine = engine
    app.state.settings = replace(Settings(database_url=db_url), auth_required=auth)

    @app.get("/who")
    def who(user: users.User = Depends(http.require_client)) -> dict[str, str]:
        return {"name": user.name, "agency": user.agency}

    @app.get("/judge")
    def judge(user: users.User = Depends(http.require("judge"))) -> dict[str, str]:
        return {"name": user.name}

    return TestClient(app)


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    http.forget_tokens()
    with engine.begin() as conn:
        for name, role in [("bank", "api-client"), ("ana", "analyst"), ("vic", "viewer")]:
            users.add_user(conn, name, "kz_fmc", role)
        return {name: users.new_token(conn, name) for name in ("bank", "ana", "vic")}


def test_bearer_and_apikey_are_accepted(
    engine: Engine, db_url: str, tokens: dict[str, str]
) -> None:
    client = _app(engine, db_url)
    for scheme in ("Bearer", "Apikey", "ApiKey", "bearer"):
        answer = client.get("/who", headers={"Authorization": f"{scheme} {tokens['bank']}"})
        assert answer.status_code == 200
        assert answer.json() == {"name": "bank", "agency": "kz_fmc"}


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer il_not_a_token", "Token x"]
)
def test_missing_or_bad_credentials_get_401(
    engine: Engine, db_url: str, tokens: dict[str, str], header: str | None
) -> None:
    headers = {"Authorization": header} if header is not None else {}
    answer = _app(engine, db_url).get("/who", headers=headers)
    assert answer.status_code == 401
    assert "Bearer" in answer.headers["www-authenticate"]


def test_permissions_give_403(engine: Engine, db_url: str, tokens: dict[str, str]) -> None:
    client = _app(engine, db_url)
    viewer = client.get("/judge", headers={"Authorization": f"Bearer {tokens['vic']}"})
    analyst = client.get("/judge", headers={"Authorization": f"Bearer {tokens['ana']}"})
    assert viewer.status_code == 403 and analyst.status_code == 200


def test_disabled_user_is_refused(engine: Engine, db_url: str, tokens: dict[str, str]) -> None:
    client = _app(engine, db_url)
    headers = {"Authorization": f"Bearer {tokens['bank']}"}
    assert client.get("/who", headers=headers).status_code == 200
    with engine.begin() as conn:
        users.disable_user(conn, "bank")
    http.forget_tokens()
    assert client.get("/who", headers=headers).status_code == 401


def test_auth_off_is_the_anonymous_viewer(engine: Engine, db_url: str) -> None:
    answer = _app(engine, db_url, auth=False).get("/who")
    assert answer.status_code == 200 and answer.json() == {"name": "anonymous", "agency": ""}
