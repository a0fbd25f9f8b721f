"""Shared fixtures: the real data folder beside the checkout, and a fresh store per test."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

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
        # application_name tags every connection of this test, so teardown can end
        # the ones a server thread or a subprocess left open.
        query = f"options=-csearch_path%3D{schema}&application_name={schema}"
        yield f"{normalize_db_url(url)}{sep}{query}"
    finally:
        _drop_schema(admin, schema)
        admin.dispose()


def _drop_schema(admin: Engine, schema: str) -> None:
    """Drop a test's schema after ending the connections it left open; retried, since
    a connection still closing can deadlock with the DROP."""
    terminate = text(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = :name AND pid <> pg_backend_pid()"
    )
    for attempt in range(5):
        try:
            with admin.begin() as conn:
                conn.execute(terminate, {"name": schema})
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            return
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))


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
