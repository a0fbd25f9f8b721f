"""The API under generated requests: schemathesis sends what the OpenAPI document allows
(and what it forbids) to every endpoint, with the token of the centre's admin and of a
member state's analyst; no answer is a 5xx, and every answer's status code, content
type and body are the ones the document declares.

Bounded: MAX_EXAMPLES requests per operation and mode, no shrinking of failures, the
calls made in-process (ASGI), so the whole run stays within about half a minute on SQLite.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from interlist.access import users
from interlist.api import create_app
from interlist.settings import Settings
from interlist.store import open_engine
from tests.cooperation.kit import setup_states

# Requests per operation and mode; INTERLIST_API_EXAMPLES=200 for a longer run.
MAX_EXAMPLES = int(os.environ.get("INTERLIST_API_EXAMPLES", "6"))
# Who calls: the centre's admin (reads and coordinates everything) and a member state's
# analyst (requests recognitions, issues notices, records freezes, monitors subjects).
IDENTITIES = ("fuzz-admin", "kz-analyst")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = pytest.mark.usefixtures("db_url")


@pytest.fixture(scope="module")
def generated_api(api_settings: Settings) -> Iterator[Any]:
    engine = open_engine(api_settings.database_url)
    setup_states(engine)  # kz, uz, kg with an FIU and an analyst each; the centre
    with engine.begin() as conn:
        users.add_user(conn, "fuzz-admin", "coordination", "admin")
        tokens = {name: users.new_token(conn, name) for name in IDENTITIES}
    engine.dispose()
    app = create_app(replace(api_settings, auth_required=True), web=False)
    app.state.test_headers = {k: {"Authorization": f"Bearer {v}"} for k, v in tokens.items()}
    with TestClient(app):  # the lifespan: started, and shut down after the module
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def _cases() -> list[tuple[str, str, GenerationMode]]:
    """Every operation of the document (which needs no databank), with valid requests and,
    where it takes parameters or a body, invalid ones."""
    home = Path(tempfile.gettempdir())
    paths = create_app(Settings(home=home, database_url="sqlite://"), web=False).openapi()["paths"]
    found = []
    for path, methods in paths.items():
        for method, operation in methods.items():
            found.append((method.upper(), path, GenerationMode.POSITIVE))
            if operation.get("requestBody") or any(
                param["in"] != "path" or param["schema"].get("type") != "string"
                for param in operation.get("parameters", [])
            ):  # else no request breaks the document: a path's text can be anything
                found.append((method.upper(), path, GenerationMode.NEGATIVE))
    return found


CASES = _cases()


@pytest.mark.parametrize("identity", IDENTITIES)
@pytest.mark.parametrize(
    ("method", "path", "mode"), CASES, ids=[f"{m} {p} {g.value}" for m, p, g in CASES]
)
def test_api_answers_as_its_document_says(
    generated_api: Any, method: str, path: str, mode: GenerationMode, identity: str
) -> None:
    operation = generated_api[path][method]
    headers = generated_api.app.state.test_headers[identity]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def answers(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    answers()
