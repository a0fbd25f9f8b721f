"""The OpenAPI document describes what the API answers (each defect found by schemathesis
has its own test here, which failed before its fix)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.usefixtures("db_url")


def _schema_of(doc: dict[str, Any], path: str, method: str, status: str) -> dict[str, Any]:
    response = doc["paths"][path][method]["responses"][status]
    found: dict[str, Any] = response["content"]["application/json"]["schema"]
    return found


def test_every_answer_has_a_declared_model(client: TestClient) -> None:
    """/algorithms, /catalog, /healthz and /readyz declared a string; every JSON answer
    of every operation now names its model."""
    doc = client.get("/openapi.json").json()
    expected = {"/algorithms": "AlgorithmResponse", "/catalog": "DataCatalogModel",
                "/healthz": "StatusResponse", "/readyz": "StatusResponse"}  # fmt: skip
    for path, model in expected.items():
        assert _schema_of(doc, path, "get", "200") == {"$ref": f"#/components/schemas/{model}"}
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                assert schema != {"type": "string"}, (method, path, status)


def test_one_error_model_for_every_endpoint(client: TestClient) -> None:
    """A 422 from /search says what is wrong in a sentence; the document promised
    FastAPI's list. Every error status of every operation now has the one ErrorResponse,
    which allows both."""
    doc = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    detail = doc["components"]["schemas"]["ErrorResponse"]["properties"]["detail"]
    assert {"type": "string"} in detail["anyOf"]
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            for status in operation["responses"]:
                if status.startswith(("4", "5")):
                    assert _schema_of(doc, path, method, status) == {
                        "$ref": "#/components/schemas/ErrorResponse"
                    }, (method, path, status)
    search = doc["paths"]["/search/{dataset}"]["get"]["responses"]
    assert {"401", "404", "422"} <= set(search)
    sentence = client.get("/search/default", params={"schema": "Nothing"})
    assert sentence.status_code == 422 and isinstance(sentence.json()["detail"], str)
    listed = client.get("/search/default", params={"limit": -1})
    assert listed.status_code == 422 and listed.json()["detail"][0]["loc"] == ["query", "limit"]


def test_a_huge_record_number_is_refused_not_a_server_error(client: TestClient) -> None:
    """A record number past the databases' INTEGER overflowed the driver (a 500)."""
    for path in ("/alerts/10000000000000000000", "/notices/8673642106301973553741824",
                 "/freezes/2147483648"):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][0] == "path"
    assert client.get("/recognitions", params={"offset": 10**30}).status_code == 422
    assert client.get("/operations", params={"year": 1160893}).status_code == 422
    assert client.get("/hits", params={"notice": -(10**20)}).status_code == 422
    assert client.get("/statistics", params={"operation": 10**20}).status_code == 422
    clear = {"ids": [10**20], "reason": "x"}
    assert client.post("/alerts/clear", json=clear).status_code == 422
    result = {"kind": "detained", "state": "kz", "date": "2026-01-01", "notice_id": 10**20}
    assert client.post("/results", json=result).status_code == 422


def test_an_unknown_lifecycle_is_not_found(client: TestClient) -> None:
    """An unknown lifecycle name answered 400, a status the document did not declare."""
    assert client.get("/lifecycles/notice").status_code == 200
    for name in ("0.1.0", "nothing", "..%2Fconfig"):
        answer = client.get(f"/lifecycles/{name}")
        assert answer.status_code == 404, name


def test_an_unreadable_subjects_file_is_refused(client: TestClient) -> None:
    """A binary file uploaded as subjects ended in a UnicodeDecodeError (a 500)."""
    files = {"file": ("subjects.csv", b"\x17\xbc\x12\x12\xffE\xfe\x02\xc8\xba", "text/csv")}
    answer = client.post("/monitoring/subjects", files=files)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail.startswith("subjects.csv: ") and "binary" in detail, detail
    assert "/tmp" not in detail  # the file as its sender named it, not the server's copy
