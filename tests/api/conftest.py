"""An API client over a small databank whose index is built and saved."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from interlist.api import create_app
from interlist.screening.storage import build, index_path, save
from interlist.settings import Settings
from interlist.store import open_engine
from tests.conftest import module_db_url
from tests.screening.kit import load_small, settings_for


@pytest.fixture(scope="module")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    home = tmp_path_factory.mktemp("api")
    with module_db_url(home) as url:
        engine = open_engine(url)
        load_small(engine)
        settings = settings_for(home, url)
        save(build(engine), index_path(settings))
        engine.dispose()
        yield settings


@pytest.fixture(scope="module")
def client(api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings)) as test_client:
        yield test_client
