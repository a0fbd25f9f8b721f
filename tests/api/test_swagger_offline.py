"""`/docs` (Swagger UI) works without the internet: every asset it names is served here."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_swagger_ui_references_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    links = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text)
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links)
    assert "http://" not in page.text and "https://" not in page.text  # no CDN, no validator
    assets = [link for link in links if link.startswith("/docs/assets/")]
    assert {a.rsplit("/", 1)[1] for a in assets} == {"swagger-ui-bundle.js", "swagger-ui.css",
                                                      "favicon.png"}  # fmt: skip
    for asset in assets:
        answer = client.get(asset)
        assert answer.status_code == 200 and len(answer.content) > 1000, asset
    assert "url: '/openapi.json'" in page.text and client.get("/openapi.json").status_code == 200
    assert client.get("/docs/oauth2-redirect").status_code == 200
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"
