"""Data restricted to named agencies is invisible through the API to everyone else."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from interlist.access import http, users
from interlist.access.restrict import restrict_source
from interlist.api import create_app
from interlist.screening.storage import build, index_path, save
from tests.screening.kit import load_small, settings_for


@pytest.fixture
def api(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An API with auth on; `other_list` is restricted to the agency kz_fmc."""
    http.forget_tokens()
    load_small(engine)
    with engine.begin() as conn:
        restrict_source(conn, "other_list", ["kz_fmc"])
        users.add_user(conn, "kz", "kz_fmc", "api-client")
        users.add_user(conn, "ua", "ua_sdfm", "api-client")
        tokens = {name: users.new_token(conn, name) for name in ("kz", "ua")}
    settings = replace(settings_for(tmp_path, db_url), auth_required=True)
    save(build(engine), index_path(settings))
    with TestClient(create_app(settings)) as client:
        yield client, tokens


def _get(api: tuple[TestClient, dict[str, str]], who: str, url: str) -> httpx.Response:
    client, tokens = api
    return client.get(url, headers={"Authorization": f"Bearer {tokens[who]}"})


def test_search_hides_restricted_profiles_from_other_agencies(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    own = _get(api, "kz", "/search/default?q=Ivan Petrov").json()
    other = _get(api, "ua", "/search/default?q=Ivan Petrov").json()
    assert "o-1" in [r["id"] for r in own["results"]]
    assert "o-1" not in [r["id"] for r in other["results"]]
    assert all("other_list" not in r["datasets"] for r in other["results"])


def test_entity_of_a_restricted_source_is_not_found_for_other_agencies(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    assert _get(api, "kz", "/entities/o-1").status_code == 200
    assert _get(api, "ua", "/entities/o-1").status_code == 404
    assert _get(api, "ua", "/entities/t-1").status_code == 200


def test_match_never_returns_restricted_profiles_to_other_agencies(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = api
    query = {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}}}

    def found(who: str) -> list[str]:
        headers = {"Authorization": f"Bearer {tokens[who]}"}
        answer = client.post("/match/default", json=query, headers=headers)
        assert answer.status_code == 200
        return [r["id"] for r in answer.json()["responses"]["q1"]["results"]]

    assert "o-1" in found("kz")
    assert "o-1" not in found("ua")
