"""POST /match/{dataset}: yente's request and response shapes, filters and errors."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

# The example request of yente's /match documentation, unchanged.
YENTE_EXAMPLE = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}
RESULT_FIELDS = {
    "id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen",
    "last_seen", "last_change", "score", "features", "match", "explanations",
}  # fmt: skip

# Runs on each database backend (the PostgreSQL pass keeps tests that use `db_url`).
pytestmark = pytest.mark.usefixtures("db_url")


def _match(client: TestClient, queries: dict[str, Any], path: str = "/match/default", **params):  # type: ignore[no-untyped-def]
    return client.post(path, json={"queries": queries}, params=params)


def _person(*names: str, **props: Any) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": list(names), **props}}


def test_yente_documentation_example_is_answered(client: TestClient) -> None:
    response = client.post("/match/default", json=YENTE_EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"responses", "matcher", "limit"} and body["limit"] == 5
    assert set(body["responses"]) == {"entity1", "entity2"}
    for answer in body["responses"].values():
        assert answer["status"] == 200 and answer["total"]["relation"] == "eq"
        assert answer["results"] == []  # nobody of that name is listed
    assert body["responses"]["entity2"]["query"]["schema"] == "Company"
    assert response.headers["x-batch-size"] == "2"
    assert all({"description", "coefficient", "url"} <= set(d) for d in body["matcher"].values())


def test_results_have_yente_fields_and_explanations(client: TestClient) -> None:
    query = _person("Владимир Путин", birthDate=["1952-10-07"])
    response = _match(client, {"q1": query})
    results = response.json()["responses"]["q1"]["results"]
    assert results[0]["id"] == "t-2" and results[0]["match"] is True
    assert set(results[0]) == RESULT_FIELDS
    assert results[0]["referents"] == ["t-2"] and results[0]["datasets"] == ["test_list"]
    name = results[0]["explanations"]["name"]
    assert name["detail"] and 0 < name["score"] <= 1
    assert results[0]["features"]["birth_date"] > 0


def test_string_property_values_and_query_echo(client: TestClient) -> None:
    query = {"schema": "Person", "properties": {"name": "Osama bin Laden"}}
    answer = _match(client, {"x": query}).json()["responses"]["x"]
    assert answer["query"]["properties"] == {"name": ["Osama bin Laden"]}
    assert {r["id"] for r in answer["results"]} == {"t-1", "o-2"}


def test_dataset_path_and_filters(client: TestClient) -> None:
    query = {"x": _person("Osama bin Laden")}

    def ids(path: str = "/match/default", **params: Any) -> list[str]:
        answer = _match(client, query, path, **params).json()["responses"]["x"]
        return sorted(r["id"] for r in answer["results"])

    assert ids("/match/other_list") == ["o-2"]
    assert ids(include_dataset=["test_list"]) == ["t-1"]
    assert ids(exclude_dataset=["test_list"]) == ["o-2"]
    assert ids("/match/other_list", include_dataset=["test_list"]) == []
    assert ids(topics=["crime.terror"]) == ["t-1"]
    assert ids(exclude_schema=["Person"]) == []
    assert ids(exclude_entity_ids=["t-1"]) == ["o-2"]
    assert len(ids(limit=1)) == 1


def test_excluded_top_hit_leaves_limit_results(client: TestClient) -> None:
    """`exclude_entity_ids` acts inside the query, as yente's: excluding the best hit
    still returns `limit` results (it was cut to `limit` first, leaving `limit - 1`)."""
    query = {"x": _person("Osama bin Laden", birthDate=["1957-03-10"])}

    def ids(**params: Any) -> list[str]:
        answer = _match(client, query, cutoff=0.0, **params).json()["responses"]["x"]
        return [r["id"] for r in answer["results"]]

    best, second = ids(limit=2)
    assert ids(limit=1, exclude_entity_ids=[best]) == [second]


def test_threshold_and_cutoff(client: TestClient) -> None:
    query = {"x": _person("Osama bin Laden")}
    strict = _match(client, query, threshold=0.999).json()["responses"]["x"]["results"]
    assert strict and all(not r["match"] for r in strict if r["score"] < 0.999)
    wide = _match(client, query, cutoff=0.0, limit=20).json()["responses"]["x"]["results"]
    assert len(wide) >= len(strict)


def test_invalid_requests_name_the_field(client: TestClient) -> None:
    cases = [
        ({"x": {"schema": "Persn", "properties": {"name": ["A"]}}}, {}, "schema"),
        ({"x": {"schema": "Person", "properties": {"nme": ["A"]}}}, {}, "nme"),
        ({"x": {"schema": "Person", "properties": {"name": [""]}}}, {}, "properties"),
        ({"x": {"properties": {"name": ["A"]}}}, {}, "schema"),
        ({"x": _person("A")}, {"limit": 0}, "limit"),
        ({"x": _person("A")}, {"threshold": 2}, "threshold"),
        ({"x": _person("A")}, {"algorithm": "magic"}, "algorithm"),
        ({}, {}, "queries"),
    ]
    for queries, params, field in cases:
        response = _match(client, queries, **params)
        assert response.status_code == 422, (queries, params)
        assert field in response.json()["detail"][0]["loc"], response.json()


def test_yente_algorithm_names_are_accepted(client: TestClient) -> None:
    for name in ("logic-v2", "best", "interlist"):
        assert _match(client, {"x": _person("Ivan Petrov")}, algorithm=name).status_code == 200


def test_unknown_dataset_and_oversized_batch(client: TestClient) -> None:
    assert _match(client, {"x": _person("A")}, "/match/nowhere").status_code == 404
    many = {f"q{i}": _person("Ivan Petrov") for i in range(101)}
    response = _match(client, many)
    assert response.status_code == 413 and "100" in response.json()["detail"]


def test_matcher_links_to_the_served_documentation(client: TestClient) -> None:
    """The feature links point at this server's own documentation page, which is served
    (they pointed at a repository that does not exist)."""
    body = _match(client, {"x": _person("Ivan Petrov")}).json()
    urls = {doc["url"] for doc in body["matcher"].values()}
    assert urls == {"/documentation/matching.md"}
    page = client.get("/documentation/matching.md")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Name and entity matching</h1>" in page.text and "<table>" in page.text
    assert client.get("/documentation/nothing.md").status_code == 404
    assert client.get("/documentation/..%2Fpyproject.md").status_code == 404
