"""The API audits its own data requests, whether or not the web pages are mounted."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from interlist.access import audit, users
from interlist.api import create_app
from interlist.settings import Settings
from interlist.store import open_engine

pytestmark = pytest.mark.usefixtures("db_url")


def test_api_without_the_web_is_audited(api_settings: Settings) -> None:
    engine = open_engine(api_settings.database_url)
    with engine.begin() as conn:
        if users.find_user(conn, "audited-bot") is None:
            users.add_user(conn, "audited-bot", "bank", "api-client")
        token = users.new_token(conn, "audited-bot")
    app = create_app(replace(api_settings, auth_required=True), web=False)
    query = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}
    with TestClient(app) as client:
        assert client.get("/web/login").status_code == 404  # no web pages here
        answer = client.post(
            "/match/default", json=query, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200
        app.state.audit_buffer.flush()
    found = audit.entries(engine, actor="audited-bot")
    engine.dispose()
    assert [(e.agency, e.action, e.result_count) for e in found] == [("bank", "api_match", 1)]


def test_a_match_body_of_another_shape_is_refused_and_audited(api_settings: Settings) -> None:
    """A body whose `queries` is not an object (or whose entities' `properties` are not)
    broke the audit middleware after the answer: the request went unaudited."""
    engine = open_engine(api_settings.database_url)
    with engine.begin() as conn:
        if users.find_user(conn, "odd-bot") is None:
            users.add_user(conn, "odd-bot", "bank", "api-client")
        token = users.new_token(conn, "odd-bot")
    app = create_app(replace(api_settings, auth_required=True), web=False)
    auth = {"Authorization": f"Bearer {token}"}
    bodies = [{"queries": True}, {"queries": {"q": {"schema": "Person", "properties": True}}}]
    with TestClient(app) as client:
        for body in bodies:
            assert client.post("/match/default", json=body, headers=auth).status_code == 422
        app.state.audit_buffer.flush()
    found = [e.as_dict()["detail"] for e in audit.entries(engine, actor="odd-bot")]
    engine.dispose()
    assert [d["queries"] for d in found] == ["unreadable", 1]
    assert found[1]["names"] == {"q": None} and found[1]["status"] == 422
