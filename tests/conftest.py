"""Shared fixtures: the real data folder beside the checkout, and a fresh store per test
(a copy of a database migrated once per test process)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
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


# Every test's database is a copy of one migrated when the test process first needs one
# (running the Alembic migrations took 0.6 s a test on SQLite and 1.1-1.7 s on
# PostgreSQL): a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL. The
# migrations themselves still run from an empty database, once per process for the
# template and in tests/store/test_migrations.py.
TEST_SCHEMA = "interlist_test"
_templates: dict[str, str] = {}  # backend -> template (a SQLite path, a database name)
_admins: dict[str, Engine] = {}


def _admin(url: str) -> Engine:
    """An engine on the PostgreSQL URL's own database, outside transactions (CREATE and
    DROP DATABASE cannot run in one), kept for the test process."""
    if url not in _admins:
        _admins[url] = create_engine(normalize_db_url(url), isolation_level="AUTOCOMMIT")
    return _admins[url]


def _pg_url(url: str, database: str) -> str:
    """`url` on `database`, its tables in TEST_SCHEMA. synchronous_commit=off spares each
    commit its wait for the disk (a test database does not outlive a server crash); the
    application_name tags the connections of this database."""
    base = make_url(normalize_db_url(url)).set(database=database)
    sep = "&" if base.query else "?"
    options = f"-csearch_path%3D{TEST_SCHEMA}%20-csynchronous_commit%3Doff"
    return (
        f"{base.render_as_string(hide_password=False)}{sep}options={options}"
        f"&application_name={database}"
    )


def _new_pg_database(url: str, template: str | None) -> str:
    """A new database on the server of `url` (copied from `template`, or empty but for
    TEST_SCHEMA); its name."""
    own = make_url(normalize_db_url(url)).database or "postgres"
    name = f"{own}_t_{uuid.uuid4().hex[:12]}"
    with _admin(url).connect() as conn:
        source = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{source}'))
    if template is None:
        engine = create_engine(make_url(normalize_db_url(url)).set(database=name))
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{TEST_SCHEMA}"'))
        engine.dispose()
    return name


def _drop_pg_database(url: str, name: str) -> None:
    """Drop a test's database, ending the connections a server thread or a subprocess
    left open (retried: a connection still closing can hold it a moment longer)."""
    for attempt in range(5):
        try:
            with _admin(url).connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))


def _template(url: str) -> str:
    """The migrated template of this test process, made on first use."""
    if url not in _templates:
        if url == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="interlist-template-"))
            path = folder / "template.sqlite"
            open_engine(f"sqlite:///{path}").dispose()  # the last close checkpoints the WAL
            assert not path.with_name(path.name + "-wal").exists()
            _templates[url] = str(path)
        else:
            name = _new_pg_database(url, None)
            open_engine(_pg_url(url, name)).dispose()
            _templates[url] = name
    return _templates[url]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove this process's template and close its admin engines."""
    for url, template in _templates.items():
        if url == "sqlite":
            shutil.rmtree(Path(template).parent, ignore_errors=True)
        else:
            _drop_pg_database(url, template)
    _templates.clear()
    for admin in _admins.values():
        admin.dispose()
    _admins.clear()


@contextmanager
def module_db_url(folder: Path, empty: bool = False) -> Iterator[str]:
    """A fresh database, migrated to the newest schema (or `empty`): a SQLite file in
    `folder`, or a new PostgreSQL database whose tables are in one schema.

    INTERLIST_TEST_DB=sqlite (the default) or a PostgreSQL URL chooses the backend;
    `make test` runs the suite once with each.
    """
    url = _test_db_url()
    if url == "sqlite":
        path = folder / "test.sqlite"
        if not empty:
            shutil.copyfile(_template(url), path)
        yield f"sqlite:///{path}"
        return
    name = _new_pg_database(url, None if empty else _template(url))
    try:
        yield _pg_url(url, name)
    finally:
        _drop_pg_database(url, name)


def copy_database(source: str, target: str) -> None:
    """Make the test database at `target` (from module_db_url) a copy of the one at
    `source`: for a state that is costly to reach and that several tests start from."""
    if source.startswith("sqlite"):
        src = sqlite3.connect(make_url(source).database or "")
        dst = sqlite3.connect(make_url(target).database or "")
        try:
            src.backup(dst)  # consistent whatever connections are still open on `source`
        finally:
            dst.close()
            src.close()
        return
    url = _test_db_url()
    old, new = make_url(source).database, make_url(target).database
    end_sessions = text(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :name AND pid <> pg_backend_pid()"
    )
    _drop_pg_database(url, str(new))
    with _admin(url).connect() as conn:
        conn.execute(end_sessions, {"name": old})  # a template must have none
        conn.execute(text(f'CREATE DATABASE "{new}" TEMPLATE "{old}"'))


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test, migrated to the newest schema."""
    with module_db_url(tmp_path) as url:
        yield url


@pytest.fixture
def empty_db_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test, without a table: for the migrations themselves."""
    with module_db_url(tmp_path, empty=True) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh, migrated database."""
    eng = open_engine(db_url)
    yield eng
    eng.dispose()


DB_FIXTURES = {"db_url", "empty_db_url", "engine"}


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
