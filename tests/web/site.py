"""Web test helpers: a small databank, its screening index, users of four agencies, the app."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from followthemoney.statement import StatementEntity
from sqlalchemy import Engine

from interlist.access import restrict, users
from interlist.api.app import create_app
from interlist.model import make_entity
from interlist.screening.storage import ensure_index
from interlist.settings import Settings
from interlist.sources.base import SourceInfo
from interlist.sources.helpers import make_identification
from interlist.store.ingest import load, snapshot
from interlist.store.resolution_tables import suggestion
from tests.factory import parsed, person

NATIONAL = SourceInfo(name="kz_national", title="National list of KZ", publisher="KZ FMC")
PASSWORD = "a password long enough"


def _usama() -> list[StatementEntity]:
    usama = person("t-1", "Usama bin Laden", birthDate="1957-03-10", nationality="sa")
    usama.add("alias", "Усама бен Ладен", lang="rus")
    usama.add("alias", "أسامة بن لادن", lang="ara")
    return [usama, make_identification(usama, "A1234567", country="sa", passport=True)]


def load_fixture(engine: Engine) -> None:
    """Two sources: a public test list and a national list restricted to kz_fmc."""
    extra = _usama()
    org = make_entity("Organization", "t-3", "test_list")
    org.add("name", "Alfa LLP")
    public = parsed(extra[0], person("t-2", "Ivan Petrov", alias="Иван Петров"), org)
    public.entities.extend(extra[1:])
    load(engine, snapshot(public, "h1", "test"))
    national = parsed(person("kz-1", "Кравченко Ігор Васильович", birthDate="1970"),
                      person("kz-2", "Ivan Petrov", birthDate="1965"), info=NATIONAL)  # fmt: skip
    load(engine, snapshot(national, "h2", "test"))
    with engine.begin() as conn:
        restrict.restrict_source(conn, "kz_national", ["kz_fmc"])
        explanation = {"explanation": [{"name": "name", "score": 1.0, "detail": "ivan≈ivan"}]}
        conn.execute(suggestion.insert().values(left_id="kz-2", right_id="t-2", score=0.91,
                     explanation=explanation, created_at=datetime.now(UTC)))  # fmt: skip
        conn.execute(suggestion.insert().values(left_id="t-1", right_id="t-2", score=0.5,
                     explanation=explanation, created_at=datetime.now(UTC)))  # fmt: skip
        for name, agency, role in [("root", "coordination", "admin"), ("ana", "kz_fmc", "analyst"),
                                   ("vic", "ru_rosfin", "viewer"), ("bot", "bank", "api-client"),
                                   ("rua", "ru_rosfin", "analyst")]:  # fmt: skip
            users.add_user(conn, name, agency, role, PASSWORD)


@dataclass
class Web:
    client: TestClient
    engine: Engine
    settings: Settings

    def login(self, name: str, password: str = PASSWORD) -> str:
        """Log in through the form; returns the session's CSRF token."""
        page = self.client.get("/web/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        form = {"username": name, "password": password, "csrf": token, "next": "/web/"}
        answer = self.client.post("/web/login", data=form, follow_redirects=False)
        assert answer.status_code == 303
        return self.csrf()

    def csrf(self) -> str:
        page = self.client.get("/web/screen")
        return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def make_web(engine: Engine, db_url: str, home: Path, auth: bool = True) -> Web:
    settings = Settings(home=home, database_url=db_url, auth_required=auth)
    app = create_app(settings)
    ensure_index(engine, app.state.holder.path)
    client = TestClient(app, base_url="https://testserver")
    return Web(client, engine, settings)
