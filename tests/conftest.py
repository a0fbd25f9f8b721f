"""Shared fixtures: the real data folder beside the checkout, and a fresh store per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from interlist.settings import normalize_db_url
from interlist.store import open_engine

SHARED_DATA = Path(
    os.environ.get("INTERLIST_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data")
).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip: the real list files are not in the repository."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it lies beside the checkout in CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def lists_dir(shared_data: Path) -> Path:
    return shared_data / "lists"


def _test_db_url() -> str:
    return os.environ.get("INTERLIST_TEST_DB", "sqlite")


@contextmanager
def module_db_url(folder: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in `folder`, or a new PostgreSQL schema.

    INTERLIST_TEST_DB=sqlite (the default) or a PostgreSQL URL chooses the backend;
    `make test` runs the suite once with each.
    """
    url = _test_db_url()
    if url == "sqlite":
        yield f"sqlite:///{folder / 'test.sqlite'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_db_url(url))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{normalize_db_url(url)}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test."""
    with module_db_url(tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh, migrated database."""
    eng = open_engine(db_url)
    yield eng
    eng.dispose()


DB_FIXTURES = {"db_url", "engine"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run, keep only the tests that use a database: the others (parsers,
    matching...) do not depend on the store and already ran in the SQLite pass."""
    if _test_db_url() == "sqlite":
        return
    keep = [i for i in items if DB_FIXTURES & set(getattr(i, "fixturenames", ()))]
    dropped = [i for i in items if i not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
