"""GET /search, /entities, /catalog, /algorithms, /healthz, /readyz, the OpenAPI document,
and the authentication seam."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from interlist.api import create_app
from interlist.settings import Settings

# Runs on each database backend (the PostgreSQL pass keeps tests that use `db_url`).
pytestmark = pytest.mark.usefixtures("db_url")


def test_search_by_name_with_facets(client: TestClient) -> None:
    body = client.get("/search/default", params={"q": "Putin"}).json()
    assert set(body) == {"limit", "offset", "total", "results", "facets"}
    assert body["results"][0]["id"] == "t-2"
    assert body["total"]["value"] == len(body["results"])
    assert body["facets"]["datasets"]["values"][0]["name"] == "test_list"
    assert {"schema", "topics", "countries"} <= set(body["facets"])


def test_search_filters_and_paging(client: TestClient) -> None:
    everything = client.get("/search/default", params={"limit": 100}).json()
    assert everything["total"]["value"] == 8
    orgs = client.get("/search/default", params={"schema": "Organization", "limit": 100}).json()
    assert {r["id"] for r in orgs["results"]} == {"t-5", "t-6"}
    page = client.get("/search/test_list", params={"limit": 2, "offset": 2}).json()
    assert len(page["results"]) == 2 and page["total"]["value"] == 6
    assert client.get("/search/default", params={"schema": "Nope"}).status_code == 422


def test_entity_with_nested_sanctions(client: TestClient) -> None:
    body = client.get("/entities/t-1").json()
    assert body["id"] == "t-1" and body["schema"] == "Person"
    assert body["properties"]["name"] == ["Osama bin Laden"]
    sanctions = body["properties"]["sanctions"]
    assert sanctions[0]["schema"] == "Sanction" and sanctions[0]["properties"]["program"]
    flat = client.get("/entities/t-1", params={"nested": False}).json()
    assert "sanctions" not in flat["properties"]


def test_unknown_entity_is_404(client: TestClient) -> None:
    response = client.get("/entities/nobody")
    assert response.status_code == 404 and "nobody" in response.json()["detail"]


def test_catalog_lists_sources_and_default(client: TestClient) -> None:
    body = client.get("/catalog").json()
    names = [d["name"] for d in body["datasets"]]
    assert names == ["other_list", "test_list", "default"]
    default = body["datasets"][-1]
    assert default["children"] == ["other_list", "test_list"] and default["index_current"]
    assert body["index_stale"] is False and body["outdated"] == []


def test_algorithms(client: TestClient) -> None:
    body = client.get("/algorithms").json()
    assert body["default"] == "interlist" and "logic-v2" in [a["name"] for a in body["algorithms"]]


def test_health_and_readiness(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    empty = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/x.sqlite")
    with TestClient(create_app(replace(empty, auth_required=False))) as fresh:
        assert fresh.get("/healthz").status_code == 200
        assert fresh.get("/readyz").status_code == 503


def test_openapi_document_describes_yente_shapes(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert {"/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/catalog",
            "/healthz", "/readyz"} <= set(doc["paths"])  # fmt: skip
    schemas = doc["components"]["schemas"]
    assert {"EntityMatchQuery", "EntityMatchResponse", "ScoredEntityResponse"} <= set(schemas)
    assert "explanations" in schemas["ScoredEntityResponse"]["properties"]
    params = {p["name"] for p in doc["paths"]["/match/{dataset}"]["post"]["parameters"]}
    assert {"limit", "threshold", "algorithm", "include_dataset", "exclude_dataset",
            "exclude_schema", "topics"} <= params  # fmt: skip
    assert client.get("/docs").status_code == 200


def test_auth_required_refuses_anonymous_data_requests(api_settings: Settings) -> None:
    locked = replace(api_settings, auth_required=True)
    with TestClient(create_app(locked)) as guarded:
        for response in (
            guarded.post("/match/default", json={"queries": {}}),
            guarded.get("/search/default", params={"q": "Putin"}),
            guarded.get("/entities/t-1"),
            guarded.get("/catalog"),
        ):
            assert response.status_code == 401, response.url
        assert guarded.get("/healthz").status_code == 200
