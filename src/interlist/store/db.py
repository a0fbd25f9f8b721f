"""The store in one place: engine, migrations and the few SQLite/PostgreSQL differences.

``open_engine(url)`` returns a SQLAlchemy engine for SQLite (the embedded
default, WAL mode) or PostgreSQL (production) and brings the schema up to
date with Alembic. Everything else uses SQLAlchemy Core on that engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from interlist.errors import StoreError
from interlist.settings import normalize_db_url

MIGRATIONS = Path(__file__).parent / "migrations"
CHUNK = 5000


def open_engine(url: str, migrate: bool = True) -> Engine:
    """An engine for the database at `url`, its schema migrated to the newest version."""
    url = normalize_db_url(url)
    try:
        engine = _create(url)
        if migrate:
            upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {_safe(url)}: {exc.__class__.__name__}") from exc
    return engine


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-64000")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied (on every branch: features add
    their tables in migrations of their own that may branch from the same parent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")


def is_postgres(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows in chunks (executemany; PostgreSQL batches them with insertmanyvalues)."""
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), list(rows[start : start + CHUNK]))


def chunked(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    """Split an iterable into lists of at most `size` items (for IN clauses)."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url
