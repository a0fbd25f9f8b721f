"""The screening certificate: one record's screening as a PDF an officer can file, read
back: who screened whom, when, against which list versions, with what result."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader
from sqlalchemy import Engine

from interlist.access import audit
from tests.web.site import Web


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_match_and_no_match_are_certified(web: Web, engine: Engine) -> None:
    csrf = web.login("ana")
    screened = web.client.post("/web/screen", data={"name": "Usama bin Laden", "csrf": csrf})
    assert "/web/screen/certificate" in screened.text
    answer = web.client.post("/web/screen/certificate",
                             data={"name": "Usama bin Laden", "csrf": csrf})  # fmt: skip
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment")
    text = text_of(answer.content)
    assert "Screening certificate" in text and "Usama bin Laden" in text and "ana" in text
    assert "t-1" in text and "Test list" in text  # the hit, and the list version screened
    entry = audit.entries(engine, actor="ana", action="screen", newest_first=True)[0]
    assert json.loads(entry.detail)["certificate"] is True and f"№ {entry.seq}" in text
    nobody = web.client.post("/web/screen/certificate",
                             data={"name": "Zebulon Quartermaine", "csrf": csrf})  # fmt: skip
    assert "reached the threshold" in text_of(nobody.content)


def test_the_certificate_speaks_russian_and_needs_a_session(web: Web) -> None:
    refused = web.client.post("/web/screen/certificate", data={"name": "x"},
                              follow_redirects=False)  # fmt: skip
    assert refused.status_code in (303, 401, 403)
    csrf = web.login("ana")
    web.client.get("/web/lang/ru")
    csrf = web.csrf()
    answer = web.client.post("/web/screen/certificate", data={"name": "Ivan Petrov", "csrf": csrf})
    text = text_of(answer.content)
    assert "Справка о проверке по спискам" in text and "Ivan Petrov" in text
