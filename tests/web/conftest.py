"""Fixtures of the web tests: the app on a small databank, with users of four agencies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.web.site import Web, load_fixture, make_web


@pytest.fixture
def web(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[Web]:
    load_fixture(engine)
    site = make_web(engine, db_url, tmp_path)
    with site.client:
        yield site
