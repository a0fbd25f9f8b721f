"""Fixtures: a small databank and its index (per test module), the UN list's index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from interlist.screening.index import ScreeningIndex
from interlist.screening.storage import build
from interlist.store import open_engine
from tests.conftest import module_db_url
from tests.screening.kit import load_small, load_un


@pytest.fixture(scope="module")
def small_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with module_db_url(tmp_path_factory.mktemp("small")) as url:
        engine = open_engine(url)
        load_small(engine)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def small_index(small_engine: Engine) -> ScreeningIndex:
    return build(small_engine)


@pytest.fixture(scope="session")
def un_index(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Iterator[ScreeningIndex]:
    with module_db_url(tmp_path_factory.mktemp("un")) as url:
        engine = open_engine(url)
        load_un(engine, lists_dir)
        yield build(engine)
        engine.dispose()
